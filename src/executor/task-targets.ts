import type { BlockNode, TaskNode } from '../playbook/model.js';
import { inherited } from '../playbook/model.js';
import type { Vars } from './ports.js';
import type { RunContext } from './run-context.js';

/** Where the module runs: the host, or the delegate_to host with that host's connection variables. */
export function delegation(task: TaskNode, host: string, vars: Vars, ctx: RunContext): { host: string; vars: Vars } {
  const raw = inherited(task, 'delegate_to');
  if (raw === undefined || raw === null || raw === '') return { host, vars };
  const to = String(ctx.templar.template(raw, vars, task.pos));
  if (to === host) return { host, vars };
  if (ctx.inventory.hostNames().includes(to)) return { host: to, vars: ctx.vars.forHost(to, undefined) };
  if (to === 'localhost' || to === '127.0.0.1') return { host: to, vars: { ansible_connection: 'local' } };
  return { host: to, vars: { ansible_host: to } };
}

/** The task's `environment:` (inherited; a list of dicts merges in order), templated. */
export function environmentOf(task: TaskNode, vars: Vars, ctx: RunContext): Record<string, unknown> | undefined {
  const chain: unknown[] = [];
  for (let n: TaskNode | BlockNode | undefined = task; n; n = n.parent) if (n.keywords['environment'] !== undefined) chain.unshift(n.keywords['environment']);
  let top: BlockNode | undefined = task.parent;
  while (top?.parent) top = top.parent;
  if (top?.play?.keywords['environment'] !== undefined) chain.unshift(top.play.keywords['environment']);
  if (chain.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const e of chain.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
    const t = ctx.templar.template(e, vars, task.pos);
    if (t && typeof t === 'object' && !Array.isArray(t)) Object.assign(out, t);
    else throw new Error("environment must be a dictionary");
  }
  return out;
}

