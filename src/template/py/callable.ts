/* Python-callable functions (methods, filters' helpers, globals) and their argument binding. */
import { typeError } from './errors.js';

export type Kwargs = Record<string, unknown>;

/** A function templates can call with positional and keyword arguments. */
export interface PyFunc {
  (args: unknown[], kwargs: Kwargs): unknown;
  readonly pyFunc: true;
  readonly pyName: string;
}

export function pyFunc(name: string, fn: (args: unknown[], kwargs: Kwargs) => unknown): PyFunc {
  return Object.assign((args: unknown[], kwargs: Kwargs) => fn(args, kwargs), { pyFunc: true as const, pyName: name });
}

export function isPyFunc(v: unknown): v is PyFunc {
  return typeof v === 'function' && (v as { pyFunc?: unknown }).pyFunc === true;
}

/**
 * Binds positional and keyword arguments to parameter names like a Python signature.
 * Parameters not given come back as JS `undefined` (None is null).
 */
export function bind(name: string, args: readonly unknown[], kwargs: Kwargs, params: readonly string[], required = 0): unknown[] {
  if (args.length > params.length) {
    throw typeError(`${name}() takes at most ${params.length} argument${params.length === 1 ? '' : 's'} (${args.length} given)`);
  }
  const out: unknown[] = params.map((_, i) => args[i]);
  for (const [k, v] of Object.entries(kwargs)) {
    const idx = params.indexOf(k);
    if (idx < 0) throw typeError(`${name}() got an unexpected keyword argument '${k}'`);
    if (idx < args.length) throw typeError(`${name}() got multiple values for argument '${k}'`);
    out[idx] = v;
  }
  for (let i = 0; i < required; i++) {
    if (out[i] === undefined) throw typeError(`${name}() missing required positional argument: '${params[i]}'`);
  }
  return out;
}
