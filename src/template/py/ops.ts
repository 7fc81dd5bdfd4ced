/* Python semantics of Jinja's operators: truthiness, ==, <, +, -, *, /, //, %, **, in. */
import { PyError, typeError } from './errors.js';
import { PyDateTime, PyTimedelta } from './datetime.js';
import { percentFormat } from './format.js';
import { Undefined } from './undefined.js';
import {
  LazyMapping,
  PyFloat,
  asStr,
  dictGet,
  dictHas,
  dictKeys,
  isDict,
  isFloat,
  isNumber,
  isTuple,
  mkNum,
  num,
  pyTypeName,
  tuple,
  MISSING,
} from './values.js';

export function truthy(v: unknown): boolean {
  if (v instanceof Undefined) return v.lenient ? false : v.fail();
  if (v === null || v === undefined || v === false) return false;
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof PyFloat) return v.value !== 0;
  const s = asStr(v);
  if (s !== undefined) return s.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof LazyMapping) return v.keys().length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

export function eq(a: unknown, b: unknown): boolean {
  if (a instanceof Undefined && a.lenient) return b instanceof Undefined;
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  if (isNumber(a) && isNumber(b)) return num(a) === num(b);
  const sa = asStr(a);
  const sb = asStr(b);
  if (sa !== undefined || sb !== undefined) return sa === sb;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    return a.every((x, i) => eq(x, b[i]));
  }
  if (isDict(a) && isDict(b)) {
    const ka = dictKeys(a);
    if (ka.length !== dictKeys(b).length) return false;
    return ka.every((k) => dictHas(b, k) && eq(dictGet(a, k), dictGet(b, k)));
  }
  if (a instanceof PyDateTime && b instanceof PyDateTime) return a.epochMicro() === b.epochMicro();
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return a.totalMicro() === b.totalMicro();
  return a === b;
}

const OP_NAMES: Record<string, string> = { lt: '<', gt: '>', le: '<=', ge: '>=' };

/** <0, 0, >0 like Python's rich comparison of numbers, strings and sequences. */
export function cmp(a: unknown, b: unknown, op = 'lt'): number {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  if (isNumber(a) && isNumber(b)) return num(a) - num(b);
  if (a instanceof PyDateTime && b instanceof PyDateTime) return a.epochMicro() - b.epochMicro();
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return a.totalMicro() - b.totalMicro();
  const sa = asStr(a);
  const sb = asStr(b);
  if (sa !== undefined && sb !== undefined) return sa < sb ? -1 : sa > sb ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!eq(a[i], b[i])) return cmp(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  throw typeError(`'${OP_NAMES[op] ?? op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

export function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return eq(a, b);
    case '!=':
      return !eq(a, b);
    case '<':
      return cmp(a, b, 'lt') < 0;
    case '>':
      return cmp(a, b, 'gt') > 0;
    case '<=':
      return cmp(a, b, 'le') <= 0;
    case '>=':
      return cmp(a, b, 'ge') >= 0;
    case 'in':
      return contains(b, a);
    case 'notin':
      return !contains(b, a);
    default:
      throw new PyError('TemplateSyntaxError', `unknown operator ${op}`);
  }
}

/** `needle in haystack`. */
export function contains(haystack: unknown, needle: unknown): boolean {
  if (haystack instanceof Undefined) haystack.fail();
  const hs = asStr(haystack);
  if (hs !== undefined) {
    const ns = asStr(needle);
    if (ns === undefined) {
      const kind = needle instanceof Undefined ? 'AnsibleUndefined' : pyTypeName(needle);
      throw typeError(`'in <string>' requires string as left operand, not ${kind}`);
    }
    return hs.includes(ns);
  }
  if (Array.isArray(haystack)) return haystack.some((x) => eq(x, needle));
  if (isDict(haystack)) {
    if (needle instanceof Undefined) needle.fail();
    if (Array.isArray(needle) || isDict(needle)) throw typeError(`unhashable type: '${pyTypeName(needle)}'`);
    const k = keyString(needle);
    return k !== undefined && dictHas(haystack, k);
  }
  if (haystack instanceof Set) return [...haystack].some((x) => eq(x, needle));
  throw typeError(`argument of type '${pyTypeName(haystack)}' is not iterable`);
}

/** The JS key a Python dict key maps to (dicts here have string keys only). */
export function keyString(k: unknown): string | undefined {
  const s = asStr(k);
  if (s !== undefined) return s;
  if (typeof k === 'number') return String(k);
  if (k instanceof PyFloat) return String(k.value);
  if (typeof k === 'boolean') return k ? 'True' : 'False';
  if (k === null) return 'None';
  return undefined;
}

function unsupported(op: string, a: unknown, b: unknown): PyError {
  return typeError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function both(a: unknown, b: unknown): void {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
}

function numeric(a: unknown, b: unknown, op: string): [number, number, boolean] {
  if (!isNumber(a) || !isNumber(b)) throw unsupported(op, a, b);
  return [num(a), num(b), isFloat(a) || isFloat(b)];
}

export function add(a: unknown, b: unknown): unknown {
  both(a, b);
  const sa = asStr(a);
  if (sa !== undefined) {
    const sb = asStr(b);
    if (sb === undefined) throw typeError(`can only concatenate str (not "${pyTypeName(b)}") to str`);
    return sa + sb;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b)) {
      const kind = isTuple(a) ? 'tuple' : 'list';
      throw typeError(`can only concatenate ${kind} (not "${pyTypeName(b)}") to ${kind}`);
    }
    const out = [...a, ...b];
    return isTuple(a) ? tuple(out) : out;
  }
  const [x, y, f] = numeric(a, b, '+');
  return mkNum(x + y, f);
}

export function sub(a: unknown, b: unknown): unknown {
  both(a, b);
  if (a instanceof PyDateTime && b instanceof PyDateTime) return new PyTimedelta(a.epochMicro() - b.epochMicro());
  if (a instanceof PyDateTime && b instanceof PyTimedelta) {
    const us = a.epochMicro() - b.totalMicro();
    return new PyDateTime(Math.floor(us / 1e6) * 1000, ((us % 1e6) + 1e6) % 1e6);
  }
  const [x, y, f] = numeric(a, b, '-');
  return mkNum(x - y, f);
}

function repeat(seq: unknown, n: unknown): unknown {
  if (!(typeof n === 'boolean' || (typeof n === 'number' && Number.isInteger(n)))) return undefined;
  const times = Math.max(0, num(n));
  const s = asStr(seq);
  if (s !== undefined) return s.repeat(times);
  if (Array.isArray(seq)) {
    const out: unknown[] = [];
    for (let i = 0; i < times; i++) out.push(...seq);
    return isTuple(seq) ? tuple(out) : out;
  }
  return undefined;
}

export function mul(a: unknown, b: unknown): unknown {
  both(a, b);
  if (!isNumber(a) || !isNumber(b)) {
    const r = isNumber(a) && !isFloat(a) ? repeat(b, a) : repeat(a, b);
    if (r !== undefined) return r;
    const seq = (x: unknown): boolean => Array.isArray(x) || asStr(x) !== undefined;
    if (seq(a) || seq(b)) throw typeError(`can't multiply sequence by non-int of type '${pyTypeName(seq(a) ? b : a)}'`);
    throw unsupported('*', a, b);
  }
  const [x, y, f] = numeric(a, b, '*');
  return mkNum(x * y, f);
}

