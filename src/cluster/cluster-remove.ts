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

/**
 * Run limited to the leaving host: no drain (the node may be gone); kubeadm undoes its
 * join/init (a control plane leaves etcd), then the first control plane forgets the Node
 * object. The storage (NFS) host is no node: it is only powered off. That last step may fail (API down) without failing the removal: the reset is done.
 */
const RESET_PLAYBOOK = `---
# Written by kplay cluster remove: the host leaves the cluster.
- name: Leave the cluster
  hosts: all
  gather_facts: false
  become: true
  tasks:
    - name: kubeadm reset
      ansible.builtin.command: kubeadm reset --force
      when: inventory_hostname not in groups['nfs']

    - name: Forget the node (on the first control plane)
      ansible.builtin.command: kubectl --kubeconfig /etc/kubernetes/admin.conf delete node {{ inventory_hostname }} --ignore-not-found
      delegate_to: "{{ groups['control_plane'][0] }}"
      when: inventory_hostname not in groups['nfs'] and groups['control_plane'] | length > 0 and inventory_hostname != groups['control_plane'][0]
      failed_when: false
      ignore_unreachable: true
`;

export interface RemoveResult {
  readonly host: string;
  readonly inventory: string;
  /** cluster.yml still asks for the old number: the next `up` would pick a host again. */
  readonly note?: string;
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
  const left = members.filter((m) => m.role === member.role).length;
  const asked = member.role === 'control-plane' ? spec.controlPlanes : member.role === 'worker' ? spec.workers : spec.storage.kind === 'none' ? 0 : 1;
  const field = member.role === 'control-plane' ? 'controlPlanes' : member.role === 'worker' ? 'workers' : 'storage';
  const evenEtcd = member.role === 'control-plane' && left > 1 && left % 2 === 0;
  const note = evenEtcd
    ? `${left} control planes left: an even etcd membership tolerates no more failures than ${left - 1}; remove one more (controlPlanes: ${left - 1}) or let kplay cluster up add one back`
    : asked > left
      ? `${spec.file} still asks for ${asked} (${field}); set ${field}: ${member.role === 'storage' ? 'false' : left} there, or the next kplay cluster up picks a host again`
      : undefined;
  return { host, inventory: writeInventory(ctx, spec, members), ...(note ? { note } : {}) };
}
