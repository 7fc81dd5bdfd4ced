import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { powerOff } from './bring-up.js';
import { builtCluster } from './cluster-add.js';
import { clusterDir, writeClusterRecord } from './cluster-record.js';
import type { ClusterContext } from './context.js';
import { ClusterStateError } from './errors.js';
import { bringUpHosts } from './bring-up.js';
import { firstControlPlane, poolHosts, checkPasswords, writeInventory } from './build.js';
import { stopIfInterrupted, untilAborted } from './interrupt.js';
import { markRemoved } from './membership.js';
import type { ClusterSpec } from './model.js';

/** Run on the leaving host only: no drain (the node may be gone), kubeadm undoes its join/init. */
const RESET_PLAYBOOK = `---
# Written by kplay cluster remove: the host leaves the cluster.
- name: Leave the cluster
  hosts: all
  gather_facts: false
  become: true
  tasks:
    - name: kubeadm reset
      ansible.builtin.command: kubeadm reset --force
`;

export interface RemoveResult {
  readonly host: string;
  readonly inventory: string;
}

/**
 * `kplay cluster remove HOST`: `kubeadm reset --force` on the host, then powered off and
 * recorded as `ready` (free for another cluster). The first control plane cannot leave
 * while others depend on it. A failed reset changes nothing.
 */
export async function clusterRemove(ctx: ClusterContext, spec: ClusterSpec, host: string): Promise<RemoveResult> {
  checkPasswords(ctx, poolHosts(ctx, spec));
  const current = builtCluster(ctx, spec);
  const member = current.members.find((m) => m.host === host);
  if (!member) throw new ClusterStateError(`${host} is not a member of cluster ${spec.name} (members: ${current.members.map((m) => m.host).join(', ')})`);
  if (host === firstControlPlane(current.members) && current.members.length > 1) {
    throw new ClusterStateError(`${host} is the first control plane of cluster ${spec.name}: it holds the cluster's join data; remove the other members first`);
  }
  const down = await bringUpHosts(ctx, [ctx.pools.host(host)]);
  stopIfInterrupted(ctx.signal, `${host} is still a member of cluster ${spec.name}; nothing was changed`);
  if (down[0]) throw new ClusterStateError(`${host}: ${down[0].error}; nothing was changed`);
  const playbook = join(clusterDir(ctx.projectDir, spec.name), 'reset.yml');
  writeFileSync(playbook, RESET_PLAYBOOK);
  const inventory = writeInventory(ctx, spec, current.members);
  ctx.log?.(`${host}: kubeadm reset`);
  const run = ctx.runPlaybook({ playbook, inventory, limit: host, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  const code = await untilAborted(run, ctx.signal).catch((e: unknown) => {
    stopIfInterrupted(ctx.signal, `kubeadm reset on ${host} did not finish; it is still a member of cluster ${spec.name} (rerun kplay cluster remove)`);
    throw e;
  });
  if (code !== 0) throw new ClusterStateError(`kubeadm reset failed on ${host} (exit ${code}); it is still a member of cluster ${spec.name}`);
  await powerOff(ctx, ctx.pools.host(host));
  ctx.log?.(`${host}: powered off`);
  const members = current.members.filter((m) => m.host !== host);
  await ctx.store.withLock((tx) => {
    markRemoved({ tx, cluster: spec.name, pool: spec.pool, ...(ctx.runId ? { runId: ctx.runId } : {}) }, host);
    writeClusterRecord(ctx.projectDir, { ...current, members, updated: new Date().toISOString() });
  });
  return { host, inventory: writeInventory(ctx, spec, members) };
}
