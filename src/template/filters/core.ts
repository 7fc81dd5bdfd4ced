/* Ansible's core data filters (plugins/filter/core.py): bool, ternary, combine, flatten … */
import { PyDateTime } from '../py/datetime.js';
import { PyError } from '../py/errors.js';
import { eq, truthy } from '../py/ops.js';
import { PyRandom, systemRandom } from '../py/random.js';
import { pyRepr } from '../py/repr.js';
import { pySplit } from '../py/str-methods.js';
import { Undefined } from '../py/undefined.js';
import {
  LazyMapping,
  MISSING,
  asStr,
  dictEntries,
  dictGet,
  isDict,
  isNumber,
  isPlainObject,
  num,
  pyTypeName,
  toPlainDict,
  tuple,
} from '../py/values.js';
import type { FilterTable } from '../registry.js';
import { jsonDumps } from '../serialize/json-dump.js';
import { bind, boolArg, intArg, iterate, keyOf, list, optInt, text } from './support.js';

type Dict = Record<string, unknown>;

function ansibleFilterError(msg: string): PyError {
  return new PyError('AnsibleFilterError', msg);
}

function toBool(a: unknown): unknown {
  if (a === null || typeof a === 'boolean') return a;
  const s = asStr(a);
  const v = s !== undefined ? s.toLowerCase() : a;
  return v === 'yes' || v === 'on' || v === '1' || v === 'true' || (isNumber(v) && num(v) === 1 && typeof v !== 'boolean');
}

/** Ansible's flatten: nulls dropped unless skip_nulls=False, `levels` deep. */
export function flatten(items: unknown, levels: number | undefined, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const el of iterate(items)) {
    if (skipNulls && (el === null || el === 'None' || el === 'null')) continue;
    if (Array.isArray(el)) {
      if (levels === undefined) out.push(...flatten(el, undefined, skipNulls));
      else if (levels >= 1) out.push(...flatten(el, levels - 1, skipNulls));
      else out.push(el);
    } else out.push(el);
  }
  return out;
}

function checkDefined(v: unknown): void {
  if (v instanceof Undefined) v.fail();
  if (Array.isArray(v)) v.forEach(checkDefined);
  else if (isPlainObject(v)) Object.values(v).forEach(checkDefined);
}

const LIST_MERGE = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'];

/** ansible.utils.vars.merge_hash: y's keys win; nested dicts merged when recursive. */
export function mergeHash(x: Dict, y: Dict, recursive: boolean, listMerge: string): Dict {
  if (!LIST_MERGE.includes(listMerge)) {
    throw new PyError('AnsibleError', "merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'");
  }
  const out: Dict = { ...x };
  for (const [k, yv] of Object.entries(y)) {
    if (!Object.prototype.hasOwnProperty.call(out, k)) {
      out[k] = yv;
      continue;
    }
    const xv = out[k];
    if (isDict(xv) && isDict(yv)) {
      out[k] = recursive ? mergeHash(toPlainDict(xv), toPlainDict(yv), recursive, listMerge) : yv;
      continue;
    }
    if (Array.isArray(xv) && Array.isArray(yv)) {
      if (listMerge === 'replace') out[k] = yv;
      else if (listMerge === 'append') out[k] = [...xv, ...yv];
      else if (listMerge === 'prepend') out[k] = [...yv, ...xv];
      else if (listMerge === 'append_rp') out[k] = [...xv.filter((z) => !yv.some((w) => eq(w, z))), ...yv];
      else if (listMerge === 'prepend_rp') out[k] = [...yv, ...xv.filter((z) => !yv.some((w) => eq(w, z)))];
      continue;
    }
    out[k] = yv;
  }
  return out;
}

function combine(terms: unknown[], kwargs: Dict): unknown {
  const { recursive = false, list_merge: listMerge = 'replace', ...rest } = kwargs;
  if (Object.keys(rest).length) throw ansibleFilterError("'recursive' and 'list_merge' are the only valid keyword arguments");
  const dicts = flatten(terms, 1, true);
  checkDefined(dicts);
  if (!dicts.length) return {};
  if (dicts.length === 1) return dicts[0];
  let result: unknown = dicts[dicts.length - 1];
  for (let i = dicts.length - 2; i >= 0; i--) {
    const x = dicts[i];
    if (!isDict(x) || !isDict(result)) {
      const dump = (v: unknown): string => {
        try {
          return jsonDumps(v);
        } catch {
          return text(v);
        }
      };
      throw new PyError(
        'AnsibleError',
        `failed to combine variables, expected dicts but got a '${pyTypeName(x)}' and a '${pyTypeName(result)}': \n${dump(x)}\n${dump(result)}`,
      );
    }
    result = mergeHash(toPlainDict(x), toPlainDict(result), truthy(recursive), text(listMerge));
  }
  return result;
}

const COMMENT_STYLES: Record<string, Dict> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
};

