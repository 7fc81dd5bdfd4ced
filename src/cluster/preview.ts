import { pickHosts, poolHosts } from './build.js';
import { grownMembers } from './cluster-add.js';
import { readClusterRecord } from './cluster-record.js';
import type { ClusterContext } from './context.js';
import { buildInventory, renderInventory } from './inventory.js';
import type { ClusterMember, ClusterSpec } from './model.js';
import { growthFor } from './spec-change.js';

/**
 * `kplay cluster inventory`: the inventory as text, touching nothing (no host, no state, no
 * file). A built cluster shows its members and those a higher count in cluster.yml would add
 * (a lower one is the error `up` gives); otherwise the hosts `up` would pick now.
 */
export async function previewInventory(ctx: Pick<ClusterContext, 'projectDir' | 'pools' | 'store'>, spec: ClusterSpec): Promise<{ text: string; members: readonly ClusterMember[]; built: boolean }> {
  const hosts = poolHosts(ctx, spec);
  const record = readClusterRecord(ctx.projectDir, spec.name);
  let members: readonly ClusterMember[];
  if (record?.status === 'ready') {
    // What `up` would make of it: the members, plus the hosts a higher count would add.
    const more = growthFor(spec, record);
    const added = more.controlPlanes + more.workers > 0 ? pickHosts(ctx, spec, hosts, await ctx.store.list(), { ...more, storage: { kind: 'none' } }) : [];
    members = grownMembers(record.members, added);
  } else {
    members = pickHosts(ctx, spec, hosts, await ctx.store.list(), spec);
  }
  const inventory = buildInventory(spec, members, (name) => ctx.pools.host(name));
  return { text: renderInventory(spec, inventory), members, built: record?.status === 'ready' };
}
