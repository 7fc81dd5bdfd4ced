import type { HostRecord, TransitionRequest } from './model.js';

/**
 * What a transaction sees: a consistent snapshot, changed in memory and written at once
 * when the callback returns (nothing is written if it throws).
 */
export interface HostStateTransaction {
  get(host: string): HostRecord | undefined;
  list(): HostRecord[];
  /** Checks the transition (IllegalTransitionError) and the version (VersionConflictError). */
  transition(req: TransitionRequest): HostRecord;
}

/**
 * The host state store. The embedded default (FileHostStateStore) keeps one JSON file
 * under `.kplay/`, guarded by a lock file. A shared backend for several operators fits
 * behind the same interface: one Kubernetes custom resource per host (status = state,
 * an annotation or status field for history), `version` mapped to metadata.resourceVersion
 * so a stale write fails with a 409 as VersionConflictError does here, and `withLock`
 * held as a coordination.k8s.io Lease.
 */
export interface HostStateStore {
  /** Reads need no lock: writers replace the whole state atomically. */
  get(host: string): Promise<HostRecord | undefined>;
  /** Sorted by host name. */
  list(): Promise<HostRecord[]>;
  /** One transition in its own transaction. */
  transition(req: TransitionRequest): Promise<HostRecord>;
  /**
   * Runs `fn` holding the store's lock, so no other kplay process interleaves (pick hosts
   * and mark them in one step). Keep `fn` short: other processes wait for it. Not reentrant.
   */
  withLock<T>(fn: (tx: HostStateTransaction) => T | Promise<T>): Promise<T>;
}
