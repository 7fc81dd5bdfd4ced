import { readClusterRecord, writeClusterRecord } from './cluster-record.js';
import type { ClusterContext } from './context.js';
import { ClusterStateError } from './errors.js';
import { checkPasswords, pickHosts, poolHosts, runBuild, type BuildPlan, type BuildResult } from './build.js';
import { growPlan } from './cluster-add.js';
import { abandoned, currentOwner } from './interrupt.js';
import type { ClusterMember, ClusterRecord, ClusterSpec } from './model.js';
import { growthFor } from './spec-change.js';
import type { HostRecord } from '../provision/store/model.js';

/**
 * A `building` record whose process died (kill -9): the members the store has in this
 * cluster are the built cluster (a grow that was killed); none: nothing was built.
 */
function recovered(r: ClusterRecord, records: readonly HostRecord[]): ClusterRecord | undefined {
  const inCluster = new Set(records.filter((h) => h.status.state === 'in-cluster' && h.status.cluster === r.name).map((h) => h.host));
  const members: ClusterMember[] = r.members.filter((m) => inCluster.has(m.host));
  if (members.length === 0) return undefined;
  const { owner: _owner, ...rest } = r;
  return { ...rest, status: 'ready', members };
}

/**
 * `kplay cluster up`: picks the hosts, powers them on, waits for SSH, writes the inventory
 * and runs the playbook; hosts become `in-cluster` only when the run succeeds. On a built
 * cluster it follows cluster.yml: the same numbers rerun the content on the members (a
 * converge, nothing new is picked); higher numbers add control planes and workers as `add`
 * does; lower numbers are an error (see growthFor).
 */
export async function clusterUp(ctx: ClusterContext, spec: ClusterSpec): Promise<BuildResult> {
  const hosts = poolHosts(ctx, spec);
  checkPasswords(ctx, hosts);
  const plan = await ctx.store.withLock((tx): BuildPlan => {
    let existing = readClusterRecord(ctx.projectDir, spec.name);
    if (existing && existing.pool !== spec.pool) throw new ClusterStateError(`cluster ${spec.name} was built from pool ${existing.pool}, not ${spec.pool}`);
    // A record without an owner predates owners: its build is taken over as before.
    if (existing?.status === 'building' && existing.owner && !abandoned(existing)) {
      const { pid, hostname } = existing.owner;
      throw new ClusterStateError(`cluster ${spec.name} is being built by process ${pid} on ${hostname} (since ${existing.updated}); wait for it, or stop it with Ctrl-C`);
    }
    if (existing && abandoned(existing)) {
      ctx.log?.(`cluster ${spec.name}: the build of process ${existing.owner?.pid ?? '?'} did not finish (killed); taking over`);
      existing = recovered(existing, tx.list());
    }
    if (existing?.status === 'ready') {
      const more = growthFor(spec, existing);
      if (more.controlPlanes > 0 || more.workers > 0) {
        ctx.log?.(`cluster ${spec.name}: cluster.yml asks for ${more.controlPlanes} more control plane(s) and ${more.workers} more worker(s)`);
        return growPlan(ctx, spec, existing, hosts, tx.list(), more);
      }
      ctx.log?.(`cluster ${spec.name} exists: rerunning the content on its ${existing.members.length} members`);
      return { members: existing.members, joining: existing.members.map((m) => m.host), alsoUp: [], previous: existing };
    }
    const members = pickHosts(ctx, spec, hosts, tx.list(), spec);
    writeClusterRecord(ctx.projectDir, { name: spec.name, pool: spec.pool, status: 'building', members, owner: currentOwner(), updated: new Date().toISOString() });
    for (const m of members) ctx.log?.(`${m.host}: ${m.role}`);
    return { members, joining: members.map((m) => m.host), alsoUp: [] };
  });
  return runBuild(ctx, spec, plan);
}
