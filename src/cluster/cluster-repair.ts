import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bringUpHosts } from './bring-up.js';
import { builtCluster } from './cluster-add.js';
import type { ClusterContext } from './context.js';
import { ClusterBuildError, ClusterStateError } from './errors.js';
import { checkPasswords, firstControlPlane, poolHosts, writeInventory } from './build.js';
import { stopIfInterrupted, untilAborted } from './interrupt.js';
import type { ClusterSpec } from './model.js';

/** Roles whose tasks on a joining node need the first control plane in the same run (the join command). */
const NEEDS_FIRST_CONTROL_PLANE = new Set(['kubeadm_join']);

function roleExists(playbook: string, role: string): boolean {
  const dir = dirname(playbook);
  return existsSync(join(dir, 'roles', role)) || existsSync(join(dir, '..', 'roles', role));
}

export interface RepairResult {
  readonly host: string;
  readonly limit: string;
  readonly tags: readonly string[];
}

/**
 * `kplay cluster repair HOST [--role R]`: reruns the content (every role, or the one
 * tagged R) on one member. The roles are idempotent, so a healthy host reports ok; the
 * first control plane joins the run when the host may have to join again.
 */
export async function clusterRepair(ctx: ClusterContext, spec: ClusterSpec, host: string, role?: string): Promise<RepairResult> {
  checkPasswords(ctx, poolHosts(ctx, spec));
  const current = builtCluster(ctx, spec);
  if (!current.members.some((m) => m.host === host)) {
    throw new ClusterStateError(`${host} is not a member of cluster ${spec.name} (members: ${current.members.map((m) => m.host).join(', ')})`);
  }
  const playbook = spec.playbook ?? ctx.defaultPlaybook;
  if (role !== undefined && !roleExists(playbook, role)) throw new ClusterStateError(`no role '${role}' beside ${playbook}`);
  const first = firstControlPlane(current.members);
  const withFirst = first !== undefined && first !== host && (role === undefined || NEEDS_FIRST_CONTROL_PLANE.has(role));
  const limit = withFirst ? `${host},${first}` : host;
  const tags = role === undefined ? [] : role === 'kubeadm_join' ? ['kubeadm_init', 'kubeadm_join'] : [role];
  const down = await bringUpHosts(ctx, [ctx.pools.host(host)]);
  stopIfInterrupted(ctx.signal, `${host} was not changed`);
  if (down[0]) throw new ClusterStateError(`${host}: ${down[0].error}`);
  const inventory = writeInventory(ctx, spec, current.members);
  ctx.log?.(`repairing ${host}: ${playbook} --limit ${limit}${tags.length ? ` --tags ${tags.join(',')}` : ''}`);
  const run = ctx.runPlaybook({ playbook, inventory, limit, ...(tags.length ? { tags } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
  const code = await untilAborted(run, ctx.signal).catch((e: unknown) => {
    stopIfInterrupted(ctx.signal, `the repair of ${host} did not finish; it stays a member of cluster ${spec.name}`);
    throw e;
  });
  if (code !== 0) throw new ClusterBuildError(`repair of ${host} failed (exit ${code}); it stays a member of cluster ${spec.name}`, code);
  return { host, limit, tags };
}
