/**
 * ansible-inventory's output formats: json.dumps(sort_keys=True, indent=4,
 * ensure_ascii=False) and yaml.dump(default_flow_style=False) with PyYAML's layout
 * (sorted keys, sequences not indented under their key, single-quoted strings).
 */
import { Document } from 'yaml';
import { pyJsonDumps } from '../../callback/py-json.js';

export function dumpJson(value: unknown): string {
  return pyJsonDumps(value, 4, true);
}

export function dumpYaml(value: unknown): string {
  const doc = new Document(toPlain(value), { version: '1.1', sortMapEntries: true });
  return doc.toString({ indentSeq: false, singleQuote: true, lineWidth: 80, minContentWidth: 0 });
}

/** Values with toJSON (unsafe, vaulted text) as the data they stand for. */
function toPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object') {
    if (Object.getPrototypeOf(v) !== Object.prototype) {
      const j = (v as { toJSON?: () => unknown }).toJSON;
      return typeof j === 'function' ? j.call(v) : String(v);
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
    return out;
  }
  return v;
}
