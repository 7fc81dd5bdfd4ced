export { loadPools, parsePools, type LoadPoolsOptions } from './load-pools.js';
export { Pools, PoolLookupError } from './pools.js';
export { PoolsError } from './checker.js';
export { BmcPassword, type PasswordSources } from './password.js';
export { parseMac, parseBmcAddress } from './values.js';
export * from './model.js';
export { poolStatusRows, renderPoolStatus, type PoolStatusRow, type PoolStatusOptions } from './status-table.js';
export { parseProvisioning, PROVISIONING_MODES, DEFAULT_HTTP_PORT, type ProvisioningNetwork, type ProvisioningMode, type DeployRamdisk } from './provisioning.js';
