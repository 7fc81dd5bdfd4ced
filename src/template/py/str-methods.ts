/* Python's str methods, the ones roles call on strings inside templates. */
import { bind, pyFunc, type Kwargs, type PyFunc } from './callable.js';
import { typeError, valueError } from './errors.js';
import { strFormat } from './format.js';
import { iterate, truthy } from './ops.js';
import { Undefined } from './undefined.js';
import { asStr, isNumber, isTuple, num, pyTypeName, tuple } from './values.js';

const WS = /[\s\x1c-\x1f\x85]/u;

/** A str argument; `what` prefixes Python's message ("replace() argument 1 must be str, not int"). */
function str(v: unknown, what = ''): string {
  if (v instanceof Undefined) v.fail();
  const s = asStr(v);
  if (s === undefined) throw typeError(`${what ? what + ' ' : ''}must be str, not ${pyTypeName(v)}`);
  return s;
}

function optInt(v: unknown, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (!isNumber(v)) throw typeError(`'${pyTypeName(v)}' object cannot be interpreted as an integer`);
  return num(v);
}

export function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && WS.test(s[i]!)) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      out.push(s.slice(i).replace(/[\s\x1c-\x1f\x85]+$/u, ''));
      return out;
    }
    let j = i;
    while (j < n && !WS.test(s[j]!)) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

export function pySplit(s: string, sep: unknown, maxsplit: number): string[] {
  if (sep === null || sep === undefined) return splitWhitespace(s, maxsplit);
  const d = str(sep, 'separator');
  if (d === '') throw valueError('empty separator');
  const parts = s.split(d);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(d)];
}

function pyRsplit(s: string, sep: unknown, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1);
  if (sep === null || sep === undefined) {
    const rev = splitWhitespace([...s].reverse().join(''), maxsplit);
    return rev.map((p) => [...p].reverse().join('')).reverse();
  }
  const d = str(sep, 'separator');
  if (d === '') throw valueError('empty separator');
  const parts = s.split(d);
  if (parts.length <= maxsplit + 1) return parts;
  const cut = parts.length - maxsplit;
  return [parts.slice(0, cut).join(d), ...parts.slice(cut)];
}

