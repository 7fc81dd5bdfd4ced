/* Lookups that reshape their terms: items, list, dict, indexed_items, sequence, nested, together, random_choice. */
import { percentFormat } from '../py/format.js';
import { PyError } from '../py/errors.js';
import { systemRandom } from '../py/random.js';
import { dictEntries, isDict, isTuple, tuple } from '../py/values.js';
import { parseIntStr } from '../filters/math.js';
import type { LookupTable } from '../registry.js';
import { text } from '../filters/support.js';

function ansibleError(msg: string): PyError {
  return new PyError('AnsibleError', msg);
}

function flatten1(terms: unknown[]): unknown[] {
  return terms.flatMap((t) => (Array.isArray(t) ? t : [t]));
}

const NUM = '(0?x?[0-9a-f]+)';
const SHORTCUT = new RegExp(`^(${NUM}-)?${NUM}(/${NUM})?(:(.+))?$`, 'i');

function int0(s: string, what: string): number {
  try {
    return parseIntStr(s, 0);
  } catch {
    throw ansibleError(`can't parse ${what}=${s} as integer`);
  }
}

/** Ansible's parse_kv for `key=value key2='quoted value'`. */
function parseKv(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/(\w+)=("([^"]*)"|'([^']*)'|\S*)/g)) out[m[1]!] = m[3] ?? m[4] ?? m[2]!;
  return out;
}

function sequence(term: string): string[] {
  let start = 1;
  let end: number | undefined;
  let count: number | undefined;
  let stride = 1;
  let format = '%d';
  const m = SHORTCUT.exec(term);
  if (m) {
    if (m[2] !== undefined) start = int0(m[2], 'start');
    end = int0(m[3]!, 'end');
    if (m[5] !== undefined) stride = int0(m[5], 'stride');
    if (m[7] !== undefined) format = m[7];
  } else {
    const kv = parseKv(term);
    for (const k of ['start', 'end', 'count', 'stride'] as const) {
      if (kv[k] === undefined) continue;
      const v = int0(kv[k]!, k);
      if (k === 'start') start = v;
      else if (k === 'end') end = v;
      else if (k === 'count') count = v;
      else stride = v;
      delete kv[k];
    }
    if (kv['format'] !== undefined) {
      format = kv['format'];
      delete kv['format'];
    }
    const extra = Object.keys(kv);
    if (extra.length) throw ansibleError(`unrecognized arguments to with_sequence: [${extra.map((k) => `'${k}'`).join(', ')}]`);
  }
  if (count === undefined && end === undefined) throw ansibleError('must specify count or end in with_sequence');
  if (count !== undefined && end !== undefined) throw ansibleError("can't specify both count and end in with_sequence");
  if (count !== undefined) {
    if (count !== 0) end = start + count * stride - 1;
    else start = end = stride = 0;
  }
  const last = end!;
  if (stride > 0 && last < start) throw ansibleError('to count backwards make stride negative');
  if (stride < 0 && last > start) throw ansibleError("to count forward don't make stride negative");
  if ((format.match(/%/g) ?? []).length !== 1) throw ansibleError(`bad formatting string: ${format}`);
  const out: string[] = [];
  const adjust = stride >= 0 ? 1 : -1;
  if (stride === 0) return out;
  for (let i = start; stride > 0 ? i < last + adjust : i > last + adjust; i += stride) out.push(percentFormat(format, i));
  return out;
}

export const LIST_LOOKUPS: LookupTable = {
  items: (_e, terms) => flatten1(terms),
  list: (_e, terms) => terms,
  dict: (_e, terms) =>
    terms.flatMap((t) => {
      if (!isDict(t)) throw ansibleError('with_dict expects a dict');
      return dictEntries(t).map(([key, value]) => ({ key, value }));
    }),
  indexed_items: (_e, terms) => flatten1(terms).map((x, i) => tuple([i, x])),
  sequence: (_e, terms) =>
    terms.flatMap((t) => {
      try {
        return sequence(text(t));
      } catch (e) {
        if (e instanceof PyError) throw ansibleError(`unknown error generating sequence: ${e.message}`);
        throw e;
      }
    }),
  nested: (_e, terms) => {
    if (!terms.length) throw ansibleError('with_nested requires at least one element in the nested list');
    const lists = terms.map((t) => (Array.isArray(t) ? t : [t]));
    return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((p) => l.map((x) => [...p, ...(Array.isArray(x) && !isTuple(x) ? x : [x])])), [[]]);
  },
  together: (_e, terms) => {
    if (!terms.length) throw ansibleError('with_together requires at least one element in each list');
    const lists = terms.map((t) => (Array.isArray(t) ? t : [t]));
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i] : null)));
  },
  random_choice: (_e, terms) => (terms.length ? [systemRandom.choice(terms)] : []),
};