export function truediv(a: unknown, b: unknown): unknown {
  both(a, b);
  const [x, y] = numeric(a, b, '/');
  if (y === 0) throw new PyError('ZeroDivisionError', 'division by zero');
  return mkNum(x / y, true);
}

export function floordiv(a: unknown, b: unknown): unknown {
  both(a, b);
  const [x, y, f] = numeric(a, b, '//');
  if (y === 0) throw new PyError('ZeroDivisionError', f ? 'float floor division by zero' : 'integer division or modulo by zero');
  return mkNum(Math.floor(x / y), f);
}

export function mod(a: unknown, b: unknown): unknown {
  both(a, b);
  const s = asStr(a);
  if (s !== undefined) return percentFormat(s, b);
  const [x, y, f] = numeric(a, b, '%');
  if (y === 0) throw new PyError('ZeroDivisionError', f ? 'float modulo' : 'integer modulo by zero');
  const r = x - y * Math.floor(x / y);
  return mkNum(r, f);
}

export function pow(a: unknown, b: unknown): unknown {
  both(a, b);
  const [x, y, f] = numeric(a, b, '** or pow()');
  if (x === 0 && y < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
  // C's pow() (Python's) is exact where V8's Math.pow is not for negative integer exponents
  const r = y < 0 && Number.isInteger(y) ? 1 / Math.pow(x, -y) : Math.pow(x, y);
  if ((f || y < 0) && !Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) {
    throw new PyError('OverflowError', "(34, 'Numerical result out of range')");
  }
  return mkNum(r, f || y < 0);
}

export function neg(a: unknown): unknown {
  if (a instanceof Undefined) a.fail();
  if (!isNumber(a)) throw typeError(`bad operand type for unary -: '${pyTypeName(a)}'`);
  return mkNum(-num(a), isFloat(a));
}

export function pos(a: unknown): unknown {
  if (a instanceof Undefined) a.fail();
  if (!isNumber(a)) throw typeError(`bad operand type for unary +: '${pyTypeName(a)}'`);
  return mkNum(num(a), isFloat(a));
}

/** iter(): the items a for loop or a filter walks. */
export function iterate(v: unknown): unknown[] {
  if (v instanceof Undefined) return v.lenient ? [] : v.fail();
  if (Array.isArray(v)) return v;
  const s = asStr(v);
  if (s !== undefined) return [...s];
  if (isDict(v)) return dictKeys(v);
  if (v instanceof Set) return [...v];
  if (v instanceof Map) return [...v.keys()];
  throw typeError(`'${pyTypeName(v)}' object is not iterable`);
}

/** len(). */
export function len(v: unknown): number {
  if (v instanceof Undefined) return v.lenient ? 0 : v.fail();
  const s = asStr(v);
  if (s !== undefined) return [...s].length;
  if (Array.isArray(v)) return v.length;
  if (isDict(v)) return dictKeys(v).length;
  if (v instanceof Set || v instanceof Map) return v.size;
  throw typeError(`object of type '${pyTypeName(v)}' has no len()`);
}

export { MISSING };