export function pyStrip(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === null || chars === undefined ? null : str(chars, 'strip arg');
  const strip = (c: string): boolean => (set === null ? WS.test(c) : set.includes(c));
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && strip(cps[a]!)) a++;
  if (right) while (b > a && strip(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

/** Python's str.title(): a letter after a non-letter starts a word. */
export function pyTitle(s: string): string {
  let out = '';
  let prevCased = false;
  for (const c of s) {
    const cased = c.toLowerCase() !== c.toUpperCase();
    out += cased ? (prevCased ? c.toLowerCase() : c.toUpperCase()) : c;
    prevCased = cased;
  }
  return out;
}

export function pyCapitalize(s: string): string {
  const [first = '', ...rest] = [...s];
  return first.toUpperCase() + rest.join('').toLowerCase();
}

export function pyCenter(s: string, width: number, fill = ' '): string {
  const len = [...s].length;
  const marg = width - len;
  if (marg <= 0) return s;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

export function pyReplace(s: string, old: string, repl: string, count: number): string {
  if (count < 0) {
    if (old !== '') return s.split(old).join(repl);
    return s === '' ? repl : repl + [...s].join(repl) + repl;
  }
  let out = '';
  let rest = s;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf(old);
    if (at < 0) break;
    out += rest.slice(0, at) + repl;
    rest = rest.slice(at + Math.max(old.length, 0));
    if (old === '') {
      if (!rest) break;
      out += rest[0];
      rest = rest.slice(1);
    }
  }
  return out + rest;
}

function affix(s: string, arg: unknown, start: unknown, end: unknown, fn: 'startsWith' | 'endsWith'): boolean {
  const sub = s.slice(optInt(start, 0), end === undefined || end === null ? undefined : optInt(end, 0));
  if (isTuple(arg)) return (arg as unknown[]).some((p) => sub[fn](str(p, 'tuple item')));
  const p = asStr(arg);
  if (p === undefined) {
    const what = fn === 'startsWith' ? 'startswith' : 'endswith';
    throw typeError(`${what} first arg must be str or a tuple of str, not ${pyTypeName(arg)}`);
  }
  return sub[fn](p);
}

function find(s: string, sub: unknown, start: unknown, end: unknown, last: boolean): number {
  const needle = str(sub);
  const a = optInt(start, 0);
  const b = end === undefined || end === null ? s.length : optInt(end, s.length);
  const hay = s.slice(0, b);
  const at = last ? hay.lastIndexOf(needle) : hay.indexOf(needle, a < 0 ? Math.max(0, s.length + a) : a);
  return at >= (a < 0 ? s.length + a : a) ? at : -1;
}

function joinItems(sep: string, items: unknown): string {
  return iterate(items)
    .map((x, i) => {
      const s = asStr(x);
      if (s === undefined) throw typeError(`sequence item ${i}: expected str instance, ${pyTypeName(x)} found`);
      return s;
    })
    .join(sep);
}

type Method = (s: string, a: unknown[], kw: Kwargs, get: (o: unknown, k: string | number, attr: boolean) => unknown) => unknown;

const METHODS: Record<string, Method> = {
  split: (s, a, kw) => {
    const [sep, max] = bind('split', a, kw, ['sep', 'maxsplit']);
    return pySplit(s, sep, optInt(max, -1));
  },
  rsplit: (s, a, kw) => {
    const [sep, max] = bind('rsplit', a, kw, ['sep', 'maxsplit']);
    return pyRsplit(s, sep, optInt(max, -1));
  },
  splitlines: (s, a, kw) => {
    const [keep] = bind('splitlines', a, kw, ['keepends']);
    if (s === '') return [];
    const re = /[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g;
    const out: string[] = [];
    for (const m of s.matchAll(re)) {
      if (m[0] === '') continue;
      out.push(keep && truthy(keep) ? m[0] : m[0].replace(/(\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])$/, ''));
    }
    return out;
  },
  strip: (s, a, kw) => pyStrip(s, bind('strip', a, kw, ['chars'])[0], true, true),
  lstrip: (s, a, kw) => pyStrip(s, bind('lstrip', a, kw, ['chars'])[0], true, false),
  rstrip: (s, a, kw) => pyStrip(s, bind('rstrip', a, kw, ['chars'])[0], false, true),
  startswith: (s, a, kw) => {
    const [p, st, en] = bind('startswith', a, kw, ['prefix', 'start', 'end'], 1);
    return affix(s, p, st, en, 'startsWith');
  },
  endswith: (s, a, kw) => {
    const [p, st, en] = bind('endswith', a, kw, ['suffix', 'start', 'end'], 1);
    return affix(s, p, st, en, 'endsWith');
  },
  replace: (s, a, kw) => {
    const [o, n, c] = bind('replace', a, kw, ['old', 'new', 'count'], 2);
    return pyReplace(s, str(o, 'replace() argument 1'), str(n, 'replace() argument 2'), optInt(c, -1));
  },
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  casefold: (s) => s.toLowerCase(),
  swapcase: (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  capitalize: (s) => pyCapitalize(s),
  title: (s) => pyTitle(s),
  format: (s, a, kw, get) => strFormat(s, a, kw, get),
  format_map: (s, a, kw, get) => strFormat(s, [], bind('format_map', a, kw, ['mapping'], 1)[0] as Kwargs, get),
  join: (s, a, kw) => joinItems(s, bind('join', a, kw, ['iterable'], 1)[0]),
  find: (s, a, kw) => {
    const [sub, st, en] = bind('find', a, kw, ['sub', 'start', 'end'], 1);
    return find(s, sub, st, en, false);
  },
  rfind: (s, a, kw) => {
    const [sub, st, en] = bind('rfind', a, kw, ['sub', 'start', 'end'], 1);
    return find(s, sub, st, en, true);
  },
  index: (s, a, kw) => {
    const [sub, st, en] = bind('index', a, kw, ['sub', 'start', 'end'], 1);
    const r = find(s, sub, st, en, false);
    if (r < 0) throw valueError('substring not found');
    return r;
  },
  rindex: (s, a, kw) => {
    const [sub, st, en] = bind('rindex', a, kw, ['sub', 'start', 'end'], 1);
    const r = find(s, sub, st, en, true);
    if (r < 0) throw valueError('substring not found');
    return r;
  },
  count: (s, a, kw) => {
    const [sub, st, en] = bind('count', a, kw, ['sub', 'start', 'end'], 1);
    const hay = s.slice(optInt(st, 0), en === undefined || en === null ? undefined : optInt(en, 0));
    const needle = str(sub);
    return needle === '' ? [...hay].length + 1 : hay.split(needle).length - 1;
  },
  isdigit: (s) => /^\p{Nd}+$/u.test(s),
  isdecimal: (s) => /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => /^[\p{Nd}\p{Nl}\p{No}]+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{Nd}]+$/u.test(s),
  isspace: (s) => s.length > 0 && [...s].every((c) => WS.test(c)),
  islower: (s) => /\p{Ll}/u.test(s) && !/\p{Lu}|\p{Lt}/u.test(s),
  isupper: (s) => /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s),
  istitle: (s) => s.length > 0 && pyTitle(s) === s && /\p{L}/u.test(s),
  isidentifier: (s) => /^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(s),
  center: (s, a, kw) => {
    const [w, f] = bind('center', a, kw, ['width', 'fillchar'], 1);
    return pyCenter(s, optInt(w, 0), f === undefined ? ' ' : str(f, 'fillchar'));
  },
  ljust: (s, a, kw) => {
    const [w, f] = bind('ljust', a, kw, ['width', 'fillchar'], 1);
    return s + (f === undefined ? ' ' : str(f, 'fillchar')).repeat(Math.max(0, optInt(w, 0) - [...s].length));
  },
  rjust: (s, a, kw) => {
    const [w, f] = bind('rjust', a, kw, ['width', 'fillchar'], 1);
    return (f === undefined ? ' ' : str(f, 'fillchar')).repeat(Math.max(0, optInt(w, 0) - [...s].length)) + s;
  },
  zfill: (s, a, kw) => {
    const w = optInt(bind('zfill', a, kw, ['width'], 1)[0], 0);
    const sign = /^[-+]/.test(s) ? s[0]! : '';
    const body = sign ? s.slice(1) : s;
    return sign + '0'.repeat(Math.max(0, w - [...s].length)) + body;
  },
  partition: (s, a, kw) => {
    const sep = str(bind('partition', a, kw, ['sep'], 1)[0], 'sep');
    const at = s.indexOf(sep);
    return tuple(at < 0 ? [s, '', ''] : [s.slice(0, at), sep, s.slice(at + sep.length)]);
  },
  rpartition: (s, a, kw) => {
    const sep = str(bind('rpartition', a, kw, ['sep'], 1)[0], 'sep');
    const at = s.lastIndexOf(sep);
    return tuple(at < 0 ? ['', '', s] : [s.slice(0, at), sep, s.slice(at + sep.length)]);
  },
  removeprefix: (s, a, kw) => {
    const p = str(bind('removeprefix', a, kw, ['prefix'], 1)[0], 'prefix');
    return p && s.startsWith(p) ? s.slice(p.length) : s;
  },
  removesuffix: (s, a, kw) => {
    const p = str(bind('removesuffix', a, kw, ['suffix'], 1)[0], 'suffix');
    return p && s.endsWith(p) ? s.slice(0, -p.length) : s;
  },
  expandtabs: (s, a, kw) => {
    const size = optInt(bind('expandtabs', a, kw, ['tabsize'])[0], 8);
    let col = 0;
    let out = '';
    for (const c of s) {
      if (c === '\t') {
        const n = size > 0 ? size - (col % size) : 0;
        out += ' '.repeat(n);
        col += n;
      } else {
        out += c;
        col = c === '\n' || c === '\r' ? 0 : col + 1;
      }
    }
    return out;
  },
  encode: (s) => s,
  decode: (s) => s,
};

/** The bound method `name` of a string, or undefined when str has no such attribute. */
export function strMethod(s: string, name: string, get: (o: unknown, k: string | number, attr: boolean) => unknown): PyFunc | undefined {
  const m = Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined;
  if (!m) return undefined;
  return pyFunc(`${name} of str object`, (a, kw) => m(s, a, kw, get));
}
