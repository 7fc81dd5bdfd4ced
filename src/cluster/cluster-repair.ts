import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bringUpHosts } from './bring-up.js';
import { builtCluster } from './cluster-add.js';
import type { ClusterContext } from './context.js';
import { ClusterBuildError, ClusterStateError } from './errors.js';
import { checkPasswords, firstControlPlane, poolHosts, writeInventory } from './build.js';
import { stopIfInterrupted, untilAborted } from './interrupt.js';
import type { ClusterSpec } from './model.js';

/**
 * Roles that need another role first on the first control plane in the same run: a node
 * joining again needs the join command kubeadm_init hands out (its tasks act only there).
 */
const RUN_FIRST_ON_FIRST_CONTROL_PLANE: Readonly<Record<string, string>> = { kubeadm_join: 'kubeadm_init' };

/** The roles a role play beside the playbook finds (Ansible's playbook_dir/roles). */
function knownRoles(playbook: string): string[] {
  const dir = join(dirname(playbook), 'roles');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

export interface RepairResult {
  readonly host: string;
  readonly limit: string;
  /** The roles run (`--role`); empty: the whole playbook ran. */
  readonly roles: readonly string[];
}

/**
 * `kplay cluster repair HOST [--role R]`: reruns the playbook, or role R alone (as `kplay
 * role R -b`, whether or not the playbook tags it), on one member. The roles are idempotent,
 * so a healthy host reports ok; the first control plane joins the run when the host may
 * have to join again.
 */
export async function clusterRepair(ctx: ClusterContext, spec: ClusterSpec, host: string, role?: string): Promise<RepairResult> {
  checkPasswords(ctx, poolHosts(ctx, spec));
  const current = builtCluster(ctx, spec);
  if (!current.members.some((m) => m.host === host)) {
    throw new ClusterStateError(`${host} is not a member of cluster ${spec.name} (members: ${current.members.map((m) => m.host).join(', ')})`);
  }
  const playbook = spec.playbook ?? ctx.defaultPlaybook;
  if (role !== undefined) {
    const known = knownRoles(playbook);
    if (!known.includes(role)) {
      const where = join(dirname(playbook), 'roles');
      throw new ClusterStateError(`no role '${role}' in ${where} (${known.length ? `roles: ${known.join(', ')}` : 'no roles there'})`);
    }
  }
  const first = firstControlPlane(current.members);
  const before = role === undefined ? undefined : RUN_FIRST_ON_FIRST_CONTROL_PLANE[role];
  const withFirst = first !== undefined && first !== host && (role === undefined || before !== undefined);
  const limit = withFirst ? `${host},${first}` : host;
  const roles = role === undefined ? [] : withFirst && before ? [before, role] : [role];
  const down = await bringUpHosts(ctx, [ctx.pools.host(host)]);
  stopIfInterrupted(ctx.signal, `${host} was not changed`);
  if (down[0]) throw new ClusterStateError(`${host}: ${down[0].error}`);
  const inventory = writeInventory(ctx, spec, current.members);
  ctx.log?.(`repairing ${host}: ${roles.length ? `role ${roles.join(', ')} beside ${playbook}` : playbook} --limit ${limit}`);
  const run = ctx.runPlaybook({ playbook, inventory, limit, ...(roles.length ? { roles } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
  const code = await untilAborted(run, ctx.signal).catch((e: unknown) => {
    stopIfInterrupted(ctx.signal, `the repair of ${host} did not finish; it stays a member of cluster ${spec.name}`);
    throw e;
  });
  if (code !== 0) throw new ClusterBuildError(`repair of ${host} failed (exit ${code}); it stays a member of cluster ${spec.name}`, code);
  return { host, limit, roles };
}