function comment(textIn: string, style: string, kw: Dict): string {
  const styleParams = COMMENT_STYLES[style];
  if (!styleParams) throw new PyError('KeyError', pyRepr(style));
  const prepost = text('decoration' in kw ? kw['decoration'] : styleParams['decoration']);
  const p: Dict = {
    newline: '\n',
    beginning: '',
    prefix: prepost.trimEnd(),
    prefix_count: 1,
    decoration: '',
    postfix: prepost.trimEnd(),
    postfix_count: 1,
    end: '',
    ...styleParams,
    ...kw,
  };
  const nl = text(p['newline']);
  const deco = text(p['decoration']);
  const beginning = text(p['beginning']) ? text(p['beginning']) + nl : '';
  let prefix = '';
  if (text(p['prefix'])) prefix = (text(p['prefix']) !== nl ? text(p['prefix']) + nl : nl).repeat(intArg(p['prefix_count']));
  const body = (deco + textIn.split(nl).join(nl + deco)).split(deco + nl).join(deco.trimEnd() + nl);
  const postfix = ['', ...Array.from({ length: intArg(p['postfix_count']) }, () => text(p['postfix']))].join(nl);
  const end = text(p['end']) ? nl + text(p['end']) : '';
  return beginning + prefix + body + postfix + end;
}

function subelements(obj: unknown, sub: unknown, skipMissing: boolean): unknown[] {
  let elements: unknown[];
  if (isDict(obj)) elements = dictEntries(obj).map(([, v]) => v);
  else if (Array.isArray(obj)) elements = [...obj];
  else throw ansibleFilterError('obj must be a list of dicts or a nested dict');
  let path: unknown[];
  if (Array.isArray(sub)) path = [...sub];
  else if (asStr(sub) !== undefined) path = asStr(sub)!.split('.');
  else throw new PyError('AnsibleFilterTypeError', 'subelements must be a list or a string');
  const out: unknown[] = [];
  for (const el of elements) {
    let values: unknown = el;
    for (const key of path) {
      const v = isDict(values) ? dictGet(values, text(key)) : MISSING;
      if (v === MISSING) {
        if (!isDict(values)) throw new PyError('AnsibleFilterTypeError', `the key ${text(key)} should point to a dictionary, got '${pyRepr(values)}'`);
        if (skipMissing) {
          values = [];
          break;
        }
        throw ansibleFilterError(`could not find ${pyRepr(key)} key in iterated item ${pyRepr(values)}`);
      }
      values = v;
    }
    if (!Array.isArray(values)) throw new PyError('AnsibleFilterTypeError', `the key ${pyRepr(path[path.length - 1])} should point to a list, got ${pyRepr(values)}`);
    for (const v of values) out.push(tuple([el, v]));
  }
  return out;
}

function seedOf(seed: unknown): string | number | undefined {
  if (seed === undefined || seed === null) return undefined;
  if (typeof seed === 'number' && Number.isInteger(seed)) return seed;
  if (typeof seed === 'boolean') return seed ? 1 : 0;
  return text(seed);
}

