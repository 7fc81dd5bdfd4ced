/*
 * The seam between the CLI and the inventory/templating packages. INTERIM for templating: until
 * src/template lands, a minimal nunjucks templar stands here.
 */
import { Inventory, loadInventory } from '../inventory/index.js';
import nunjucks from 'nunjucks';
import type { InventoryView, TemplarView, Vars } from '../executor/ports.js';

export const OMIT_TOKEN = '__omit_place_holder__kplay';

class InterimTemplar implements TemplarView {
  private readonly env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
  template(value: unknown, vars: Vars): unknown {
    if (typeof value === 'string') {
      if (!value.includes('{{') && !value.includes('{%')) return value;
      const m = /^\{\{\s*([\s\S]+?)\s*\}\}$/.exec(value);
      if (m && !m[1]!.includes('}}')) {
        const wrapped = this.env.renderString(`{{ (${m[1]}) | dump }}`, vars);
        try {
          return JSON.parse(wrapped);
        } catch {
          return wrapped;
        }
      }
      return this.env.renderString(value, vars);
    }
    if (Array.isArray(value)) return value.map((v) => this.template(v, vars));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.template(v, vars)]));
    }
    return value;
  }
  conditional(expr: unknown, vars: Vars): boolean {
    if (typeof expr === 'boolean') return expr;
    if (Array.isArray(expr)) return expr.every((e) => this.conditional(e, vars));
    const s = String(expr).replace(/^\{\{\s*|\s*\}\}$/g, '');
    return this.env.renderString(`{% if ${s} %}True{% else %}False{% endif %}`, vars) === 'True';
  }
}

export function newTemplar(): TemplarView {
  return new InterimTemplar();
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
export async function openInventory(sources: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<OpenedInventory> {
  const { inventory, warnings, scriptErrors } = await loadInventory([...sources], { cwd, env });
  for (const e of scriptErrors) warnings.push(`${e.source}: ${e.text}`);
  return { inventory, warnings, view: (dirs, onWarning) => new InventoryAdapter(inventory, dirs, onWarning) };
}
