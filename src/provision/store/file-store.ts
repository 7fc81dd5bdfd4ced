import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsyncDir, removeDeadTemps, writeFileAtomic } from './atomic-write.js';
import { LockLostError, StoreError } from './errors.js';
import { LockFile } from './lock-file.js';
import type { HostRecord, TransitionRequest } from './model.js';
import { processAlive } from './process-info.js';
import { SCHEMA_VERSION, STATE_KIND, readDocument, serializeDocument, type StateDocument } from './state-file.js';
import type { HostStateStore, HostStateTransaction } from './store.js';
import { MemoryTransaction } from './transaction.js';

export interface FileStoreOptions {
  /** Default 30 s. */
  readonly lockTimeoutMs?: number;
  /** Default 2 s; see LockOptions.staleGraceMs. */
  readonly staleLockGraceMs?: number;
  /** Transitions kept per host, newest last. Default 100. */
  readonly historyLimit?: number;
  /** Recorded on transitions that name no run. */
  readonly runId?: string;
  readonly now?: () => Date;
}

/** Lock files the current async call chain holds: a nested withLock would wait for itself. */
const heldHere = new AsyncLocalStorage<ReadonlySet<string>>();

/** `.kplay/state/hosts.json` under the project directory. */
export function defaultStorePath(projectDir: string): string {
  return join(projectDir, '.kplay', 'state', 'hosts.json');
}

/** The embedded store of a project (the directory holding `.kplay/`). */
export function openHostStateStore(projectDir: string, opts: FileStoreOptions = {}): FileHostStateStore {
  return new FileHostStateStore(defaultStorePath(projectDir), opts);
}

/**
 * Host states in one JSON file. Each write replaces the file atomically (temp + fsync +
 * rename + fsync of the directory) under `<file>.lock`, so readers never need the lock and
 * a killed writer leaves the old or the new content, never a mix.
 */
export class FileHostStateStore implements HostStateStore {
  readonly lockPath: string;
  private readonly lock: LockFile;
  private readonly now: () => Date;

  constructor(
    readonly path: string,
    private readonly opts: FileStoreOptions = {},
  ) {
    this.lockPath = `${path}.lock`;
    this.lock = new LockFile(this.lockPath, { timeoutMs: opts.lockTimeoutMs ?? 30_000, staleGraceMs: opts.staleLockGraceMs ?? 2_000 });
    this.now = opts.now ?? (() => new Date());
  }

  async get(host: string): Promise<HostRecord | undefined> {
    return readDocument(this.path).hosts[host];
  }

  async list(): Promise<HostRecord[]> {
    return Object.values(readDocument(this.path).hosts).sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  }

  /** The whole file as last written (revision 0 when there is none yet). */
  async snapshot(): Promise<StateDocument> {
    return readDocument(this.path);
  }

  transition(req: TransitionRequest): Promise<HostRecord> {
    return this.withLock((tx) => tx.transition(req));
  }

  async withLock<T>(fn: (tx: HostStateTransaction) => T | Promise<T>): Promise<T> {
    const outer = heldHere.getStore() ?? new Set<string>();
    if (outer.has(this.lockPath)) {
      throw new StoreError('withLock is not reentrant: use the transaction the outer withLock gave you', 'KPLAY_STATE_REENTRANT');
    }
    return heldHere.run(new Set([...outer, this.lockPath]), () => this.locked(fn));
  }

  private async locked<T>(fn: (tx: HostStateTransaction) => T | Promise<T>): Promise<T> {
    this.ensureDir();
    const held = await this.lock.acquire();
    try {
      removeDeadTemps(this.path, (pid) => !processAlive(pid, null));
      const doc = readDocument(this.path);
      const tx = new MemoryTransaction(doc.hosts, {
        now: this.now,
        historyLimit: this.opts.historyLimit ?? 100,
        ...(this.opts.runId !== undefined ? { runId: this.opts.runId } : {}),
      });
      let result: T;
      try {
        result = await fn(tx);
      } catch (e) {
        tx.close(); // a transaction kept past its callback must not be used
        throw e;
      }
      const hosts = tx.close();
      if (tx.changed) {
        const next: StateDocument = { kind: STATE_KIND, schemaVersion: SCHEMA_VERSION, revision: doc.revision + 1, updatedAt: this.now().toISOString(), hosts };
        const text = serializeDocument(next);
        if (!held.stillHeld()) throw new LockLostError(this.lockPath);
        writeFileAtomic(this.path, text);
      }
      return result;
    } finally {
      held.release();
    }
  }

  private ensureDir(): void {
    const dir = dirname(this.path);
    if (existsSync(dir)) return;
    const first = mkdirSync(dir, { recursive: true });
    // Make each new directory's entry durable in its parent.
    for (let d = dir; first !== undefined && d.length >= first.length; d = dirname(d)) fsyncDir(dirname(d));
  }
}