export const CORE_FILTERS: FilterTable = {
  bool: (_e, v) => toBool(v),
  ternary: (_e, v, a, kw) => {
    const [t, f, n] = bind('ternary', a, kw, ['true_val', 'false_val', 'none_val'], 2);
    if (v === null && n !== undefined && n !== null) return n;
    return truthy(v) ? t : f;
  },
  mandatory: (_e, v, a, kw) => {
    const [msg] = bind('mandatory', a, kw, ['msg']);
    if (v instanceof Undefined) {
      if (msg !== undefined && msg !== null) throw ansibleFilterError(text(msg));
      const name = v.name !== undefined ? `'${String(v.name)}' ` : '';
      throw ansibleFilterError(`Mandatory variable ${name} not defined.`);
    }
    return v;
  },
  type_debug: (_e, v) => (v instanceof Undefined ? 'AnsibleUndefined' : pyTypeName(v)),
  combine: (_e, v, a, kw) => combine([v, ...a], kw),
  dict2items: (_e, v, a, kw) => {
    const [kn, vn] = bind('dict2items', a, kw, ['key_name', 'value_name']);
    if (!isDict(v)) throw new PyError('AnsibleFilterTypeError', `dict2items requires a dictionary, got <class '${pyTypeName(v)}'> instead.`);
    return dictEntries(v).map(([k, x]) => ({ [kn === undefined ? 'key' : text(kn)]: k, [vn === undefined ? 'value' : text(vn)]: x }));
  },
  items2dict: (_e, v, a, kw) => {
    const [kn, vn] = bind('items2dict', a, kw, ['key_name', 'value_name']);
    const kname = kn === undefined ? 'key' : text(kn);
    const vname = vn === undefined ? 'value' : text(vn);
    if (!Array.isArray(v)) throw new PyError('AnsibleFilterTypeError', `items2dict requires a list, got <class '${pyTypeName(v)}'> instead.`);
    const out: Dict = {};
    for (const item of v) {
      if (!isDict(item)) throw new PyError('AnsibleFilterTypeError', `items2dict requires a list of dictionaries, got ${pyRepr(v)} instead.`);
      const k = dictGet(item, kname);
      const x = dictGet(item, vname);
      if (k === MISSING || x === MISSING) {
        throw new PyError('AnsibleFilterTypeError', `items2dict requires each dictionary in the list to contain the keys '${kname}' and '${vname}', got ${pyRepr(v)} instead.`);
      }
      out[keyOf(k)] = x;
    }
    return out;
  },
  flatten: (_e, v, a, kw) => {
    const [levels, skip] = bind('flatten', a, kw, ['levels', 'skip_nulls']);
    return flatten(v, levels === undefined || levels === null ? undefined : intArg(levels), boolArg(skip, true));
  },
  extract: (env, v, a, kw) => {
    const [container, more] = bind('extract', a, kw, ['container', 'morekeys'], 1);
    const keys = more === undefined || more === null ? [v] : Array.isArray(more) ? [v, ...more] : [v, more];
    return keys.reduce((acc, k) => env.getitem(acc, k), container);
  },
  subelements: (_e, v, a, kw) => {
    const [sub, skip] = bind('subelements', a, kw, ['subelements', 'skip_missing'], 1);
    return subelements(v, sub, boolArg(skip));
  },
  comment: (_e, v, a, kw) => {
    const [style] = bind('comment', a, {}, ['style']);
    return comment(text(v), style === undefined ? 'plain' : text(style), kw);
  },
  random: (_e, v, a, kw) => {
    const [start, step, seed] = bind('random', a, kw, ['start', 'step', 'seed']);
    const s = seedOf(seed);
    const r = s === undefined ? systemRandom : new PyRandom(s);
    if (typeof v === 'number' && Number.isInteger(v)) {
      try {
        return r.randrange(truthy(start ?? null) ? intArg(start) : 0, v, truthy(step ?? null) ? intArg(step) : 1);
      } catch (e) {
        if (e instanceof RangeError) throw new PyError('ValueError', e.message);
        throw e;
      }
    }
    if (Array.isArray(v) || asStr(v) !== undefined || isDict(v)) {
      if (truthy(start ?? null) || truthy(step ?? null)) throw ansibleFilterError('start and step can only be used with integer values');
      const items = isDict(v) ? dictEntries(v).map(([k]) => k) : iterate(v);
      if (!items.length) throw new PyError('IndexError', 'Cannot choose from an empty sequence');
      return r.choice(items);
    }
    throw ansibleFilterError('random can only be used on sequences and integers');
  },
  shuffle: (_e, v, a, kw) => {
    const [seed] = bind('shuffle', a, kw, ['seed']);
    const items = list(v);
    const s = seedOf(seed);
    if (s !== undefined && truthy(s)) new PyRandom(s).shuffle(items);
    else systemRandom.shuffle(items);
    return items;
  },
  split: (_e, v, a, kw) => {
    const [sep, max] = bind('split', a, kw, ['sep', 'maxsplit']);
    const s = asStr(v);
    if (s === undefined) throw new PyError('TypeError', `descriptor 'split' for 'str' objects doesn't apply to a '${pyTypeName(v)}' object`);
    return pySplit(s, sep, optInt(max, -1));
  },
  to_datetime: (_e, v, a, kw) => {
    const [fmt] = bind('to_datetime', a, kw, ['format']);
    return PyDateTime.strptime(text(v), fmt === undefined ? '%Y-%m-%d %H:%M:%S' : text(fmt));
  },
  strftime: (_e, v, a, kw) => {
    const [second, utc] = bind('strftime', a, kw, ['second', 'utc']);
    let secs = Date.now() / 1000;
    if (second !== undefined && second !== null) {
      const n = isNumber(second) ? num(second) : parseFloat(text(second));
      if (Number.isNaN(n)) throw ansibleFilterError(`Invalid value for epoch value (${text(second)})`);
      secs = n;
    }
    return PyDateTime.fromEpoch(Math.trunc(secs), boolArg(utc)).strftime(text(v));
  },
  rekey_on_member: (_e, v, a, kw) => {
    const [key, dup] = bind('rekey_on_member', a, kw, ['key', 'duplicates'], 1);
    const duplicates = dup === undefined ? 'error' : text(dup);
    if (duplicates !== 'error' && duplicates !== 'overwrite') {
      throw ansibleFilterError(`duplicates parameter to rekey_on_member has unknown value: ${duplicates}`);
    }
    const items = isDict(v) ? dictEntries(v).map(([, x]) => x) : Array.isArray(v) ? v : undefined;
    if (!items) throw new PyError('AnsibleFilterTypeError', 'Type is not a valid list, set, or dict');
    const out: Dict = {};
    for (const item of items) {
      if (!isDict(item)) throw new PyError('AnsibleFilterTypeError', 'List item is not a valid dict');
      const k = dictGet(item, text(key));
      if (k === MISSING) throw ansibleFilterError(`Key ${text(key)} was not found`);
      const ks = text(k);
      if (out[ks] && duplicates === 'error') throw ansibleFilterError(`Key ${ks} is not unique, cannot correctly turn into dict`);
      out[ks] = item instanceof LazyMapping ? toPlainDict(item) : item;
    }
    return out;
  },
};
