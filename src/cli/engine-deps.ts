/* The seam between the CLI and the inventory/templating packages: the executor sees narrow views. */
import { Inventory, loadInventory } from '../inventory/index.js';
import { OMIT_TOKEN, Templar } from '../template/index.js';
import type { InventoryView, TemplarView, Vars } from '../executor/ports.js';
import type { RunVault } from '../vault/run-vault.js';

export { OMIT_TOKEN };

export function newTemplar(vault?: RunVault): TemplarView {
  return new Templar(vault ? { vault } : {});
}

/** The executor's view of an inventory: host vars include group_vars/host_vars next to the playbook. */
class InventoryAdapter implements InventoryView {
  constructor(
    readonly inventory: Inventory,
    private readonly playbookDirs: readonly string[],
    private readonly onWarning: (message: string) => void,
  ) {}
  hostNames(): string[] {
    return this.inventory.hostNames();
  }
  hostVars(name: string): Vars {
    return this.inventory.hostVars(name, { playbookDirs: this.playbookDirs });
  }
  groupNamesOf(host: string): string[] {
    return this.inventory.groupNamesOf(host);
  }
  groupsMagic(): Record<string, string[]> {
    return this.inventory.groupsMagic();
  }
  addHost(name: string, groups: string[], vars: Vars): { changed: boolean } {
    return this.inventory.addHost(name, groups, vars);
  }
  groupBy(host: string, group: string, parents: string[]): { changed: boolean } {
    return this.inventory.groupBy(host, group, parents);
  }
  selectHosts(pattern: string): string[] {
    const hosts = this.inventory.selectHosts(pattern);
    for (const w of this.inventory.takeWarnings()) this.onWarning(w);
    return hosts;
  }
}

export interface OpenedInventory {
  readonly inventory: Inventory;
  readonly warnings: string[];
  view(playbookDirs: readonly string[], onWarning: (message: string) => void): InventoryView;
}

/** Loads every -i source as Ansible does; nothing is contacted. */
export async function openInventory(sources: readonly string[], cwd: string, env: NodeJS.ProcessEnv, vault?: RunVault): Promise<OpenedInventory> {
  const decrypt = vault ? { decrypt: vault.inventoryDecryptHook() } : {};
  const { inventory, warnings, scriptErrors } = await loadInventory([...sources], { cwd, env, ...decrypt });
  for (const e of scriptErrors) warnings.push(`${e.source}: ${e.text}`);
  return { inventory, warnings, view: (dirs, onWarning) => new InventoryAdapter(inventory, dirs, onWarning) };
}
