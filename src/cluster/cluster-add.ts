import { readClusterRecord, writeClusterRecord } from './cluster-record.js';
import type { ClusterContext } from './context.js';
import { ClusterStateError } from './errors.js';
import { checkPasswords, firstControlPlane, pickHosts, poolHosts, runBuild, type BuildPlan, type BuildResult } from './build.js';
import type { ClusterRecord, ClusterSpec } from './model.js';

/** The recorded cluster, built: what add/remove/repair start from. */
export function builtCluster(ctx: ClusterContext, spec: ClusterSpec): ClusterRecord {
  const r = readClusterRecord(ctx.projectDir, spec.name);
  if (!r) throw new ClusterStateError(`cluster ${spec.name} has not been built: run kplay cluster up ${spec.file}`);
  if (r.status !== 'ready') throw new ClusterStateError(`cluster ${spec.name} is ${r.status}${r.error ? ` (${r.error})` : ''}: run kplay cluster up ${spec.file} first`);
  return r;
}

/**
 * `kplay cluster add --workers N`: N more workers picked as `up` picks them. The run is
 * limited to the new hosts and the first control plane (it hands out the join command;
 * its tasks there are idempotent), so existing nodes are not touched.
 */
export async function clusterAddWorkers(ctx: ClusterContext, spec: ClusterSpec, workers: number): Promise<BuildResult> {
  const hosts = poolHosts(ctx, spec);
  checkPasswords(ctx, hosts);
  const plan = await ctx.store.withLock((tx): BuildPlan => {
    const current = builtCluster(ctx, spec);
    const first = firstControlPlane(current.members);
    if (!first) throw new ClusterStateError(`cluster ${spec.name} has no control plane on record`);
    const added = pickHosts(ctx, spec, hosts, tx.list(), { controlPlanes: 0, workers, storage: { kind: 'none' } });
    const members = [...current.members.filter((m) => m.role !== 'storage'), ...added, ...current.members.filter((m) => m.role === 'storage')];
    writeClusterRecord(ctx.projectDir, { ...current, status: 'building', members, updated: new Date().toISOString() });
    for (const m of added) ctx.log?.(`${m.host}: ${m.role} (new)`);
    const joining = added.map((m) => m.host);
    return { members, joining, alsoUp: [first], limit: [first, ...joining].join(','), previous: current };
  });
  return runBuild(ctx, spec, plan);
}
