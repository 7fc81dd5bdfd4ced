/** `ansible-inventory --host NAME`: one host's variables. */
import { OptionsError } from '../../errors/source-error.js';
import type { Vars } from '../group.js';
import type { Inventory } from '../inventory.js';
import { hostVarsForDisplay, type InventoryRenderOptions } from './display-vars.js';
import { dumpJson, dumpYaml } from './dump.js';

/** The variables; `host` is a pattern that must match exactly one host, as in Ansible. */
export function inventoryHostData(inv: Inventory, host: string, opts: InventoryRenderOptions = {}): Vars {
  const hosts = inv.selectHosts(host);
  const only = hosts[0];
  if (hosts.length !== 1 || only === undefined) throw new OptionsError('You must pass a single valid host to --host parameter');
  return hostVarsForDisplay(inv, only, opts);
}

export function inventoryHostJson(inv: Inventory, host: string, opts: InventoryRenderOptions = {}): string {
  return dumpJson(inventoryHostData(inv, host, opts));
}

export function inventoryHostYaml(inv: Inventory, host: string, opts: InventoryRenderOptions = {}): string {
  return dumpYaml(inventoryHostData(inv, host, opts));
}
