/* Python's list, tuple and dict methods (append, items(), get() …) as templates call them. */
import { bind, pyFunc, type Kwargs, type PyFunc } from './callable.js';
import { PyError, typeError, valueError } from './errors.js';
import { cmp, eq, iterate, keyString } from './ops.js';
import { pyRepr } from './repr.js';
import { LazyMapping, MISSING, dictEntries, dictGet, dictKeys, isDict, isNumber, isTuple, num, pyTypeName, tuple } from './values.js';

type Method<T> = (self: T, a: unknown[], kw: Kwargs) => unknown;

function index(v: unknown): number {
  if (!isNumber(v)) throw typeError(`'${pyTypeName(v)}' object cannot be interpreted as an integer`);
  return num(v);
}

function key(k: unknown): string {
  const s = keyString(k);
  if (s === undefined) throw typeError(`unhashable type: '${pyTypeName(k)}'`);
  return s;
}

const SEQ_METHODS: Record<string, Method<unknown[]>> = {
  index: (l, a, kw) => {
    const [x, start, end] = bind('index', a, kw, ['value', 'start', 'stop'], 1);
    const s = start === undefined ? 0 : index(start);
    const e = end === undefined ? l.length : index(end);
    for (let i = s; i < Math.min(e, l.length); i++) if (eq(l[i], x)) return i;
    throw valueError(`${pyRepr(x)} is not in ${isTuple(l) ? 'tuple' : 'list'}`);
  },
  count: (l, a, kw) => {
    const [x] = bind('count', a, kw, ['value'], 1);
    return l.filter((y) => eq(y, x)).length;
  },
};

const LIST_METHODS: Record<string, Method<unknown[]>> = {
  ...SEQ_METHODS,
  append: (l, a, kw) => {
    l.push(bind('append', a, kw, ['object'], 1)[0]);
    return null;
  },
  extend: (l, a, kw) => {
    l.push(...iterate(bind('extend', a, kw, ['iterable'], 1)[0]));
    return null;
  },
  insert: (l, a, kw) => {
    const [i, x] = bind('insert', a, kw, ['index', 'object'], 2);
    let at = index(i);
    if (at < 0) at = Math.max(0, l.length + at);
    l.splice(Math.min(at, l.length), 0, x);
    return null;
  },
  pop: (l, a, kw) => {
    const [i] = bind('pop', a, kw, ['index']);
    if (l.length === 0) throw new PyError('IndexError', 'pop from empty list');
    let at = i === undefined ? l.length - 1 : index(i);
    if (at < 0) at += l.length;
    if (at < 0 || at >= l.length) throw new PyError('IndexError', 'pop index out of range');
    return l.splice(at, 1)[0];
  },
  remove: (l, a, kw) => {
    const [x] = bind('remove', a, kw, ['value'], 1);
    const at = l.findIndex((y) => eq(y, x));
    if (at < 0) throw valueError('list.remove(x): x not in list');
    l.splice(at, 1);
    return null;
  },
  reverse: (l) => {
    l.reverse();
    return null;
  },
  sort: (l, a, kw) => {
    const [, rev] = bind('sort', a, kw, ['key', 'reverse']);
    l.sort((x, y) => cmp(x, y));
    if (rev === true) l.reverse();
    return null;
  },
  copy: (l) => [...l],
  clear: (l) => {
    l.length = 0;
    return null;
  },
};

type Dict = Record<string, unknown> | LazyMapping;

function writable(d: Dict, name: string): Record<string, unknown> {
  if (d instanceof LazyMapping) throw new PyError('AttributeError', `'${pyTypeName(d)}' object has no attribute '${name}'`);
  return d;
}

const DICT_METHODS: Record<string, Method<Dict>> = {
  keys: (d) => dictKeys(d),
  values: (d) => dictEntries(d).map(([, v]) => v),
  items: (d) => dictEntries(d).map(([k, v]) => tuple([k, v])),
  get: (d, a, kw) => {
    const [k, dflt] = bind('get', a, kw, ['key', 'default'], 1);
    const v = dictGet(d, key(k));
    return v === MISSING ? (dflt ?? null) : v;
  },
  update: (d, a, kw) => {
    const [other] = bind('update', a, {}, ['other']);
    const w = writable(d, 'update');
    if (other !== undefined && other !== null) {
      if (isDict(other)) for (const [k, v] of dictEntries(other)) w[k] = v;
      else for (const pair of iterate(other)) {
        const [k, v] = iterate(pair);
        w[key(k)] = v;
      }
    }
    Object.assign(w, kw);
    return null;
  },
  pop: (d, a, kw) => {
    const [k, dflt] = bind('pop', a, kw, ['key', 'default'], 1);
    const w = writable(d, 'pop');
    const ks = key(k);
    if (Object.prototype.hasOwnProperty.call(w, ks)) {
      const v = w[ks];
      delete w[ks];
      return v;
    }
    if (dflt !== undefined) return dflt;
    throw new PyError('KeyError', pyRepr(k));
  },
  setdefault: (d, a, kw) => {
    const [k, dflt] = bind('setdefault', a, kw, ['key', 'default'], 1);
    const w = writable(d, 'setdefault');
    const ks = key(k);
    if (!Object.prototype.hasOwnProperty.call(w, ks)) w[ks] = dflt ?? null;
    return w[ks];
  },
  copy: (d) => Object.fromEntries(dictEntries(d)),
  clear: (d) => {
    const w = writable(d, 'clear');
    for (const k of Object.keys(w)) delete w[k];
    return null;
  },
};

function lookup<T>(table: Record<string, Method<T>>, name: string): Method<T> | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** A bound method of a list/tuple/dict, or undefined when the type has no such attribute. */
export function collectionMethod(v: unknown, name: string): PyFunc | undefined {
  if (Array.isArray(v)) {
    const m = lookup(isTuple(v) ? SEQ_METHODS : LIST_METHODS, name);
    return m && pyFunc(`${name} of ${pyTypeName(v)} object`, (a, kw) => m(v, a, kw));
  }
  if (isDict(v)) {
    const m = lookup(DICT_METHODS, name);
    return m && pyFunc(`${name} of dict object`, (a, kw) => m(v, a, kw));
  }
  return undefined;
}
