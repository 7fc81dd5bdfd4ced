import type { PoolHost } from '../pools/model.js';
import type { HostStateStore } from '../store/store.js';

export type Claim = { readonly claimed: true } | { readonly claimed: false; readonly reason: string };

const DONE = new Set(['provisioned', 'ready']);

/**
 * Moves a host to `provisioning` in one locked step, or says why not: already installed
 * (unless `force`), or in a cluster. A host left in `provisioning` by a run that died
 * (kill -9) goes through `error` first, so its history shows the broken run.
 */
export function claimForProvisioning(store: HostStateStore, host: PoolHost, force: boolean, runId?: string): Promise<Claim> {
  return store.withLock((tx) => {
    const base = { host: host.name, ...(runId ? { runId } : {}) };
    let rec = tx.get(host.name) ?? tx.transition({ ...base, pool: host.pool, to: { state: 'registered' }, reason: 'first seen in pools file' });
    const state = rec.status.state;
    if (state === 'in-cluster') return { claimed: false, reason: `in cluster ${rec.status.state === 'in-cluster' ? rec.status.cluster : ''}: remove it from the cluster first` };
    if (DONE.has(state) && !force) return { claimed: false, reason: `already ${state} (--force reinstalls)` };
    if (state === 'provisioning') rec = tx.transition({ ...base, to: { state: 'error', reason: 'a previous run stopped before it finished' } });
    if (state === 'provisioned') {
      tx.transition({ ...base, to: { state: 'deprovisioning' }, reason: 'reinstall (--force)' });
      rec = tx.transition({ ...base, to: { state: 'registered' } });
    }
    if (rec.status.state === 'deprovisioning') tx.transition({ ...base, to: { state: 'registered' } });
    tx.transition({ ...base, to: { state: 'provisioning' } });
    return { claimed: true };
  });
}
