/**
 * Python's json.dumps(obj, indent=…, sort_keys=True, ensure_ascii=False): the exact text
 * ansible-playbook prints for results.
 */
import { PyFloat } from '../template/py/values.js';

export function pyJsonDumps(value: unknown, indent?: number, sortKeys = true): string {
  return dump(value, indent, sortKeys, 0);
}

function str(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\u2028').replace(/\u2029/g, '\u2029');
}

function num(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/** repr() of a float with an integral value (PyFloat): 5.0, 1e+16. */
function integralFloat(n: number): string {
  if (!Number.isFinite(n)) return num(n);
  return Math.abs(n) < 1e16 ? `${n}.0` : n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

function dump(v: unknown, indent: number | undefined, sortKeys: boolean, level: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return str(v);
  if (v instanceof PyFloat) return integralFloat(v.value);
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function' && !Array.isArray(v)) {
    return dump((v as { toJSON: () => unknown }).toJSON(), indent, sortKeys, level);
  }
  const pad = indent === undefined ? '' : '\n' + ' '.repeat(indent * (level + 1));
  const end = indent === undefined ? '' : '\n' + ' '.repeat(indent * level);
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + v.map((x) => pad + dump(x, indent, sortKeys, level + 1)).join(sep) + end + ']';
  }
  if (v instanceof Map) return dump(Object.fromEntries(v), indent, sortKeys, level);
  if (v instanceof Set) return dump([...v], indent, sortKeys, level);
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  if (sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, x]) => pad + str(k) + ': ' + dump(x, indent, sortKeys, level + 1)).join(sep) + end + '}';
}
