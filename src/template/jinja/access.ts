/* Jinja's attribute and item lookup (environment.getattr / getitem), slicing and calls. */
import { isPyFunc, pyFunc, type Kwargs } from '../py/callable.js';
import { collectionMethod } from '../py/collection-methods.js';
import { dateAttribute } from '../py/datetime.js';
import { PyError, typeError } from '../py/errors.js';
import { iterate, keyString } from '../py/ops.js';
import { strMethod } from '../py/str-methods.js';
import { Undefined } from '../py/undefined.js';
import { LazyMapping, MISSING, Namespace, namedField, asStr, dictEntries, dictGet, isDict, isNumber, isTuple, num, pyTypeName, tuple } from '../py/values.js';
import { njRuntime } from './nunjucks.js';

/** A Python attribute of a value (a method, a namespace attribute), or MISSING. */
function pyAttribute(obj: unknown, name: string): unknown {
  const s = asStr(obj);
  if (s !== undefined) return strMethod(s, name, lookupPart) ?? MISSING;
  if (obj instanceof Namespace) return Object.prototype.hasOwnProperty.call(obj.attrs, name) ? obj.attrs[name] : MISSING;
  const d = dateAttribute(obj, name, (n, f) => pyFunc(n, (a) => f(a)));
  if (d !== undefined) return d;
  const field = namedField(obj, name);
  if (field !== MISSING) return field;
  return collectionMethod(obj, name) ?? MISSING;
}

function codePoints(s: string): string[] {
  return /[\uD800-\uDFFF]/.test(s) ? [...s] : s.split('');
}

/** obj[key] the Python way, or MISSING when Python would raise a lookup/type error. */
function pyItem(obj: unknown, key: unknown): unknown {
  if (isDict(obj)) {
    const k = keyString(key);
    return k === undefined ? MISSING : dictGet(obj, k);
  }
  if (Array.isArray(obj) || asStr(obj) !== undefined) {
    if (!isNumber(key) || !Number.isInteger(num(key)) || typeof key === 'object') return MISSING;
    const seq = Array.isArray(obj) ? obj : codePoints(asStr(obj)!);
    let i = num(key);
    if (i < 0) i += seq.length;
    return i >= 0 && i < seq.length ? seq[i] : MISSING;
  }
  return MISSING;
}

/** A Python attribute only (Jinja's `attr` filter): no item fallback. */
export function pyAttr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) return obj;
  const a = pyAttribute(obj, name);
  return a !== MISSING ? a : new Undefined(name, undefined, obj);
}

/** `obj.name`: Python attribute first, then item. */
export function getattr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) return obj.lenient ? obj.fail() : obj;
  const a = pyAttribute(obj, name);
  if (a !== MISSING) return a;
  const v = pyItem(obj, name);
  if (v !== MISSING) return v;
  const m = obj instanceof LazyMapping ? obj.missing(name) : MISSING;
  return m !== MISSING ? m : new Undefined(name, undefined, obj);
}

/** `obj[key]`: item first, then (for string keys) attribute. */
export function getitem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return obj.lenient ? obj.fail() : obj;
  if (key instanceof Undefined) key.fail();
  const v = pyItem(obj, key);
  if (v !== MISSING) return v;
  const k = asStr(key);
  if (k !== undefined) {
    const a = pyAttribute(obj, k);
    if (a !== MISSING) return a;
    const m = obj instanceof LazyMapping ? obj.missing(k) : MISSING;
    if (m !== MISSING) return m;
  }
  return new Undefined(k ?? (typeof key === 'number' ? key : String(key)), undefined, obj);
}

/** The `.attr` / `[key]` parts of a str.format() field. */
export function lookupPart(obj: unknown, key: string | number, attr: boolean): unknown {
  const v = attr ? getattr(obj, String(key)) : getitem(obj, key);
  if (v instanceof Undefined) {
    if (attr) throw new PyError('AttributeError', `'${pyTypeName(obj)}' object has no attribute '${key}'`);
    throw new PyError('KeyError', typeof key === 'string' ? `'${key}'` : String(key));
  }
  return v;
}

function sliceIndex(v: unknown): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Undefined) v.fail();
  if (!isNumber(v) || !Number.isInteger(num(v))) {
    throw typeError('slice indices must be integers or None or have an __index__ method');
  }
  return num(v);
}

/** `obj[start:stop:step]` for lists, tuples and strings. */
export function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (obj instanceof Undefined) return obj;
  const s = asStr(obj);
  // Jinja compiles slices to a plain Python subscript: no undefined fallback here
  if (isDict(obj)) throw typeError("unhashable type: 'slice'");
  if (s === undefined && !Array.isArray(obj)) throw typeError(`'${pyTypeName(obj)}' object is not subscriptable`);
  const seq: unknown[] = s !== undefined ? codePoints(s) : (obj as unknown[]);
  const n = seq.length;
  const st = sliceIndex(step) ?? 1;
  if (st === 0) throw new PyError('ValueError', 'slice step cannot be zero');
  const norm = (v: number | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === undefined) return dflt;
    const x = v < 0 ? v + n : v;
    return Math.min(Math.max(x, lo), hi);
  };
  const out: unknown[] = [];
  if (st > 0) {
    const a = norm(sliceIndex(start), 0, 0, n);
    const b = norm(sliceIndex(stop), n, 0, n);
    for (let i = a; i < b; i += st) out.push(seq[i]);
  } else {
    const a = norm(sliceIndex(start), n - 1, -1, n - 1);
    const b = norm(sliceIndex(stop), -1, -1, n - 1);
    for (let i = a; i > b; i += st) out.push(seq[i]);
  }
  if (s !== undefined) return out.join('');
  return isTuple(obj) ? tuple(out) : out;
}

/** Calls a Python-callable (method, global) or a nunjucks macro/caller. */
export function call(fn: unknown, args: unknown[], kwargs: Kwargs, dynArgs?: unknown, dynKwargs?: unknown): unknown {
  if (fn instanceof Undefined) fn.fail();
  let a = args;
  let kw = kwargs;
  if (dynArgs !== null && dynArgs !== undefined) a = [...a, ...iterate(dynArgs)];
  if (dynKwargs !== null && dynKwargs !== undefined) {
    if (!isDict(dynKwargs)) throw typeError(`argument after ** must be a mapping, not ${pyTypeName(dynKwargs)}`);
    kw = { ...kw, ...Object.fromEntries(dictEntries(dynKwargs)) };
  }
  let out: unknown;
  if (isPyFunc(fn)) out = fn(a, kw);
  else if (typeof fn === 'function') out = (fn as (...x: unknown[]) => unknown)(...a, njRuntime.makeKeywordArgs({ ...kw }));
  else throw typeError(`'${pyTypeName(fn)}' object is not callable`);
  return out instanceof njRuntime.SafeString ? String(out) : out;
}
