/** `ansible-inventory --list` (JSON, the inventory-script format) and `--list --yaml`. */
import type { Vars } from '../group.js';
import type { Inventory } from '../inventory.js';
import { groupVarsForDisplay, hostVarsForDisplay, type InventoryRenderOptions } from './display-vars.js';
import { dumpJson, dumpYaml } from './dump.js';

type Entry = { hosts?: unknown; children?: unknown; vars?: Vars };

function removeEmpty(entry: Entry): void {
  for (const k of ['hosts', 'vars', 'children'] as const) {
    const v = entry[k];
    if (v === undefined) continue;
    const empty = Array.isArray(v) ? v.length === 0 : Object.keys(v as object).length === 0;
    if (empty) delete entry[k];
  }
}

/** InventoryCLI.json_inventory: groups with hosts and children, `_meta.hostvars`. */
export function inventoryListData(inv: Inventory, opts: InventoryRenderOptions = {}): Record<string, unknown> {
  const seen = new Set<string>();
  const formatGroup = (name: string): Record<string, unknown> => {
    const g = inv.group(name)!;
    const results: Record<string, unknown> = {};
    const entry: Entry = {};
    results[name] = entry;
    if (name !== 'all') entry.hosts = [...g.hosts];
    const children: string[] = [];
    entry.children = children;
    for (const sub of g.children) {
      children.push(sub);
      if (!seen.has(sub)) {
        Object.assign(results, formatGroup(sub));
        seen.add(sub);
      }
    }
    if (opts.export) entry.vars = groupVarsForDisplay(inv, name, opts);
    removeEmpty(entry);
    if (Object.keys(entry).length === 0) delete results[name];
    return results;
  };
  const results = formatGroup('all');
  const hostvars: Record<string, Vars> = {};
  for (const host of inv.selectHosts('all', { ignoreLimits: true })) {
    const vars = hostVarsForDisplay(inv, host, opts);
    if (Object.keys(vars).length > 0) hostvars[host] = vars;
  }
  results['_meta'] = { hostvars };
  return results;
}

/** InventoryCLI.yaml_inventory: nested groups, host vars at a host's first appearance. */
export function inventoryListYamlData(inv: Inventory, opts: InventoryRenderOptions = {}): Record<string, unknown> {
  const seen = new Set<string>();
  const formatGroup = (name: string): Record<string, Entry> => {
    const g = inv.group(name)!;
    const entry: Entry = {};
    const children: Record<string, unknown> = {};
    entry.children = children;
    for (const sub of g.children) if (sub !== 'all') Object.assign(children, formatGroup(sub));
    const hosts: Record<string, Vars> = {};
    entry.hosts = hosts;
    if (name !== 'all') {
      for (const h of g.hosts) {
        let vars: Vars = {};
        if (!seen.has(h)) {
          seen.add(h);
          vars = hostVarsForDisplay(inv, h, opts);
        }
        hosts[h] = vars;
      }
    }
    if (opts.export) {
      const gvars = groupVarsForDisplay(inv, name, opts);
      if (Object.keys(gvars).length > 0) entry.vars = gvars;
    }
    removeEmpty(entry);
    return { [name]: entry };
  };
  return formatGroup('all');
}

export function inventoryListJson(inv: Inventory, opts: InventoryRenderOptions = {}): string {
  return dumpJson(inventoryListData(inv, opts));
}

export function inventoryListYaml(inv: Inventory, opts: InventoryRenderOptions = {}): string {
  return dumpYaml(inventoryListYamlData(inv, opts));
}
