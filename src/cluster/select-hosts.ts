import type { HostRole, PoolHost } from '../provision/pools/model.js';
import type { HostRecord } from '../provision/store/model.js';
import { NotEnoughHostsError } from './errors.js';
import type { ClusterMember, StorageRequest } from './model.js';

export interface SelectionRequest {
  readonly cluster: string;
  readonly pool: string;
  /** The pool's hosts (any order: selection goes by `order`). */
  readonly hosts: readonly PoolHost[];
  readonly records: ReadonlyMap<string, HostRecord>;
  /** Hosts another cluster has taken or is building on: host → that cluster. */
  readonly claimedBy?: ReadonlyMap<string, string>;
  /** Hosts this cluster's own failed build left in `error`: they may be taken again. */
  readonly retry?: ReadonlySet<string>;
  readonly controlPlanes: number;
  readonly workers: number;
  readonly storage: StorageRequest;
}

const ELIGIBLE_STATES: ReadonlySet<string> = new Set(['ready', 'provisioned']);

/** Why a host cannot be taken, or undefined when it can. */
function unavailable(h: PoolHost, req: SelectionRequest): string | undefined {
  const rec = req.records.get(h.name);
  if (rec?.status.state === 'in-cluster') return `in-cluster ${rec.status.cluster}`;
  const other = req.claimedBy?.get(h.name);
  if (other !== undefined && other !== req.cluster) return `taken by cluster ${other}`;
  if (!rec) return 'not in the state store: run kplay pool provision';
  if (ELIGIBLE_STATES.has(rec.status.state)) return undefined;
  if (rec.status.state === 'error' && req.retry?.has(h.name)) return undefined;
  if (rec.status.state === 'error') return `error: ${rec.status.reason}`;
  return rec.status.state;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Picks the hosts for a cluster: control planes from `control-plane` hosts, workers from
 * `worker` hosts, each by ascending `order`; `any` hosts then fill what is short (control
 * planes first, then workers, then a storage host after `storage` ones). A host is
 * eligible when its state is `ready` or `provisioned` and no other cluster holds it.
 * Throws NotEnoughHostsError, naming what is short and why the other hosts were left out.
 */
export function selectClusterHosts(req: SelectionRequest): ClusterMember[] {
  const sorted = [...req.hosts].sort((a, b) => a.order - b.order);
  const skipped: string[] = [];
  const free: PoolHost[] = [];
  for (const h of sorted) {
    const why = unavailable(h, req);
    if (why === undefined) free.push(h);
    else skipped.push(`${h.name} (${why})`);
  }
  const taken = new Set<string>();
  const take = (role: HostRole, n: number): PoolHost[] => {
    const out = free.filter((h) => h.role === role && !taken.has(h.name)).slice(0, n);
    for (const h of out) taken.add(h.name);
    return out;
  };
  let storage: PoolHost[] = [];
  if (req.storage.kind === 'host') {
    const name = req.storage.host;
    const host = sorted.find((h) => h.name === name);
    if (!host) throw new NotEnoughHostsError(`storage host '${name}' is not in pool ${req.pool}`);
    if (!free.includes(host)) throw new NotEnoughHostsError(`storage host '${name}' cannot be taken: ${unavailable(host, req) ?? 'unavailable'}`);
    taken.add(name);
    storage = [host];
  }
  const cps = take('control-plane', req.controlPlanes);
  const workers = take('worker', req.workers);
  cps.push(...take('any', req.controlPlanes - cps.length));
  workers.push(...take('any', req.workers - workers.length));
  if (req.storage.kind === 'pick') storage = [...take('storage', 1), ...take('any', 1)].slice(0, 1);
  const short: string[] = [];
  if (cps.length < req.controlPlanes) short.push(`${plural(req.controlPlanes - cps.length, 'control plane')} (hosts with role control-plane or any)`);
  if (workers.length < req.workers) short.push(`${plural(req.workers - workers.length, 'worker')} (hosts with role worker or any)`);
  if (req.storage.kind === 'pick' && storage.length === 0) short.push('a storage host (role storage or any)');
  if (short.length > 0) {
    const wanted = [plural(req.controlPlanes, 'control plane'), plural(req.workers, 'worker'), ...(req.storage.kind === 'none' ? [] : ['a storage host'])].join(', ');
    const eligible = free.length ? free.map((h) => `${h.name} (${h.role})`).join(', ') : 'none';
    throw new NotEnoughHostsError(
      `pool ${req.pool} has not enough hosts for cluster ${req.cluster}: it needs ${wanted}, and is short of ${short.join(' and ')}.\n` +
        `  eligible (ready or provisioned): ${eligible}\n` +
        `  not eligible: ${skipped.length ? skipped.join(', ') : 'none'}\n` +
        `Nothing was changed.`,
    );
  }
  const byOrder = (a: PoolHost, b: PoolHost): number => a.order - b.order;
  return [
    ...cps.sort(byOrder).map((h) => ({ host: h.name, role: 'control-plane' as const })),
    ...workers.sort(byOrder).map((h) => ({ host: h.name, role: 'worker' as const })),
    ...storage.map((h) => ({ host: h.name, role: 'storage' as const })),
  ];
}
