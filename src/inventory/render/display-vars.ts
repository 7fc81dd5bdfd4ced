/**
 * The variables ansible-inventory shows for a host or group: everything the inventory
 * gives them (and group_vars/host_vars beside the playbook directory), without the
 * magic and option variables it filters out (cli/inventory.py INTERNAL_VARS).
 */
import type { Vars } from '../group.js';
import type { Inventory } from '../inventory.js';

export const INTERNAL_VARS: ReadonlySet<string> = new Set([
  'ansible_diff_mode',
  'ansible_config_file',
  'ansible_facts',
  'ansible_forks',
  'ansible_inventory_sources',
  'ansible_limit',
  'ansible_playbook_python',
  'ansible_run_tags',
  'ansible_skip_tags',
  'ansible_verbosity',
  'ansible_version',
  'inventory_dir',
  'inventory_file',
  'inventory_hostname',
  'inventory_hostname_short',
  'groups',
  'group_names',
  'omit',
  'playbook_dir',
]);

export interface InventoryRenderOptions {
  /** The directory ansible-inventory runs in (default: the process's): without --playbook-dir, its group_vars/host_vars count for hosts. */
  cwd?: string;
  /** --playbook-dir: its group_vars/host_vars count for hosts and groups. */
  playbookDir?: string;
  /** --export: groups carry their vars, hosts only their own. */
  export?: boolean;
  /** -e extra variables, shown in every host's variables. */
  extraVars?: Vars;
}

/** `{ ...a, ...b, … }` without INTERNAL_VARS, in one copy. */
function removeInternal(...sources: Vars[]): Vars {
  const out: Vars = {};
  for (const vars of sources) {
    for (const k of Object.keys(vars)) {
      if (INTERNAL_VARS.has(k)) continue;
      if (k === '__proto__') Object.defineProperty(out, k, { value: vars[k], writable: true, enumerable: true, configurable: true });
      else out[k] = vars[k];
    }
  }
  return out;
}

/** InventoryCLI._get_host_variables. */
export function hostVarsForDisplay(inv: Inventory, host: string, opts: InventoryRenderOptions): Vars {
  if (opts.export) {
    let vars = inv.hostOwnVars(host);
    const dirs = [...inv.inventoryDirs, ...(opts.playbookDir ? [opts.playbookDir] : [])];
    for (const dir of dirs) vars = { ...vars, ...inv.varsFiles.entityVars(dir, 'host', host) };
    return removeInternal(vars);
  }
  const vars = inv.sharedHostVars(host, { playbookDirs: [opts.playbookDir ?? opts.cwd ?? process.cwd()] });
  return opts.extraVars ? removeInternal(vars, opts.extraVars) : removeInternal(vars);
}

/** InventoryCLI._get_group_variables. */
export function groupVarsForDisplay(inv: Inventory, group: string, opts: InventoryRenderOptions): Vars {
  const vars = inv.groupVars(group, { playbookDirs: opts.playbookDir ? [opts.playbookDir] : [] });
  const priority = inv.group(group)?.priority ?? 1;
  if (priority !== 1) vars['ansible_group_priority'] = priority;
  return removeInternal(vars);
}
