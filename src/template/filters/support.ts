/* Helpers filters share: Python's str()/int() of arguments, attribute getters, sort keys. */
import { bind, type Kwargs } from '../py/callable.js';
import { PyError, typeError } from '../py/errors.js';
import { cmp, iterate, keyString } from '../py/ops.js';
import { pyStr } from '../py/repr.js';
import { Undefined } from '../py/undefined.js';
import { PyFloat, asStr, isDict, isNumber, isTuple, num, pyTypeName } from '../py/values.js';
import type { EvalEnv } from '../registry.js';

export { bind, iterate, pyStr };
export type { Kwargs };

/** to_text / soft_str: strings as they are, other values as str() prints them. */
export function text(v: unknown): string {
  if (v instanceof Undefined) return v.lenient ? '' : v.fail();
  return asStr(v) ?? pyStr(v);
}

/** Python's int() of an argument that must be an integer. */
export function intArg(v: unknown, what = 'argument'): number {
  if (v instanceof Undefined) v.fail();
  if (isNumber(v)) return Math.trunc(num(v));
  const s = asStr(v);
  if (s !== undefined && /^\s*[-+]?\d[\d_]*\s*$/.test(s)) return parseInt(s.replace(/_/g, ''), 10);
  throw typeError(`'${pyTypeName(v)}' object cannot be interpreted as an integer (${what})`);
}

export function optInt(v: unknown, dflt: number): number {
  return v === undefined || v === null ? dflt : intArg(v);
}

export function boolArg(v: unknown, dflt = false): boolean {
  if (v === undefined) return dflt;
  if (v instanceof Undefined) v.fail();
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof PyFloat) return v.value !== 0;
  const s = asStr(v);
  if (s !== undefined) return s.length > 0;
  return true;
}

/** jinja2's ignore_case postprocess. */
export function ignoreCase(v: unknown): unknown {
  const s = asStr(v);
  return s !== undefined ? s.toLowerCase() : v;
}

/** Attribute path parts: "a.b.0" → ['a', 'b', 0]. */
export function attrParts(attr: unknown): Array<string | number> {
  if (attr === null || attr === undefined) return [];
  const s = asStr(attr);
  if (s === undefined) return [attr as number];
  return s.split('.').map((p) => (/^\d+$/.test(p) ? parseInt(p, 10) : p));
}

/** jinja2's make_attrgetter. */
export function attrGetter(env: EvalEnv, attr: unknown, post?: (v: unknown) => unknown, dflt: unknown = null): (item: unknown) => unknown {
  const parts = attrParts(attr);
  return (item) => {
    let v = item;
    for (const p of parts) {
      v = env.getitem(v, p);
      if (dflt !== null && dflt !== undefined && v instanceof Undefined) v = dflt;
    }
    return post ? post(v) : v;
  };
}

/** jinja2's make_multi_attrgetter ("a,b"): a tuple-like key of several attributes. */
export function multiAttrGetter(env: EvalEnv, attr: unknown, post?: (v: unknown) => unknown): (item: unknown) => unknown {
  const s = asStr(attr);
  const getters = (s !== undefined ? s.split(',') : [attr]).map((a) => attrGetter(env, a === undefined ? null : a, post));
  return (item) => getters.map((g) => g(item));
}

/** Python's sorted(): stable, by key, descending when reversed (still stable). */
export function sortBy<T>(items: readonly T[], key: (x: T) => unknown, reverse = false): T[] {
  const keyed = items.map((x) => ({ x, k: key(x) }));
  keyed.sort((a, b) => (reverse ? cmp(b.k, a.k) : cmp(a.k, b.k)));
  return keyed.map((e) => e.x);
}

/** A string standing for a hashable value as a set member (1, 1.0 and True are one key). */
export function hashKey(v: unknown): string {
  if (v instanceof Undefined) v.fail();
  if (v === null || v === undefined) return 'N';
  if (isNumber(v)) return `n${num(v)}`;
  const s = asStr(v);
  if (s !== undefined) return `s${s}`;
  if (isTuple(v)) return `t(${(v as unknown[]).map(hashKey).join(',')})`;
  throw typeError(`unhashable type: '${pyTypeName(v)}'`);
}

export function isHashable(v: unknown): boolean {
  try {
    hashKey(v);
    return true;
  } catch (e) {
    if (e instanceof PyError) return false;
    throw e;
  }
}

export function requireDict(v: unknown, msg: string): asserts v is Record<string, unknown> {
  if (!isDict(v)) throw new PyError('AnsibleFilterTypeError', msg);
}

export function keyOf(k: unknown): string {
  const s = keyString(k);
  if (s === undefined) throw typeError(`unhashable type: '${pyTypeName(k)}'`);
  return s;
}

export function list(v: unknown): unknown[] {
  return [...iterate(v)];
}
