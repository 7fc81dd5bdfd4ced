import { pickHosts, poolHosts } from './build.js';
import { readClusterRecord } from './cluster-record.js';
import type { ClusterContext } from './context.js';
import { buildInventory, renderInventory } from './inventory.js';
import type { ClusterMember, ClusterSpec } from './model.js';

/**
 * `kplay cluster inventory`: the inventory as text, touching nothing (no host, no state, no
 * file). A built cluster shows its members; otherwise the hosts `up` would pick now.
 */
export async function previewInventory(ctx: Pick<ClusterContext, 'projectDir' | 'pools' | 'store'>, spec: ClusterSpec): Promise<{ text: string; members: readonly ClusterMember[]; built: boolean }> {
  const hosts = poolHosts(ctx, spec);
  const record = readClusterRecord(ctx.projectDir, spec.name);
  let members: readonly ClusterMember[];
  if (record?.status === 'ready') members = record.members;
  else {
    members = pickHosts(ctx, spec, hosts, await ctx.store.list(), spec);
  }
  const inventory = buildInventory(spec, members, (name) => ctx.pools.host(name));
  return { text: renderInventory(spec, inventory), members, built: record?.status === 'ready' };
}
