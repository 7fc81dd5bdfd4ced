/*
 * The seam between the CLI and the inventory/templating packages. INTERIM: until src/template
 * and src/inventory land, a minimal nunjucks templar and comma-list/INI inventory stand here.
 */
import { readFileSync, existsSync } from 'node:fs';
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

class InterimInventory implements InventoryView {
  constructor(
    private readonly hosts: Map<string, Vars>,
    private readonly groups: Map<string, string[]>,
  ) {}
  hostNames(): string[] {
    return [...this.hosts.keys()];
  }
  hostVars(name: string): Vars {
    return { ...(this.hosts.get(name) ?? {}) };
  }
  groupNamesOf(host: string): string[] {
    return [...this.groups].filter(([g, hs]) => g !== 'all' && g !== 'ungrouped' && hs.includes(host)).map(([g]) => g).sort();
  }
  groupsMagic(): Record<string, string[]> {
    return Object.fromEntries(this.groups);
  }
  selectHosts(pattern: string): string[] {
    const out: string[] = [];
    for (const p of pattern.split(/[,:]/)) {
      const hs = p === 'all' || p === '*' ? this.hostNames() : this.groups.get(p) ?? (this.hosts.has(p) ? [p] : []);
      for (const h of hs) if (!out.includes(h)) out.push(h);
    }
    return out;
  }
}

export async function openInventory(sources: readonly string[], _cwd: string): Promise<{ inventory: InventoryView; warnings: string[] }> {
  const hosts = new Map<string, Vars>();
  const groups = new Map<string, string[]>([['all', []], ['ungrouped', []]]);
  for (const src of sources) {
    if (src.includes(',') && !existsSync(src)) {
      for (const h of src.split(',').map((s) => s.trim()).filter(Boolean)) {
        hosts.set(h, h === 'localhost' ? { ansible_connection: 'local' } : {});
        groups.get('ungrouped')!.push(h);
      }
      continue;
    }
    if (!existsSync(src)) continue;
    let group = 'ungrouped';
    for (const line of readFileSync(src, 'utf8').split('\n')) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      const g = /^\[([^\]]+)\]$/.exec(t);
      if (g) {
        group = g[1]!;
        if (!groups.has(group)) groups.set(group, []);
        continue;
      }
      const [name, ...kv] = t.split(/\s+/);
      const vars: Vars = {};
      for (const p of kv) {
        const i = p.indexOf('=');
        if (i > 0) vars[p.slice(0, i)] = p.slice(i + 1);
      }
      hosts.set(name!, { ...(hosts.get(name!) ?? {}), ...vars });
      groups.get(group)!.push(name!);
    }
  }
  groups.set('all', [...hosts.keys()]);
  return { inventory: new InterimInventory(hosts, groups), warnings: [] };
}
