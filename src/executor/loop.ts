import { SourceError } from '../errors/source-error.js';
import type { TaskNode } from '../playbook/model.js';
import type { Vars } from './ports.js';
import type { RunContext } from './run-context.js';

export interface LoopSpec {
  /** `loop`, or the lookup plugin's name of `with_<name>`. */
  readonly kind: 'loop' | { readonly lookup: string };
  readonly source: unknown;
  readonly loopVar: string;
  readonly indexVar: string | undefined;
  readonly label: unknown;
  /** Seconds between items (loop_control.pause). */
  readonly pause: number;
  readonly extended: boolean;
  readonly extendedAllitems: boolean;
}

/** The task's loop, if any (`loop:` or `with_<lookup>:`), with its loop_control. */
export function loopOf(task: TaskNode): LoopSpec | undefined {
  const key = Object.keys(task.keywords).find((k) => k === 'loop' || k.startsWith('with_'));
  if (!key) return undefined;
  const lc = (task.keywords['loop_control'] ?? {}) as Record<string, unknown>;
  if (lc === null || typeof lc !== 'object' || Array.isArray(lc)) throw new SourceError('loop_control must be a dictionary', { code: 'KPLAY_BAD_LOOP_CONTROL', pos: task.pos });
  const pause = Number(lc['pause'] ?? 0);
  return {
    kind: key === 'loop' ? 'loop' : { lookup: key.slice(5) },
    source: task.keywords[key],
    loopVar: typeof lc['loop_var'] === 'string' ? lc['loop_var'] : 'item',
    indexVar: typeof lc['index_var'] === 'string' ? lc['index_var'] : undefined,
    label: lc['label'],
    pause: Number.isFinite(pause) && pause > 0 ? pause : 0,
    extended: lc['extended'] === true || lc['extended'] === 'true' || lc['extended'] === 'yes',
    extendedAllitems: lc['extended_allitems'] !== false,
  };
}

/** listify_lookup_plugin_terms: templated terms, a lone string or scalar as a one-item list. */
function lookupTerms(source: unknown, vars: Vars, ctx: RunContext, task: TaskNode): unknown[] {
  const v = ctx.templar.template(typeof source === 'string' ? source.trim() : source, vars, task.pos);
  return Array.isArray(v) ? v : v !== null && typeof v === 'object' ? [v] : [v];
}

/** The items to iterate, templated with the host's variables (TaskExecutor._get_loop_items). */
export function loopItems(loop: LoopSpec, vars: Vars, ctx: RunContext, task: TaskNode): unknown[] {
  if (loop.kind === 'loop') {
    const v = ctx.templar.template(loop.source, vars, task.pos);
    if (!Array.isArray(v)) throw new Error(`Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(v)}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.`);
    return v;
  }
  const name = loop.kind.lookup;
  let terms: unknown[];
  if (name === 'first_found') {
    // Undefined terms are allowed here: the ones still holding a template are dropped.
    try {
      terms = lookupTerms(loop.source, vars, ctx, task);
    } catch {
      terms = (Array.isArray(loop.source) ? loop.source : [loop.source]).filter((t) => typeof t !== 'string' || !ctx.templar.isTemplate(t));
    }
  } else terms = lookupTerms(loop.source, vars, ctx, task);
  return ctx.templar.runLookup(name, terms, vars, task.pos);
}

/** ansible_loop for loop_control.extended, as TaskExecutor._run_loop builds it. */
export function extendedLoopVars(items: readonly unknown[], index: number, allitems: boolean): Record<string, unknown> {
  const n = items.length;
  const out: Record<string, unknown> = {
    index: index + 1,
    index0: index,
    first: index === 0,
    last: index + 1 === n,
    length: n,
    revindex: n - index,
    revindex0: n - index - 1,
  };
  if (allitems) out['allitems'] = items;
  if (index + 1 < n) out['nextitem'] = items[index + 1];
  if (index - 1 >= 0) out['previtem'] = items[index - 1];
  return out;
}
