import { readClusterRecord, writeClusterRecord } from './cluster-record.js';
import type { ClusterContext } from './context.js';
import { ClusterStateError } from './errors.js';
import { checkPasswords, pickHosts, poolHosts, runBuild, type BuildPlan, type BuildResult } from './build.js';
import type { ClusterRecord, ClusterSpec } from './model.js';

function count(r: ClusterRecord, role: 'control-plane' | 'worker' | 'storage'): number {
  return r.members.filter((m) => m.role === role).length;
}

/** A built cluster whose spec now asks for other numbers: `add`/`remove` change it, not `up`. */
function checkSameShape(spec: ClusterSpec, r: ClusterRecord): void {
  const cps = count(r, 'control-plane');
  const workers = count(r, 'worker');
  if (cps !== spec.controlPlanes) {
    throw new ClusterStateError(`cluster ${spec.name} was built with ${cps} control plane(s); cluster.yml now asks for ${spec.controlPlanes}: changing control planes is not supported (build a new cluster)`);
  }
  if (workers < spec.workers) {
    throw new ClusterStateError(`cluster ${spec.name} has ${workers} worker(s) and cluster.yml asks for ${spec.workers}: run kplay cluster add ${spec.file} --workers ${spec.workers - workers}`);
  }
}

/**
 * `kplay cluster up`: picks the hosts (or, for a cluster already built, takes its members
 * again and reruns the content: a converge), powers them on, waits for SSH, writes the
 * inventory and runs the playbook. Hosts become `in-cluster` only when the run succeeds.
 */
export async function clusterUp(ctx: ClusterContext, spec: ClusterSpec): Promise<BuildResult> {
  const hosts = poolHosts(ctx, spec);
  checkPasswords(ctx, hosts);
  const plan = await ctx.store.withLock((tx): BuildPlan => {
    const existing = readClusterRecord(ctx.projectDir, spec.name);
    if (existing && existing.pool !== spec.pool) throw new ClusterStateError(`cluster ${spec.name} was built from pool ${existing.pool}, not ${spec.pool}`);
    if (existing?.status === 'ready') {
      checkSameShape(spec, existing);
      ctx.log?.(`cluster ${spec.name} exists: rerunning the content on its ${existing.members.length} members`);
      return { members: existing.members, joining: existing.members.map((m) => m.host), alsoUp: [], previous: existing };
    }
    const members = pickHosts(ctx, spec, hosts, tx.list(), spec);
    writeClusterRecord(ctx.projectDir, { name: spec.name, pool: spec.pool, status: 'building', members, updated: new Date().toISOString() });
    for (const m of members) ctx.log?.(`${m.host}: ${m.role}`);
    return { members, joining: members.map((m) => m.host), alsoUp: [] };
  });
  return runBuild(ctx, spec, plan);
}
