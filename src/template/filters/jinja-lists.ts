/* Jinja2's filters on sequences and mappings (jinja2/filters.py). */
import { PyError, typeError } from '../py/errors.js';
import { add, cmp, eq, iterate, len, truthy } from '../py/ops.js';
import { pyRepr } from '../py/repr.js';
import { Undefined } from '../py/undefined.js';
import { asStr, dictEntries, isDict, namedTuple, pyTypeName, tuple } from '../py/values.js';
import { pyAttr } from '../jinja/access.js';
import type { EvalEnv, FilterTable } from '../registry.js';
import { attrGetter, bind, boolArg, ignoreCase, intArg, list, multiAttrGetter, sortBy, text, type Kwargs } from './support.js';

function first(v: unknown): unknown {
  const items = iterate(v);
  return items.length ? items[0] : new Undefined(undefined, 'No first item, sequence was empty.');
}

function last(v: unknown): unknown {
  if (!(Array.isArray(v) || asStr(v) !== undefined || isDict(v) || v instanceof Undefined)) {
    throw typeError(`'${pyTypeName(v)}' object is not reversible`);
  }
  const items = iterate(v);
  return items.length ? items[items.length - 1] : new Undefined(undefined, 'No last item, sequence was empty.');
}

function minOrMax(env: EvalEnv, v: unknown, a: unknown[], kw: Kwargs, name: string, sign: number): unknown {
  const [cs, attr] = bind(name, a, kw, ['case_sensitive', 'attribute']);
  const items = iterate(v);
  if (!items.length) return new Undefined(undefined, 'No aggregated item, sequence was empty.');
  const key = attrGetter(env, attr, boolArg(cs) ? undefined : ignoreCase);
  let best = items[0];
  let bestKey = key(best);
  for (const x of items.slice(1)) {
    const k = key(x);
    if (sign * cmp(k, bestKey) > 0) {
      best = x;
      bestKey = k;
    }
  }
  return best;
}

/** jinja2's prepare_map: `map('filter', args…)` or `map(attribute='x', default=…)`. */
function mapFn(env: EvalEnv, a: unknown[], kw: Kwargs): (item: unknown) => unknown {
  if (!a.length && 'attribute' in kw) {
    const { attribute, default: dflt = null, ...rest } = kw;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw new PyError('FilterArgumentError', `Unexpected keyword argument '${extra}'`);
    return attrGetter(env, attribute, undefined, dflt);
  }
  const [name, ...args] = a;
  if (name === undefined) throw new PyError('FilterArgumentError', 'map requires a filter argument');
  return (item) => env.filter(text(name), item, args, kw);
}

/** jinja2's prepare_select_or_reject. */
function selectFn(env: EvalEnv, a: unknown[], kw: Kwargs, lookupAttr: boolean): (item: unknown) => boolean {
  let args = a;
  let trans = (x: unknown): unknown => x;
  if (lookupAttr) {
    if (!args.length) throw new PyError('FilterArgumentError', 'Missing parameter for attribute name');
    trans = attrGetter(env, args[0]);
    args = args.slice(1);
  }
  if (!args.length) return (item) => truthy(trans(item));
  const [name, ...rest] = args;
  return (item) => truthy(env.test(text(name), trans(item), rest, kw));
}

function selectOrReject(env: EvalEnv, v: unknown, a: unknown[], kw: Kwargs, attr: boolean, keep: boolean): unknown[] {
  if (!truthy(v)) return [];
  const f = selectFn(env, a, kw, attr);
  return iterate(v).filter((x) => f(x) === keep);
}

function groupby(env: EvalEnv, v: unknown, a: unknown[], kw: Kwargs): unknown[] {
  const [attr, dflt, cs] = bind('groupby', a, kw, ['attribute', 'default', 'case_sensitive'], 1);
  const caseSensitive = boolArg(cs);
  const key = attrGetter(env, attr, caseSensitive ? undefined : ignoreCase, dflt ?? null);
  const realKey = attrGetter(env, attr, undefined, dflt ?? null);
  const sorted = sortBy(iterate(v), key);
  const out: unknown[][] = [];
  let curKey: unknown;
  let cur: unknown[] | undefined;
  for (const x of sorted) {
    const k = key(x);
    if (!cur || !eq(k, curKey)) {
      cur = [];
      curKey = k;
      out.push(cur);
    }
    cur.push(x);
  }
  return out.map((items) => namedTuple([caseSensitive ? key(items[0]) : realKey(items[0]), items], ['grouper', 'list']));
}

