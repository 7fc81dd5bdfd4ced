/* Python's str() and repr(): what a value looks like when a template prints it. */
import { Undefined } from './undefined.js';
import { LazyMapping, MISSING, Namespace, PyFloat, asStr, dictEntries, isDict, isTuple, pyTypeName } from './values.js';

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** repr() of a str: single quotes unless the text has ' and no ". */
export function reprStr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp < 0x100) out += '\\x' + cp.toString(16).padStart(2, '0');
      else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
      else out += '\\U' + cp.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + q;
}

/** repr() of a float: the shortest round-trip digits, exponent outside 1e-4 … 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant = '', expStr = '0'] = x.toExponential().split('e');
  const exp = parseInt(expStr, 10);
  const digits = mant.replace('-', '').replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      return `${sign}${intPart}.${digits.slice(exp + 1) || '0'}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${sign}${m}e${e}`;
}

export function intRepr(n: number): string {
  if (Object.is(n, -0)) return '0';
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
}

export function numRepr(v: number | PyFloat): string {
  if (v instanceof PyFloat) return floatRepr(v.value);
  return Number.isInteger(v) ? intRepr(v) : floatRepr(v);
}

/** Jinja's object_type_repr: 'dict object', 'None' … */
export function objectTypeRepr(obj: unknown): string {
  if (obj === null || obj === undefined) return 'None';
  if (obj instanceof LazyMapping) return obj.typeRepr;
  return `${pyTypeName(obj)} object`;
}

export function pyRepr(v: unknown, seen: Set<object> = new Set()): string {
  if (v instanceof Undefined) return undefinedRepr(v, seen);
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || v instanceof PyFloat) return numRepr(v);
  const s = asStr(v);
  if (s !== undefined) return reprStr(s);
  if (typeof v === 'function') {
    const name = (v as { pyName?: string }).pyName ?? v.name ?? 'function';
    return `<built-in method ${name}>`;
  }
  if (typeof v !== 'object') return String(v);
  if (seen.has(v)) return Array.isArray(v) ? '[...]' : '{...}';
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      const items = v.map((x) => pyRepr(x, seen));
      if (isTuple(v)) return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
      return `[${items.join(', ')}]`;
    }
    if (isDict(v)) return reprDict(v, seen);
    if (v instanceof Namespace) return `<Namespace ${reprDict(v.attrs, seen)}>`;
    if (v instanceof Set) return v.size ? `{${[...v].map((x) => pyRepr(x, seen)).join(', ')}}` : 'set()';
    return String(v);
  } finally {
    seen.delete(v);
  }
}

function reprDict(d: Record<string, unknown> | LazyMapping, seen: Set<object>): string {
  return `{${dictEntries(d)
    .map(([k, x]) => `${reprStr(k)}: ${pyRepr(x, seen)}`)
    .join(', ')}}`;
}

/** AnsibleUndefined.__repr__ (repr() of an undefined value does not fail; str() does). */
function undefinedRepr(u: Undefined, seen: Set<object>): string {
  if (u.lenient) return 'Undefined';
  const hint = u.hint === undefined ? 'None' : reprStr(u.hint);
  const obj = u.obj === MISSING ? 'missing' : pyRepr(u.obj, seen);
  const name = u.name === undefined ? 'None' : typeof u.name === 'string' || typeof u.name === 'number' ? pyRepr(u.name) : String(u.name);
  return `AnsibleUndefined(hint=${hint}, obj=${obj}, name=${name})`;
}

/** Fails on an undefined value anywhere inside (Ansible's _fail_on_undefined before output). */
export function failOnUndefined(v: unknown, depth = 0): void {
  if (v instanceof Undefined) {
    if (!v.lenient) v.fail();
    return;
  }
  if (depth > 100 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) for (const x of v) failOnUndefined(x, depth + 1);
  else if (isDict(v)) for (const [, x] of dictEntries(v)) failOnUndefined(x, depth + 1);
}

/** str(): strings as they are, everything else as repr() does. */
export function pyStr(v: unknown): string {
  if (v instanceof Undefined) return v.lenient ? '' : v.fail();
  const s = asStr(v);
  if (s !== undefined) return s;
  return pyRepr(v);
}
