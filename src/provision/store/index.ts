export * from './model.js';
export * from './errors.js';
export type { HostStateStore, HostStateTransaction } from './store.js';
export { FileHostStateStore, openHostStateStore, defaultStorePath, type FileStoreOptions } from './file-store.js';
export { MemoryTransaction, type TransactionOptions } from './transaction.js';
export { SCHEMA_VERSION, readDocument, serializeDocument, type StateDocument } from './state-file.js';
export { LockFile, HeldLock, type LockOwner, type LockOptions } from './lock-file.js';