export const JINJA_LIST_FILTERS: FilterTable = {
  first: (_e, v) => first(v),
  last: (_e, v) => last(v),
  length: (_e, v) => len(v),
  count: (_e, v) => len(v),
  list: (_e, v) => list(v),
  reverse: (_e, v) => {
    const s = asStr(v);
    if (s !== undefined) return [...s].reverse().join('');
    try {
      return list(v).reverse();
    } catch (e) {
      if (e instanceof PyError) throw new PyError('FilterArgumentError', 'argument must be iterable');
      throw e;
    }
  },
  sort: (env, v, a, kw) => {
    const [rev, cs, attr] = bind('sort', a, kw, ['reverse', 'case_sensitive', 'attribute']);
    const key = multiAttrGetter(env, attr ?? null, boolArg(cs) ? undefined : ignoreCase);
    return sortBy(iterate(v), key, boolArg(rev));
  },
  join: (env, v, a, kw) => {
    const [d, attr] = bind('join', a, kw, ['d', 'attribute']);
    let items = iterate(v);
    if (attr !== undefined && attr !== null) items = items.map(attrGetter(env, attr));
    return items.map((x) => text(x)).join(d === undefined ? '' : text(d));
  },
  sum: (env, v, a, kw) => {
    const [attr, start] = bind('sum', a, kw, ['attribute', 'start']);
    let items = iterate(v);
    if (attr !== undefined && attr !== null) items = items.map(attrGetter(env, attr));
    return items.reduce((acc: unknown, x) => add(acc, x), start === undefined ? 0 : start);
  },
  min: (env, v, a, kw) => minOrMax(env, v, a, kw, 'min', -1),
  max: (env, v, a, kw) => minOrMax(env, v, a, kw, 'max', 1),
  map: (env, v, a, kw) => iterate(v).map(mapFn(env, a, kw)),
  select: (env, v, a, kw) => selectOrReject(env, v, a, kw, false, true),
  reject: (env, v, a, kw) => selectOrReject(env, v, a, kw, false, false),
  selectattr: (env, v, a, kw) => selectOrReject(env, v, a, kw, true, true),
  rejectattr: (env, v, a, kw) => selectOrReject(env, v, a, kw, true, false),
  batch: (_e, v, a, kw) => {
    const [count, fill] = bind('batch', a, kw, ['linecount', 'fill_with'], 1);
    const n = intArg(count);
    const out: unknown[][] = [];
    let tmp: unknown[] = [];
    for (const x of iterate(v)) {
      if (tmp.length === n) {
        out.push(tmp);
        tmp = [];
      }
      tmp.push(x);
    }
    if (tmp.length) {
      if (fill !== undefined && fill !== null) while (tmp.length < n) tmp.push(fill);
      out.push(tmp);
    }
    return out;
  },
  slice: (_e, v, a, kw) => {
    const [count, fill] = bind('slice', a, kw, ['slices', 'fill_with'], 1);
    const seq = list(v);
    const slices = intArg(count);
    const per = Math.floor(seq.length / slices);
    const extra = seq.length % slices;
    let offset = 0;
    const out: unknown[][] = [];
    for (let i = 0; i < slices; i++) {
      const start = offset + i * per;
      if (i < extra) offset++;
      const tmp = seq.slice(start, offset + (i + 1) * per);
      if (fill !== undefined && fill !== null && i >= extra) tmp.push(fill);
      out.push(tmp);
    }
    return out;
  },
  groupby: (env, v, a, kw) => groupby(env, v, a, kw),
  dictsort: (_e, v, a, kw) => {
    const [cs, by, rev] = bind('dictsort', a, kw, ['case_sensitive', 'by', 'reverse']);
    if (!isDict(v)) throw new PyError('AttributeError', `'${pyTypeName(v)}' object has no attribute 'items'`);
    const pos = by === undefined || by === 'key' ? 0 : by === 'value' ? 1 : -1;
    if (pos < 0) throw new PyError('FilterArgumentError', 'You can only sort by either "key" or "value"');
    const items = dictEntries(v).map(([k, x]) => tuple([k, x]));
    return sortBy(items, (it) => (boolArg(cs) ? it[pos] : ignoreCase(it[pos])), boolArg(rev));
  },
  items: (_e, v) => {
    if (v instanceof Undefined) return [];
    if (!isDict(v)) throw typeError('Can only get item pairs from a mapping.');
    return dictEntries(v).map(([k, x]) => tuple([k, x]));
  },
  attr: (_e, v, a, kw) => pyAttr(v, text(bind('attr', a, kw, ['name'], 1)[0])),
  default: (_e, v, a, kw) => {
    const [dflt, boolean] = bind('default', a, kw, ['default_value', 'boolean']);
    if (v instanceof Undefined || (boolArg(boolean) && !truthy(v))) return dflt === undefined ? '' : dflt;
    return v;
  },
  pprint: (_e, v) => pyRepr(v),
};
