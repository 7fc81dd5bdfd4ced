import { readClusterRecord, writeClusterRecord } from './cluster-record.js';
import type { ClusterContext } from './context.js';
import { ClusterStateError } from './errors.js';
import { checkPasswords, firstControlPlane, pickHosts, poolHosts, runBuild, type BuildPlan, type BuildResult } from './build.js';
import { currentOwner } from './interrupt.js';
import type { ClusterMember, ClusterRecord, ClusterSpec, MemberRole } from './model.js';
import type { PoolHost } from '../provision/pools/model.js';
import type { HostRecord } from '../provision/store/model.js';

/** The recorded cluster, built: what add/remove/repair start from. */
export function builtCluster(ctx: ClusterContext, spec: ClusterSpec): ClusterRecord {
  const r = readClusterRecord(ctx.projectDir, spec.name);
  if (!r) throw new ClusterStateError(`cluster ${spec.name} has not been built: run kplay cluster up ${spec.file}`);
  if (r.status !== 'ready') throw new ClusterStateError(`cluster ${spec.name} is ${r.status}${r.error ? ` (${r.error})` : ''}: run kplay cluster up ${spec.file} first`);
  return r;
}

/** The members after a grow: control planes (the first stays first), then workers, then storage. */
export function grownMembers(current: readonly ClusterMember[], added: readonly ClusterMember[]): ClusterMember[] {
  const of = (list: readonly ClusterMember[], role: MemberRole): ClusterMember[] => list.filter((m) => m.role === role);
  return [...of(current, 'control-plane'), ...of(added, 'control-plane'), ...of(current, 'worker'), ...of(added, 'worker'), ...of(current, 'storage')];
}

/**
 * More nodes for a built cluster (`add --workers N`, or `up` with higher counts): picked as
 * `up` picks them, recorded `building` (under the caller's store lock). The run is limited to
 * the new hosts and the first control plane (it hands out the join command and certificate
 * key; its tasks there are idempotent), so existing nodes are not touched.
 */
export function growPlan(
  ctx: ClusterContext,
  spec: ClusterSpec,
  current: ClusterRecord,
  hosts: readonly PoolHost[],
  records: readonly HostRecord[],
  more: { readonly controlPlanes: number; readonly workers: number },
): BuildPlan {
  const first = firstControlPlane(current.members);
  if (!first) throw new ClusterStateError(`cluster ${spec.name} has no control plane on record`);
  const added = pickHosts(ctx, spec, hosts, records, { ...more, storage: { kind: 'none' } });
  const members = grownMembers(current.members, added);
  writeClusterRecord(ctx.projectDir, { ...current, status: 'building', members, owner: currentOwner(), updated: new Date().toISOString() });
  for (const m of added) ctx.log?.(`${m.host}: ${m.role} (new)`);
  const joining = added.map((m) => m.host);
  return { members, joining, alsoUp: [first], limit: [first, ...joining].join(','), previous: current };
}

/** `kplay cluster add --workers N`: N more workers (see growPlan). */
export async function clusterAddWorkers(ctx: ClusterContext, spec: ClusterSpec, workers: number): Promise<BuildResult> {
  const hosts = poolHosts(ctx, spec);
  checkPasswords(ctx, hosts);
  const plan = await ctx.store.withLock((tx): BuildPlan => growPlan(ctx, spec, builtCluster(ctx, spec), hosts, tx.list(), { controlPlanes: 0, workers }));
  return runBuild(ctx, spec, plan);
}
