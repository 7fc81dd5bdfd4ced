/** `ansible-inventory --graph [GROUP] [--vars]`: the group tree as text. */
import { OptionsError } from '../../errors/source-error.js';
import type { Vars } from '../group.js';
import type { Inventory } from '../inventory.js';
import { pyStr } from '../py-repr.js';
import { groupVarsForDisplay, hostVarsForDisplay, type InventoryRenderOptions } from './display-vars.js';

export interface GraphOptions extends InventoryRenderOptions {
  /** --vars: each host's and group's variables under it. */
  vars?: boolean;
}

function graphName(name: string, depth: number): string {
  return depth ? '  |'.repeat(depth) + '--' + name : name;
}

function showVars(vars: Vars, depth: number): string[] {
  const keys = Object.keys(vars).sort();
  return keys.map((k) => graphName(`{${k} = ${pyStr(vars[k])}}`, depth));
}

function graphGroup(inv: Inventory, name: string, depth: number, opts: GraphOptions = {}): string[] {
  const g = inv.group(name)!;
  const out = [graphName(`@${name}:`, depth)];
  const inner = depth + 1;
  for (const kid of g.children) out.push(...graphGroup(inv, kid, inner, opts));
  if (name !== 'all') {
    for (const h of g.hosts) {
      out.push(graphName(h, inner));
      if (opts.vars) out.push(...showVars(hostVarsForDisplay(inv, h, opts), inner + 1));
    }
  }
  if (opts.vars) out.push(...showVars(groupVarsForDisplay(inv, name, opts), inner));
  return out;
}

/** The graph text, without a trailing newline (ansible-inventory prints one after it). */
export function inventoryGraph(inv: Inventory, group: string | undefined, opts: GraphOptions = {}): string {
  const start = group ?? 'all';
  if (!inv.group(start)) throw new OptionsError('Pattern must be valid group name when using --graph');
  return graphGroup(inv, start, 0, opts).join('\n');
}
