/**
 * A host's inventory-level variables in Ansible's precedence (VariableManager.get_vars with
 * the default VARIABLE_PRECEDENCE), lowest first:
 *   all's inventory vars, other groups' inventory vars (sorted by depth, priority, name),
 *   group_vars/all beside the inventory, group_vars/all beside the playbook,
 *   group_vars/<group> beside the inventory, then beside the playbook,
 *   the host's inventory vars, host_vars/<host> beside the inventory, then the playbook.
 */
import type { Group, Host, Vars } from './group.js';
import type { VarsFiles } from './vars-files.js';

/** sort_groups: by depth, then ansible_group_priority, then name. */
export function sortGroups(groups: Group[]): Group[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface HostVarsContext {
  all: Group;
  /** The host's groups without `all`. */
  groups: Group[];
  host: Host;
  files: VarsFiles;
  /** Directories of the inventory sources (a file's own directory), in source order. */
  inventoryDirs: readonly string[];
  /** Playbook directories whose group_vars/host_vars count too (Ansible's basedir). */
  playbookDirs: readonly string[];
}

/** `{ ...out, ...more }` without the copy: same keys, order and own `__proto__` data keys. */
export function mergeInto(out: Vars, more: Vars): Vars {
  for (const k of Object.keys(more)) {
    if (k === '__proto__') Object.defineProperty(out, k, { value: more[k], writable: true, enumerable: true, configurable: true });
    else out[k] = more[k];
  }
  return out;
}

export function computeHostVars(ctx: HostVarsContext): Vars {
  const { all, host, files, inventoryDirs, playbookDirs } = ctx;
  const groups = sortGroups(ctx.groups);
  const out: Vars = mergeInto({}, all.vars);
  for (const g of groups) mergeInto(out, g.vars);
  const fileVars = (dirs: readonly string[], kind: 'group' | 'host', entities: string[]): void => {
    for (const dir of dirs) for (const name of entities) mergeInto(out, files.entityVars(dir, kind, name));
  };
  fileVars(inventoryDirs, 'group', ['all']);
  fileVars(playbookDirs, 'group', ['all']);
  const names = groups.map((g) => g.name);
  fileVars(inventoryDirs, 'group', names);
  fileVars(playbookDirs, 'group', names);
  mergeInto(out, host.vars);
  fileVars(inventoryDirs, 'host', [host.name]);
  fileVars(playbookDirs, 'host', [host.name]);
  return out;
}

/** A group's own variables plus its group_vars files (ansible-inventory's --graph --vars, --export). */
export function computeGroupVars(group: Group, files: VarsFiles, inventoryDirs: readonly string[], playbookDirs: readonly string[]): Vars {
  let out: Vars = { ...group.vars };
  for (const dir of inventoryDirs) out = { ...out, ...files.entityVars(dir, 'group', group.name) };
  for (const dir of playbookDirs) out = { ...out, ...files.entityVars(dir, 'group', group.name) };
  return out;
}
