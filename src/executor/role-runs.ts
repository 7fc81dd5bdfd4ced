import type { HostStatus } from '../callback/events.js';
import type { RoleInfo } from '../playbook/model.js';

/**
 * Which hosts have run which role object (Ansible's Role._had_task_run and _completed): a host
 * that ran a task of a role and reached its closing role_complete has run it, and skips that
 * role object's tasks from then on, unless it allows duplicates.
 */
export class RoleRuns {
  private readonly ran = new Map<string, Set<string>>();
  private readonly completed = new Map<string, Set<string>>();

  private static mark(map: Map<string, Set<string>>, key: string, host: string): void {
    const set = map.get(key) ?? new Set<string>();
    set.add(host);
    map.set(key, set);
  }

  /** A task of the role was ok, changed or failed for the host (skipped and unreachable do not count). */
  taskDone(role: RoleInfo | undefined, host: string, status: HostStatus): void {
    if (role?.instance === undefined || status === 'skipped' || status === 'unreachable') return;
    RoleRuns.mark(this.ran, role.instance, host);
  }

  /** The role's implicit `meta: role_complete`. */
  complete(role: RoleInfo | undefined, host: string): void {
    if (role?.instance === undefined || !this.ran.get(role.instance)?.has(host)) return;
    RoleRuns.mark(this.completed, role.instance, host);
  }

  /** Role.has_run: the host has run this role object and it does not allow duplicates. */
  hasRun(role: RoleInfo | undefined, host: string): boolean {
    if (role?.instance === undefined || role.allowDuplicates === true) return false;
    return this.completed.get(role.instance)?.has(host) ?? false;
  }
}
