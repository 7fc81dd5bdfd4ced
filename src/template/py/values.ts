/*
 * How Python values live in JS inside the templating engine. None is null, bool is boolean,
 * int is an integral number, str is a string, list is an array, dict is a plain object (or a
 * LazyMapping whose values are computed on access). Three things JS cannot say by itself get
 * a marker: a float with an integral value (PyFloat), a tuple (an array registered as one) and
 * a Jinja namespace().
 */
import { UnsafeText } from '../../yaml/tags.js';

/** A Python float whose value is integral (5.0): a JS number cannot tell it from the int 5. */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toJSON(): number {
    return this.value;
  }
}

/** A mapping whose values are computed when read (hostvars, a host's variables). */
export abstract class LazyMapping {
  /** How Jinja names the type in "'… object' has no attribute" messages. */
  readonly typeRepr: string = 'dict object';
  abstract keys(): string[];
  abstract has(key: string): boolean;
  /** The value, or MISSING. */
  abstract get(key: string): unknown;
  /** What a missing key reads as, when the mapping says so itself (hostvars['nohost']). */
  missing(_key: string): unknown {
    return MISSING;
  }
}

/** Jinja's namespace(): the one object templates may assign attributes to. */
export class Namespace {
  readonly attrs: Record<string, unknown>;
  constructor(attrs: Record<string, unknown> = {}) {
    this.attrs = { ...attrs };
  }
}

/** Marks "no such key" where null (None) is a real value. */
export const MISSING: unique symbol = Symbol('missing');

const tuples = new WeakSet<readonly unknown[]>();

/** Registers an array as a Python tuple (rendered `(a, b)`, unequal to a list). */
export function tuple<T>(items: T[]): T[] {
  tuples.add(items);
  return items;
}

export function isTuple(v: unknown): boolean {
  return Array.isArray(v) && tuples.has(v);
}

const namedFields = new WeakMap<readonly unknown[], Readonly<Record<string, unknown>>>();

/** A tuple whose items are also attributes (Jinja's groupby results: `.grouper`, `.list`). */
export function namedTuple<T>(items: T[], names: readonly string[]): T[] {
  namedFields.set(items, Object.fromEntries(names.map((n, i) => [n, items[i]])));
  return tuple(items);
}

/** A named field of a namedTuple, or MISSING. */
export function namedField(v: unknown, name: string): unknown {
  const f = Array.isArray(v) ? namedFields.get(v) : undefined;
  return f && Object.prototype.hasOwnProperty.call(f, name) ? f[name] : MISSING;
}

export function isStr(v: unknown): v is string {
  return typeof v === 'string';
}

/** bool counts as int, as in Python. */
export function isNumber(v: unknown): v is number | boolean | PyFloat {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

export function isInt(v: unknown): v is number | boolean {
  return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
}

export function num(v: number | boolean | PyFloat): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : v.value;
}

/** A number that is a float in Python terms when `float` is set. */
export function mkNum(n: number, float: boolean): number | PyFloat {
  return float && Number.isInteger(n) ? new PyFloat(n) : n;
}

export function isList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isDict(v: unknown): v is Record<string, unknown> | LazyMapping {
  return v instanceof LazyMapping || isPlainObject(v);
}

export function dictKeys(d: Record<string, unknown> | LazyMapping): string[] {
  return d instanceof LazyMapping ? d.keys() : Object.keys(d);
}

export function dictHas(d: Record<string, unknown> | LazyMapping, k: string): boolean {
  return d instanceof LazyMapping ? d.has(k) : Object.prototype.hasOwnProperty.call(d, k);
}

export function dictGet(d: Record<string, unknown> | LazyMapping, k: string): unknown {
  if (d instanceof LazyMapping) return d.get(k);
  return Object.prototype.hasOwnProperty.call(d, k) ? d[k] : MISSING;
}

export function dictEntries(d: Record<string, unknown> | LazyMapping): Array<[string, unknown]> {
  if (d instanceof LazyMapping) return d.keys().map((k) => [k, d.get(k)]);
  return Object.entries(d);
}

/** A plain-object copy of a mapping (one level). */
export function toPlainDict(d: Record<string, unknown> | LazyMapping): Record<string, unknown> {
  return d instanceof LazyMapping ? Object.fromEntries(dictEntries(d)) : { ...d };
}

/** Python's name for a value's type, as error messages print it. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'string') return 'str';
  if (v instanceof UnsafeText) return 'AnsibleUnsafeText';
  if (Array.isArray(v)) return isTuple(v) ? 'tuple' : 'list';
  if (isDict(v)) return 'dict';
  if (v instanceof Namespace) return 'Namespace';
  if (typeof v === 'function') return 'builtin_function_or_method';
  return (v as object).constructor?.name ?? 'object';
}

/** Strings may arrive as UnsafeText or as nunjucks' SafeString (macro output). */
export function asStr(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof UnsafeText) return v.value;
  if (v instanceof String) return v.toString();
  return undefined;
}
