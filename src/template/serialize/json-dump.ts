/* Python's json.dumps (with AnsibleJSONEncoder's handling of mappings and dates). */
import { PyDateTime } from '../py/datetime.js';
import { typeError } from '../py/errors.js';
import { floatRepr, intRepr } from '../py/repr.js';
import { PyFloat, asStr, dictEntries, isDict, pyTypeName } from '../py/values.js';

export interface JsonOptions {
  indent?: number | string | null;
  sortKeys?: boolean;
  ensureAscii?: boolean;
  separators?: [string, string];
}

function str(s: string, ascii: boolean): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp < 0x20 || (ascii && cp > 0x7e)) {
      if (cp > 0xffff) {
        const v = cp - 0x10000;
        out += `\\u${(0xd800 + (v >> 10)).toString(16).padStart(4, '0')}\\u${(0xdc00 + (v & 0x3ff)).toString(16).padStart(4, '0')}`;
      } else out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

function float(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return floatRepr(x);
}

export function jsonDumps(value: unknown, o: JsonOptions = {}): string {
  const ascii = o.ensureAscii ?? true;
  const indent = o.indent === null || o.indent === undefined ? undefined : typeof o.indent === 'number' ? ' '.repeat(o.indent) : o.indent;
  const [itemSep, keySep] = o.separators ?? (indent === undefined ? [', ', ': '] : [',', ': ']);
  const seen = new Set<unknown>();
  const dump = (v: unknown, level: number): string => {
    if (v === null || v === undefined) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (v instanceof PyFloat) return float(v.value);
    if (typeof v === 'number') return Number.isInteger(v) ? intRepr(v) : float(v);
    const s = asStr(v);
    if (s !== undefined) return str(s, ascii);
    if (v instanceof PyDateTime) return str(v.isoformat(), ascii);
    if (seen.has(v)) throw new Error('Circular reference detected');
    const nl = indent === undefined ? '' : '\n' + indent.repeat(level + 1);
    const close = indent === undefined ? '' : '\n' + indent.repeat(level);
    seen.add(v);
    try {
      if (Array.isArray(v)) {
        if (!v.length) return '[]';
        return '[' + nl + v.map((x) => dump(x, level + 1)).join(itemSep + nl) + close + ']';
      }
      if (isDict(v)) {
        let entries = dictEntries(v);
        if (!entries.length) return '{}';
        if (o.sortKeys) entries = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return '{' + nl + entries.map(([k, x]) => str(k, ascii) + keySep + dump(x, level + 1)).join(itemSep + nl) + close + '}';
      }
    } finally {
      seen.delete(v);
    }
    throw typeError(`Object of type ${pyTypeName(v)} is not JSON serializable`);
  };
  return dump(value, 0);
}
