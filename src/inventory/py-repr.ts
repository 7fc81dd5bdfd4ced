/**
 * Python's str() and repr() of loaded values, for text Ansible builds with `%s`
 * (ansible-inventory's `--graph --vars` lines, some error messages).
 */
import { isPyTuple, pyFloatRepr } from './py-literal.js';

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if ((cp >= 0x80 && cp < 0xa0) || cp === 0xad) out += '\\x' + cp.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

function reprNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? String(n) : pyFloatRepr(n);
}

/** repr(value): strings quoted, True/False/None, dicts and lists as Python writes them. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return reprNumber(v);
  if (typeof v === 'string') return reprString(v);
  if (Array.isArray(v)) {
    if (isPyTuple(v)) return v.length === 1 ? `(${pyRepr(v[0])},)` : '(' + v.map(pyRepr).join(', ') + ')';
    return '[' + v.map(pyRepr).join(', ') + ']';
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof (o as { toJSON?: unknown }).toJSON === 'function' && Object.getPrototypeOf(o) !== Object.prototype) {
      return pyRepr((o as { toJSON: () => unknown }).toJSON());
    }
    return '{' + Object.entries(o).map(([k, x]) => `${reprString(k)}: ${pyRepr(x)}`).join(', ') + '}';
  }
  return String(v);
}

/** str(value): like repr, but a string is itself. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) {
    return String(v);
  }
  return pyRepr(v);
}
