/* Number filters (Jinja's int/float/abs/round) and Ansible's mathstuff.py. */
import { PyError, typeError, valueError } from '../py/errors.js';
import { pyFixed, pyRound } from '../py/numbers.js';
import { eq, iterate } from '../py/ops.js';
import { PyFloat, asStr, isFloat, isNumber, mkNum, num, pyTypeName, tuple } from '../py/values.js';
import type { EvalEnv, FilterTable } from '../registry.js';
import { attrGetter, bind, boolArg, hashKey, ignoreCase, intArg, list, optInt, text, type Kwargs } from './support.js';

const INT_RE: Record<number, RegExp> = {
  2: /^[-+]?(0[bB])?_?[01](_?[01])*$/,
  8: /^[-+]?(0[oO])?_?[0-7](_?[0-7])*$/,
  10: /^[-+]?\d(_?\d)*$/,
  16: /^[-+]?(0[xX])?_?[0-9a-fA-F](_?[0-9a-fA-F])*$/,
};

/** Python's int(str, base); ValueError when it does not parse. */
export function parseIntStr(s: string, base: number): number {
  const t = s.trim();
  let b = base;
  if (b === 0) b = /^[-+]?0[xX]/.test(t) ? 16 : /^[-+]?0[oO]/.test(t) ? 8 : /^[-+]?0[bB]/.test(t) ? 2 : 10;
  const re = INT_RE[b];
  const ok = re ? re.test(t) : new RegExp(`^[-+]?[0-9a-z]+$`, 'i').test(t);
  if (!ok || (base === 0 && b === 10 && /^[-+]?0\d/.test(t) && /[1-9]/.test(t))) {
    throw valueError(`invalid literal for int() with base ${base}: ${JSON.stringify(s).replace(/^"|"$/g, "'")}`);
  }
  const digits = t.replace(/_/g, '').replace(/^([-+]?)0[xXoObB]/, '$1');
  const n = parseInt(digits, b);
  if (Number.isNaN(n)) throw valueError(`invalid literal for int() with base ${base}: '${s}'`);
  return n;
}

/** Python's float(str). */
export function parseFloatStr(s: string): number {
  const t = s.trim().replace(/(\d)_(?=\d)/g, '$1');
  if (/^[-+]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/i.test(t)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) throw valueError(`could not convert string to float: '${s}'`);
  return parseFloat(t);
}

function toInt(v: unknown, base: number | undefined): number {
  const s = asStr(v);
  if (s !== undefined) return parseIntStr(s, base ?? 10);
  if (isNumber(v)) {
    const n = num(v);
    if (!Number.isFinite(n)) {
      if (Number.isNaN(n)) throw valueError('cannot convert float NaN to integer');
      throw new PyError('OverflowError', 'cannot convert float infinity to integer');
    }
    return Math.trunc(n);
  }
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(v)}'`);
}

export function toFloat(v: unknown): number {
  const s = asStr(v);
  if (s !== undefined) return parseFloatStr(s);
  if (isNumber(v)) return num(v);
  throw typeError(`float() argument must be a string or a real number, not '${pyTypeName(v)}'`);
}

function soft<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PyError && (e.pyType === 'ValueError' || e.pyType === 'TypeError')) return undefined;
    throw e;
  }
}

function mathArg(v: unknown, name: string): number {
  if (!isNumber(v)) throw new PyError('AnsibleFilterTypeError', `${name}() can only be used on numbers: must be real number, not ${pyTypeName(v)}`);
  return num(v);
}

/** Ansible's unique: Jinja's (case-insensitive) for hashable items, else its own list version. */
function unique(env: EvalEnv, a: unknown, caseSensitive: unknown, attribute: unknown): unknown[] {
  const items = iterate(a);
  const key = attrGetter(env, attribute ?? null, caseSensitive === true ? undefined : ignoreCase);
  try {
    const seen = new Set<string>();
    return items.filter((x) => {
      const k = hashKey(key(x));
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  } catch (e) {
    if (!(e instanceof PyError) || caseSensitive === false || (attribute !== undefined && attribute !== null)) throw e;
  }
  const out: unknown[] = [];
  for (const x of items) if (!out.some((y) => eq(y, x))) out.push(x);
  return out;
}

function has(b: unknown[], x: unknown): boolean {
  return b.some((y) => eq(y, x));
}

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((p) => l.map((x) => [...p, x])), [[]]).map((p) => tuple(p));
}

