import { IllegalTransitionError, StoreError, VersionConflictError } from './errors.js';
import { allowedNext, isAllowed, type HostRecord, type HostStatus, type TransitionRecord, type TransitionRequest } from './model.js';
import type { HostStateTransaction } from './store.js';

export interface TransactionOptions {
  readonly now: () => Date;
  readonly historyLimit: number;
  /** Used when a request names no run. */
  readonly runId?: string;
}

/** The in-memory side of a transaction, shared by every backend that can hold a snapshot. */
export class MemoryTransaction implements HostStateTransaction {
  readonly #hosts: Map<string, HostRecord>;
  #changed = false;
  #closed = false;

  constructor(
    hosts: Readonly<Record<string, HostRecord>>,
    private readonly opts: TransactionOptions,
  ) {
    this.#hosts = new Map(Object.entries(hosts));
  }

  get changed(): boolean {
    return this.#changed;
  }

  /** After commit or abort the transaction refuses further use. */
  close(): Record<string, HostRecord> {
    this.#closed = true;
    return Object.fromEntries([...this.#hosts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  get(host: string): HostRecord | undefined {
    this.open();
    return this.#hosts.get(host);
  }

  list(): HostRecord[] {
    this.open();
    return [...this.#hosts.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  }

  transition(req: TransitionRequest): HostRecord {
    this.open();
    const cur = this.#hosts.get(req.host);
    const from = cur?.status.state ?? null;
    const version = cur?.version ?? 0;
    if (req.expectedVersion !== undefined && req.expectedVersion !== version) {
      throw new VersionConflictError(req.host, req.expectedVersion, version);
    }
    if (!isAllowed(from, req.to.state)) throw new IllegalTransitionError(req.host, from, req.to.state, allowedNext(from));
    const pool = cur?.pool ?? req.pool;
    if (pool === undefined || pool === '') throw new StoreError(`registering host ${req.host} needs its pool`, 'KPLAY_STATE_POOL');
    if (req.pool !== undefined && req.pool !== pool) {
      throw new StoreError(`host ${req.host} is in pool ${pool} in the state store, not ${req.pool}`, 'KPLAY_STATE_POOL');
    }
    const to = plainStatus(req.host, req.to);
    const at = this.opts.now().toISOString();
    const runId = req.runId ?? this.opts.runId;
    const entry: TransitionRecord = {
      at,
      from,
      to,
      ...(req.reason !== undefined ? { reason: req.reason } : {}),
      ...(runId !== undefined ? { runId } : {}),
    };
    const record: HostRecord = {
      host: req.host,
      pool,
      status: to,
      since: at,
      version: version + 1,
      history: [...(cur?.history ?? []), entry].slice(-this.opts.historyLimit),
    };
    this.#hosts.set(req.host, record);
    this.#changed = true;
    return record;
  }

  private open(): void {
    if (this.#closed) throw new StoreError('the transaction is over: use the store inside withLock only', 'KPLAY_STATE_CLOSED');
  }
}

/** A copy with only the fields the state has, each checked. */
function plainStatus(host: string, s: HostStatus): HostStatus {
  if (s.state === 'in-cluster') {
    if (typeof s.cluster !== 'string' || s.cluster === '') throw new StoreError(`host ${host}: in-cluster needs the cluster's name`, 'KPLAY_STATE_ARGS');
    return { state: s.state, cluster: s.cluster };
  }
  if (s.state === 'error') {
    if (typeof s.reason !== 'string' || s.reason === '') throw new StoreError(`host ${host}: error needs a reason`, 'KPLAY_STATE_ARGS');
    return { state: s.state, reason: s.reason };
  }
  return { state: s.state };
}
