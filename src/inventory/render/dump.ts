/**
 * ansible-inventory's output formats: json.dumps(sort_keys=True, indent=4,
 * ensure_ascii=False) with AnsibleJSONEncoder (vaulted and unsafe values as marker
 * objects), and yaml.dump(default_flow_style=False) with PyYAML's layout (sorted keys,
 * sequences not indented under their key, vaulted values as `!vault |`).
 */
import { yamlLib } from '../../yaml/lib.js';
import { pyJsonDumps } from '../../callback/py-json.js';
import { UnsafeText, VaultText } from '../../yaml/tags.js';

/** AnsibleJSONEncoder(preprocess_unsafe=True, vault_to_text=False). */
function forJson(v: unknown): unknown {
  if (v instanceof VaultText) return { __ansible_vault: v.ciphertext };
  if (v instanceof UnsafeText) return { __ansible_unsafe: v.value };
  if (Array.isArray(v)) return v.map(forJson);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = forJson(x);
    return out;
  }
  return v;
}

/** AnsibleDumper: vaulted text keeps its tag, unsafe text is plain text. */
function forYaml(v: unknown): unknown {
  const { Scalar } = yamlLib();
  if (v instanceof VaultText) {
    const s = new Scalar(v.ciphertext);
    s.tag = '!vault';
    s.type = Scalar.BLOCK_LITERAL;
    return s;
  }
  if (v instanceof UnsafeText) return v.value;
  if (Array.isArray(v)) return v.map(forYaml);
  if (v !== null && typeof v === 'object') {
    if (Object.getPrototypeOf(v) !== Object.prototype) return String(v);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = forYaml(x);
    return out;
  }
  return v;
}

class NeedsPyDump extends Error {}

const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;
const LONE_SURROGATE = /[\ud800-\udfff]/;

/**
 * forJson with keys sorted, for the engine's own JSON.stringify (whose indent=4 layout and
 * escapes are json.dumps's); values where they differ (array-index keys, which JS objects
 * reorder; non-finite numbers; surrogates; other objects) go through pyJsonDumps instead.
 */
function forNativeJson(v: unknown, memo: WeakMap<object, unknown>): unknown {
  if (typeof v === 'string') {
    if (LONE_SURROGATE.test(v)) throw new NeedsPyDump();
    return v;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new NeedsPyDump();
    return v;
  }
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v !== 'object') throw new NeedsPyDump();
  // group variables are the same objects in every host's variables: convert them once
  const known = memo.get(v);
  if (known !== undefined) return known;
  let out: unknown;
  if (v instanceof VaultText || v instanceof UnsafeText) out = forNativeJson(forJson(v), memo);
  else if (Array.isArray(v)) out = arrayForNativeJson(v, memo);
  else if (Object.getPrototypeOf(v) === Object.prototype) out = objectForNativeJson(v as Record<string, unknown>, memo);
  else throw new NeedsPyDump();
  memo.set(v, out);
  return out;
}

/** The array itself when every item stays as it is (most do), else a converted copy. */
function arrayForNativeJson(v: unknown[], memo: WeakMap<object, unknown>): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    const y = x === undefined ? null : forNativeJson(x, memo);
    if (y !== x && !out) out = v.slice(0, i);
    out?.push(y);
  }
  return out ?? v;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The object itself when its keys are sorted and its values stay as they are, else a sorted, converted copy. */
/** Keys already found fine for JSON.stringify: thousands of hosts share a few dozen names. */
const plainKeys = new Set<string>();

function objectForNativeJson(v: Record<string, unknown>, memo: WeakMap<object, unknown>): Record<string, unknown> {
  const keys = Object.keys(v);
  let same = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (!plainKeys.has(k)) {
      if (INDEX_KEY.test(k) || LONE_SURROGATE.test(k)) throw new NeedsPyDump();
      plainKeys.add(k);
    }
    if (i > 0 && keys[i - 1]! > k) same = false;
  }
  const values: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const x = v[keys[i]!];
    const y = x === undefined ? undefined : forNativeJson(x, memo);
    if (y !== x || x === undefined) same = false;
    values[i] = y;
  }
  if (same) return v;
  const order = keys.map((_, i) => i).sort((a, b) => byCodeUnit(keys[a]!, keys[b]!));
  const out: Record<string, unknown> = {};
  for (const i of order) {
    const k = keys[i]!;
    const y = values[i];
    if (y === undefined) continue;
    if (k === '__proto__') Object.defineProperty(out, k, { value: y, writable: true, enumerable: true, configurable: true });
    else out[k] = y;
  }
  return out;
}

export function dumpJson(value: unknown): string {
  try {
    return JSON.stringify(forNativeJson(value, new WeakMap()), null, 4);
  } catch (e) {
    if (!(e instanceof NeedsPyDump)) throw e;
    return pyJsonDumps(forJson(value), 4, true);
  }
}

export function dumpYaml(value: unknown): string {
  const doc = new (yamlLib().Document)(forYaml(value), {
    version: '1.1',
    sortMapEntries: true,
    customTags: [{ tag: '!vault', resolve: (s: string) => s }],
  });
  return doc.toString({ indentSeq: false, singleQuote: true, lineWidth: 80, minContentWidth: 0 });
}
