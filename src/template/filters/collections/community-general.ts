/*
 * community.general's most used filters: json_query (JMESPath, through the `jmespath` npm
 * package, the JavaScript implementation of the same specification as Python's jmespath),
 * dict (Python's dict() of pairs) and version_sort (sorted by LooseVersion).
 */
import jmespath from 'jmespath';
import { PyError, filterError, typeError } from '../../py/errors.js';
import { cmp, iterate } from '../../py/ops.js';
import { PyFloat, asStr, dictEntries, isDict, pyTypeName } from '../../py/values.js';
import type { FilterFn, FilterTable } from '../../registry.js';
import { bind, boolArg } from '../support.js';

/** Template values as plain JSON-like data for the JMESPath engine. */
function plainData(v: unknown): unknown {
  const s = asStr(v);
  if (s !== undefined) return s;
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.map(plainData);
  if (isDict(v)) return Object.fromEntries(dictEntries(v).map(([k, x]) => [k, plainData(x)]));
  return v;
}

const jsonQuery: FilterFn = (_env, value, args, kwargs) => {
  const [expr] = bind('json_query', args, kwargs, ['expr'], 1);
  const text = asStr(expr);
  if (text === undefined) throw filterError(`Error in jmespath.search in json_query filter plugin:\nexpression must be a string, got ${pyTypeName(expr)}`);
  try {
    return jmespath.search(plainData(value), text) as unknown;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw filterError(`JMESPathError in json_query filter plugin:\n${msg}`);
  }
};

/** dict(sequence): each item a pair (any two-item iterable). */
const dictFilter: FilterFn = (_env, value) => {
  const out: Record<string, unknown> = {};
  for (const [i, item] of iterate(value).entries()) {
    let pair: unknown[];
    try {
      pair = iterate(item);
    } catch {
      throw typeError(`cannot convert dictionary update sequence element #${i} to a sequence`);
    }
    if (pair.length !== 2) throw new PyError('ValueError', `dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
    const k = pair[0];
    const key = asStr(k) ?? (typeof k === 'number' ? String(k) : typeof k === 'boolean' ? (k ? 'True' : 'False') : k === null ? 'None' : undefined);
    if (key === undefined) throw typeError(`unhashable type: '${pyTypeName(pair[0])}'`);
    out[key] = pair[1];
  }
  return out;
};

/** distutils' LooseVersion components: runs of digits as ints, runs of a-z as strings, dots dropped. */
function looseVersion(v: unknown): unknown[] {
  const s = asStr(v) ?? String(v);
  return s
    .split(/(\d+|[a-z]+|\.)/)
    .filter((x) => x && x !== '.')
    .map((x) => (/^\d+$/.test(x) ? parseInt(x, 10) : x));
}

const versionSort: FilterFn = (_env, value, args, kwargs) => {
  const [reverse] = bind('version_sort', args, kwargs, ['reverse']);
  const keyed = iterate(value).map((item) => ({ item, key: looseVersion(item) }));
  const rev = boolArg(reverse);
  keyed.sort((a, b) => (rev ? cmp(b.key, a.key) : cmp(a.key, b.key)));
  return keyed.map((k) => k.item);
};

export const COMMUNITY_GENERAL_FILTERS: FilterTable = {
  'community.general.json_query': jsonQuery,
  json_query: jsonQuery,
  'community.general.dict': dictFilter,
  'community.general.version_sort': versionSort,
};
