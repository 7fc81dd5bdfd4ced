/**
 * A fast reader for the vars files most inventories are made of: a top-level mapping of
 * `key: value` lines whose values are plain or quoted scalars or flow collections of them.
 * Nested block mappings of such lines are read too (a YAML inventory's groups and hosts).
 * It answers `undefined` for anything else (sequences, anchors, tags, block scalars, comments
 * after values, values whose YAML 1.1 type is not obvious), and the caller uses the full
 * YAML loader. Thousands of host_vars files make the full loader the inventory's hot spot.
 */

type Vars = Record<string, unknown>;

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_.-]*):(?: +(.*))?$/;
const BOOLS = new Map<string, boolean>([
  ...['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((w) => [w, true] as const),
  ...['false', 'False', 'FALSE', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].map((w) => [w, false] as const),
]);
const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
const DEC_INT = /^[-+]?(?:0|[1-9][0-9]{0,14})$/;
const FLOAT = /^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$/;
// Plain scalars whose type YAML 1.1 loaders decide in ways worth leaving to the full loader:
// y/n, .inf/.nan, .5-style floats, `=`, `<<`, and anything with a colon (1:30, a:b).
const AMBIGUOUS = /^(?:[yYnN]$|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$|[-+]?\.[0-9]|=$|<<$)|:/;
const DOTTED = /^[0-9]+(?:\.[0-9]+){2,}$/;
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

class NotSimple extends Error {}

function plainScalar(text: string): unknown {
  if (text === '' || NULLS.has(text)) return null;
  const b = BOOLS.get(text);
  if (b !== undefined) return b;
  if (DEC_INT.test(text) || FLOAT.test(text)) return Number(text);
  if (INDICATOR.test(text) || AMBIGUOUS.test(text) || text.includes(' #') || /\s$/.test(text) || text.includes('\t')) throw new NotSimple();
  // other digit-led scalars (0644, 1_000, 1e3, dates) are YAML 1.1 types: only dotted numbers stay text
  if (/^[-+]?[0-9]/.test(text) && !DOTTED.test(text)) throw new NotSimple();
  return text;
}

/** Reads one flow value (scalar or collection) of `s` from `i`; returns the value and the index after it. */
function flowValue(s: string, i: number, depth: number): [unknown, number] {
  while (s[i] === ' ') i++;
  const c = s[i];
  if (c === '[' || c === '{') {
    if (depth > 8) throw new NotSimple();
    const close = c === '[' ? ']' : '}';
    const out: unknown[] = [];
    const map: Vars = {};
    i++;
    for (;;) {
      while (s[i] === ' ') i++;
      if (s[i] === close) return [c === '[' ? out : map, i + 1];
      if (c === '[') {
        const [v, j] = flowValue(s, i, depth + 1);
        out.push(v);
        i = j;
      } else {
        const [k, j] = flowValue(s, i, depth + 1);
        if (typeof k !== 'string' || k === '__proto__' || s[j] !== ':' || s[j + 1] !== ' ') throw new NotSimple();
        const [v, l] = flowValue(s, j + 2, depth + 1);
        map[k] = v;
        i = l;
      }
      while (s[i] === ' ') i++;
      if (s[i] === ',') i++;
      else if (s[i] !== close) throw new NotSimple();
    }
  }
  if (c === "'" || c === '"') {
    let j = i + 1;
    let text = '';
    for (;;) {
      const k = s.indexOf(c, j);
      if (k < 0) throw new NotSimple();
      text += s.slice(j, k);
      if (c === "'" && s[k + 1] === "'") {
        text += "'";
        j = k + 2;
        continue;
      }
      if (c === '"' && text.includes('\\')) throw new NotSimple();
      return [text, k + 1];
    }
  }
  let j = i;
  while (j < s.length && !',]}'.includes(s[j]!) && !(s[j] === ':' && s[j + 1] === ' ')) j++;
  return [plainScalar(s.slice(i, j).trimEnd()), j];
}

function value(text: string): unknown {
  const c = text[0];
  if (c === '[' || c === '{' || c === "'" || c === '"') {
    const [v, end] = flowValue(text, 0, 0);
    if (text.slice(end).trim() !== '') throw new NotSimple();
    return v;
  }
  return plainScalar(text);
}

export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

interface MapPositions {
  self: LineColumn;
  keys: Map<string, LineColumn>;
}

const positions = new WeakMap<object, MapPositions>();

/** Where a block mapping the fast reader made, or one of its keys, starts (as the full loader records it). */
export function simplePositionOf(container: unknown, key?: string): LineColumn | undefined {
  if (container === null || typeof container !== 'object') return undefined;
  const p = positions.get(container);
  if (!p) return undefined;
  return (key === undefined ? undefined : p.keys.get(key)) ?? p.self;
}

interface Level {
  indent: number;
  map: Vars;
  keys: Map<string, LineColumn>;
}

/**
 * The mapping, or undefined when the text is not in the simple subset: `key: value` lines,
 * and `key:` lines that are null or open a deeper block mapping of the same kind.
 */
export function parseSimpleYaml(text: string): Vars | undefined {
  const out: Vars = {};
  let any = false;
  const lines = text.split('\n');
  const stack: Level[] = [{ indent: 0, map: out, keys: new Map() }];
  // a `key:` line waiting to see whether the next line opens its mapping
  let open: { indent: number; key: string; parent: Level } | undefined;
  try {
    for (let n = 0; n < lines.length; n++) {
      let line = lines[n]!;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      let indent = 0;
      while (line.charCodeAt(indent) === 32) indent++;
      if (indent === line.length || line[indent] === '#') continue;
      if (line === '---' && !any && n === lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'))) continue;
      const m = KEY_LINE.exec(indent === 0 ? line : line.slice(indent));
      if (!m || m[2] === '') return undefined;
      const key = m[1]!;
      if (BOOLS.has(key) || NULLS.has(key) || /^[yYnN]$/.test(key) || key === '__proto__') return undefined;
      const at: LineColumn = { line: n + 1, column: indent + 1 };
      if (open && indent > open.indent) {
        const level: Level = { indent, map: {}, keys: new Map() };
        positions.set(level.map, { self: at, keys: level.keys });
        open.parent.map[open.key] = level.map;
        stack.push(level);
      } else {
        // deeper than its mapping after a `key: value` line: a continuation, not simple
        if (indent > stack[stack.length - 1]!.indent) return undefined;
        while (stack[stack.length - 1]!.indent > indent) stack.pop();
        if (stack[stack.length - 1]!.indent !== indent) return undefined;
      }
      open = undefined;
      const level = stack[stack.length - 1]!;
      level.keys.set(key, at);
      if (level.map === out && !any) positions.set(out, { self: at, keys: level.keys });
      if (m[2] === undefined) {
        level.map[key] = null;
        open = { indent, key, parent: level };
      } else {
        level.map[key] = value(m[2]);
      }
      any = true;
    }
  } catch (e) {
    if (e instanceof NotSimple) return undefined;
    throw e;
  }
  return any ? out : undefined;
}