function permutations(items: unknown[], r: number): unknown[][] {
  if (r > items.length) return [];
  if (r === 0) return [tuple([])];
  const out: unknown[][] = [];
  items.forEach((x, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)], r - 1)) out.push(tuple([x, ...rest]));
  });
  return out;
}

function combinations(items: unknown[], r: number, start = 0): unknown[][] {
  if (r === 0) return [tuple([])];
  const out: unknown[][] = [];
  for (let i = start; i <= items.length - r; i++) {
    for (const rest of combinations(items, r - 1, i + 1)) out.push(tuple([items[i], ...rest]));
  }
  return out;
}

const SIZES: Array<[string, number]> = [
  ['Y', 2 ** 80], ['Z', 2 ** 70], ['E', 2 ** 60], ['P', 2 ** 50], ['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10], ['B', 1],
];

export function bytesToHuman(size: number, isbits: boolean, unit: string | undefined): string {
  const base = isbits ? 'bits' : 'Bytes';
  let [suffix, limit] = SIZES[SIZES.length - 1]!;
  for (const [s, l] of SIZES) {
    if ((unit === undefined && size >= l) || (unit !== undefined && unit.toUpperCase() === s[0])) {
      [suffix, limit] = [s, l];
      break;
    }
  }
  return `${pyFixed(size / limit, 2)} ${limit !== 1 ? suffix + base[0] : base}`;
}

export function humanToBytes(value: unknown, defaultUnit: string | undefined, isbits: boolean): number {
  const s = text(value);
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(s)!;
  const n = parseFloat(m[1] ?? '');
  if (Number.isNaN(n)) throw valueError(`human_to_bytes() can't interpret following number: ${m[1]} (original input string: ${s})`);
  const unit = m[2] ?? defaultUnit;
  if (unit === undefined) return pyRound(n, 0);
  const rangeKey = unit[0]!.toUpperCase();
  const limit = SIZES.find(([k]) => k === rangeKey)?.[1];
  if (limit === undefined) {
    throw valueError(`human_to_bytes() failed to convert ${s} (unit = ${unit}). The suffix must be one of Y, Z, E, P, T, G, M, K, B`);
  }
  const cls = isbits ? 'b' : 'B';
  const clsName = isbits ? 'bit' : 'byte';
  if (unit.length > 1 && !unit.toLowerCase().includes(clsName) && unit[1] !== cls) {
    const expect = rangeKey === 'B' ? `expect ${cls} or ${clsName}` : `expect ${rangeKey}${cls} or ${rangeKey}`;
    throw valueError(`human_to_bytes() failed to convert ${s}. Value is not a valid string (${expect})`);
  }
  return pyRound(n * limit, 0);
}

function filterError(e: unknown, msg: string): never {
  if (e instanceof PyError && e.pyType === 'TypeError') throw new PyError('AnsibleFilterTypeError', msg);
  throw new PyError('AnsibleFilterError', msg);
}

export const MATH_FILTERS: FilterTable = {
  int: (_e, v, a, kw) => {
    const [dflt, base] = bind('int', a, kw, ['default', 'base']);
    const b = base === undefined ? undefined : intArg(base);
    return soft(() => toInt(v, b)) ?? soft(() => toInt(toFloat(v), undefined)) ?? (dflt === undefined ? 0 : dflt);
  },
  float: (_e, v, a, kw) => {
    const [dflt] = bind('float', a, kw, ['default']);
    const f = soft(() => toFloat(v));
    return f === undefined ? (dflt === undefined ? new PyFloat(0) : dflt) : mkNum(f, true);
  },
  abs: (_e, v) => {
    if (!isNumber(v)) throw typeError(`bad operand type for abs(): '${pyTypeName(v)}'`);
    return mkNum(Math.abs(num(v)), isFloat(v));
  },
  round: (_e, v, a, kw) => {
    const [p, method] = bind('round', a, kw, ['precision', 'method']);
    const m = method === undefined ? 'common' : text(method);
    if (!['common', 'ceil', 'floor'].includes(m)) throw new PyError('FilterArgumentError', 'method must be common, ceil or floor');
    const prec = optInt(p, 0);
    if (!isNumber(v)) throw typeError(`type ${pyTypeName(v)} doesn't define __round__ method`);
    const x = num(v);
    if (m === 'common') return isFloat(v) ? mkNum(pyRound(x, prec), true) : x;
    const f = m === 'ceil' ? Math.ceil : Math.floor;
    return mkNum(f(x * 10 ** prec) / 10 ** prec, true);
  },
  log: (_e, v, a, kw) => {
    const [base] = bind('log', a, kw, ['base']);
    const x = mathArg(v, 'log');
    if (x <= 0) throw valueError('math domain error');
    if (base === undefined) return mkNum(Math.log(x), true);
    const b = mathArg(base, 'log');
    return mkNum(b === 10 ? Math.log10(x) : Math.log(x) / Math.log(b), true);
  },
  pow: (_e, v, a, kw) => {
    const [y] = bind('pow', a, kw, ['y'], 1);
    return mkNum(Math.pow(mathArg(v, 'pow'), mathArg(y, 'pow')), true);
  },
  root: (_e, v, a, kw) => {
    const [base] = bind('root', a, kw, ['base']);
    const x = mathArg(v, 'root');
    const b = base === undefined ? 2 : mathArg(base, 'root');
    if (x < 0) throw new PyError('AnsibleFilterTypeError', 'root() can only be used on numbers: math domain error');
    return mkNum(b === 2 ? Math.sqrt(x) : Math.pow(x, 1 / b), true);
  },
  unique: (env, v, a, kw) => {
    const [cs, attr] = bind('unique', a, kw, ['case_sensitive', 'attribute']);
    return unique(env, v, cs, attr);
  },
  union: (env, v, a, kw) => unique(env, [...list(v), ...list(bind('union', a, kw, ['b'], 1)[0])], true, undefined),
  intersect: (env, v, a, kw) => {
    const b = list(bind('intersect', a, kw, ['b'], 1)[0]);
    return unique(env, list(v).filter((x) => has(b, x)), true, undefined);
  },
  difference: (env, v, a, kw) => {
    const b = list(bind('difference', a, kw, ['b'], 1)[0]);
    return unique(env, list(v).filter((x) => !has(b, x)), true, undefined);
  },
  symmetric_difference: (env, v, a, kw) => {
    const b = list(bind('symmetric_difference', a, kw, ['b'], 1)[0]);
    const isect = unique(env, list(v).filter((x) => has(b, x)), true, undefined);
    return unique(env, [...list(v), ...b], true, undefined).filter((x) => !has(isect, x));
  },
  product: (_e, v, a, kw: Kwargs) => {
    const lists = [list(v), ...a.map(list)];
    const repeat = optInt(kw['repeat'], 1);
    const all: unknown[][] = [];
    for (let i = 0; i < repeat; i++) all.push(...lists);
    return product(all);
  },
  permutations: (_e, v, a, kw) => {
    const items = list(v);
    const [r] = bind('permutations', a, kw, ['r']);
    return permutations(items, optInt(r, items.length));
  },
  combinations: (_e, v, a, kw) => combinations(list(v), intArg(bind('combinations', a, kw, ['r'], 1)[0])),
  zip: (_e, v, a) => {
    const lists = [list(v), ...a.map(list)];
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i])));
  },
  zip_longest: (_e, v, a, kw) => {
    const lists = [list(v), ...a.map(list)];
    const n = Math.max(...lists.map((l) => l.length));
    const fill = kw['fillvalue'] ?? null;
    return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => (i < l.length ? l[i] : fill))));
  },
  human_readable: (_e, v, a, kw) => {
    const [isbits, unit] = bind('human_readable', a, kw, ['isbits', 'unit']);
    if (!isNumber(v)) {
      throw new PyError('AnsibleFilterTypeError', `human_readable() failed on bad input: '>=' not supported between instances of '${pyTypeName(v)}' and 'int'`);
    }
    return bytesToHuman(num(v), boolArg(isbits), unit === undefined || unit === null ? undefined : text(unit));
  },
  human_to_bytes: (_e, v, a, kw) => {
    const [unit, isbits] = bind('human_to_bytes', a, kw, ['default_unit', 'isbits']);
    try {
      return humanToBytes(v, unit === undefined || unit === null ? undefined : text(unit), boolArg(isbits));
    } catch (e) {
      filterError(e, `human_to_bytes() can't interpret following string: ${text(v)}`);
    }
  },
};
