import type { HostRecord, HostStateTransaction } from '../provision/store/index.js';

/** The reason prefix of a host whose build for `cluster` failed: such hosts may be taken again by it. */
export function failurePrefix(cluster: string): string {
  return `cluster ${cluster}: `;
}

export function failedFor(cluster: string, rec: HostRecord | undefined): boolean {
  return rec?.status.state === 'error' && rec.status.reason.startsWith(failurePrefix(cluster));
}

interface Marking {
  readonly tx: HostStateTransaction;
  readonly cluster: string;
  readonly pool: string;
  readonly runId?: string;
}

function runIdOf(m: Marking): { runId?: string } {
  return m.runId ? { runId: m.runId } : {};
}

/** provisioned/ready/error (a failed build of this cluster) → in-cluster; already in it: left alone. */
export function markInCluster(m: Marking, host: string): void {
  const cur = m.tx.get(host);
  const st = cur?.status;
  if (st?.state === 'in-cluster' && st.cluster === m.cluster) return;
  if (st?.state === 'provisioned' || st?.state === 'error') m.tx.transition({ host, to: { state: 'ready' }, reason: `joining cluster ${m.cluster}`, ...runIdOf(m) });
  m.tx.transition({ host, to: { state: 'in-cluster', cluster: m.cluster }, reason: `cluster ${m.cluster} built`, ...runIdOf(m) });
}

/** A failed build: the host goes to `error` with the cluster and the reason, unless it was already a member (false). */
export function markFailed(m: Marking, host: string, reason: string): boolean {
  const st = m.tx.get(host)?.status;
  if (st?.state === 'in-cluster' && st.cluster === m.cluster) return false;
  // The store has no error → error: a retry that fails again passes through ready.
  if (st?.state === 'error') m.tx.transition({ host, to: { state: 'ready' }, reason: `retrying cluster ${m.cluster}`, ...runIdOf(m) });
  m.tx.transition({ host, to: { state: 'error', reason: `${failurePrefix(m.cluster)}${reason}` }, ...runIdOf(m) });
  return true;
}

/** Removed from the cluster: in-cluster → ready. */
export function markRemoved(m: Marking, host: string): void {
  const st = m.tx.get(host)?.status;
  if (st?.state === 'ready') return;
  m.tx.transition({ host, to: { state: 'ready' }, reason: `removed from cluster ${m.cluster}`, ...runIdOf(m) });
}
