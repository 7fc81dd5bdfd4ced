export { provisionHosts, selectHosts, type ProvisionRunOptions, type RunningBootServices } from './provision-run.js';
export { provisionHost, type HostProvisionContext } from './provision-host.js';
export { powerHosts, releaseHosts, type PowerResult, type PowerRunOptions } from './power-run.js';
export { claimForProvisioning, type Claim } from './claim.js';
export { waitForSsh, probeSsh, type SshTarget, type SshIdentity } from './ssh-wait.js';
export { ProvisionStepError, InterruptedError } from './errors.js';
export * from './events.js';
