import { SourceError } from '../errors/source-error.js';
import type { TaskNode } from '../playbook/model.js';
import type { Vars } from './ports.js';
import type { RunContext } from './run-context.js';

export interface LoopSpec {
  readonly kind: 'loop' | 'with_items' | 'with_list' | 'with_dict' | 'with_indexed_items' | 'with_sequence' | 'with_together' | 'with_nested';
  readonly source: unknown;
  readonly loopVar: string;
  readonly indexVar: string | undefined;
  readonly label: unknown;
}

const SUPPORTED = new Set(['loop', 'with_items', 'with_list', 'with_dict', 'with_indexed_items']);

/** The task's loop, if any (`loop:` or `with_<lookup>:`), with its loop_control. */
export function loopOf(task: TaskNode): LoopSpec | undefined {
  const key = Object.keys(task.keywords).find((k) => k === 'loop' || k.startsWith('with_'));
  if (!key) return undefined;
  if (!SUPPORTED.has(key)) throw new SourceError(`kplay does not support '${key}' yet`, { code: 'KPLAY_UNSUPPORTED', pos: task.pos });
  const lc = (task.keywords['loop_control'] ?? {}) as Record<string, unknown>;
  return {
    kind: key as LoopSpec['kind'],
    source: task.keywords[key],
    loopVar: typeof lc['loop_var'] === 'string' ? lc['loop_var'] : 'item',
    indexVar: typeof lc['index_var'] === 'string' ? lc['index_var'] : undefined,
    label: lc['label'],
  };
}

function flattenOnce(list: unknown[]): unknown[] {
  return list.flatMap((x) => (Array.isArray(x) ? x : [x]));
}

/** The items to iterate, templated with the host's variables. */
export function loopItems(loop: LoopSpec, vars: Vars, ctx: RunContext): unknown[] {
  let v = ctx.templar.template(loop.source, vars);
  if (typeof v === 'string' && loop.kind !== 'loop') v = [v];
  switch (loop.kind) {
    case 'loop':
      if (!Array.isArray(v)) throw new Error(`Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(v)}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.`);
      return v;
    case 'with_items':
      return flattenOnce(Array.isArray(v) ? v : [v]);
    case 'with_list':
      return Array.isArray(v) ? v : [v];
    case 'with_indexed_items':
      return flattenOnce(Array.isArray(v) ? v : [v]).map((x, i) => [i, x]);
    case 'with_dict':
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error("with_dict expects a dict");
      return Object.entries(v as Record<string, unknown>).map(([key, value]) => ({ key, value }));
    default:
      throw new Error(`unsupported loop ${loop.kind}`);
  }
}
