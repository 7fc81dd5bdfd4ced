/* Jinja2's string filters (jinja2/filters.py). */
import { PyError, typeError } from '../py/errors.js';
import { percentFormat } from '../py/format.js';
import { pyFixed } from '../py/numbers.js';
import { truthy } from '../py/ops.js';
import { pyCapitalize, pyCenter, pyReplace, pyStrip, splitWhitespace } from '../py/str-methods.js';
import { Undefined } from '../py/undefined.js';
import { asStr, dictEntries, isDict, isNumber, num, pyTypeName, tuple } from '../py/values.js';
import type { FilterTable } from '../registry.js';
import { bind, boolArg, intArg, optInt, text } from './support.js';

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

/** jinja2's do_title: words start after whitespace, '-', and opening brackets. */
function title(s: string): string {
  return s
    .split(/([-\s({[<]+)/)
    .filter((p) => p)
    .map((p) => {
      const [first = '', ...rest] = [...p];
      return first.toUpperCase() + rest.join('').toLowerCase();
    })
    .join('');
}

function indent(s: string, width: unknown, first: boolean, blank: boolean): string {
  const ind = asStr(width) ?? ' '.repeat(width === undefined ? 4 : intArg(width));
  const lines = (s + '\n').split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
  lines.pop();
  let rv: string;
  if (blank) rv = lines.join('\n' + ind);
  else {
    const [head = '', ...rest] = lines;
    rv = head + (rest.length ? '\n' + rest.map((l) => (l ? ind + l : l)).join('\n') : '');
  }
  return first ? ind + rv : rv;
}

function truncate(s: string, length: number, killwords: boolean, end: string, leeway: number): string {
  const cps = [...s];
  if (length < [...end].length) throw new PyError('AssertionError', `expected length >= ${[...end].length}, got ${length}`);
  if (cps.length <= length + leeway) return s;
  const cut = cps.slice(0, length - [...end].length).join('');
  if (killwords) return cut + end;
  const at = cut.lastIndexOf(' ');
  return (at < 0 ? cut : cut.slice(0, at)) + end;
}

function wordwrap(s: string, width: number, breakLong: boolean, wrap: string): string {
  return s
    .split(/\r\n|\n|\r/)
    .map((line) => {
      const words = line.split(/(\s+)/).filter((w) => w);
      const out: string[] = [];
      let cur = '';
      for (const w of words) {
        if (/^\s+$/.test(w)) {
          if (cur) cur += w;
          continue;
        }
        if ((cur + w).trimEnd().length <= width) cur += w;
        else {
          if (cur.trim()) out.push(cur.trimEnd());
          let rest = w;
          while (breakLong && rest.length > width) {
            out.push(rest.slice(0, width));
            rest = rest.slice(width);
          }
          cur = rest;
        }
      }
      if (cur.trim()) out.push(cur.trimEnd());
      return out.join(wrap);
    })
    .join(wrap);
}

function urlQuote(v: unknown, forQs: boolean): string {
  const s = text(v);
  const safe = forQs ? '' : '/';
  let out = encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  out = out.replace(/%7E/gi, '~');
  if (safe.includes('/')) out = out.replace(/%2F/gi, '/');
  return forQs ? out.replace(/%20/g, '+') : out;
}

export const JINJA_STRING_FILTERS: FilterTable = {
  lower: (_e, v) => text(v).toLowerCase(),
  upper: (_e, v) => text(v).toUpperCase(),
  capitalize: (_e, v) => pyCapitalize(text(v)),
  title: (_e, v) => title(text(v)),
  trim: (_e, v, a, kw) => pyStrip(text(v), bind('trim', a, kw, ['chars'])[0], true, true),
  string: (_e, v) => text(v),
  replace: (_e, v, a, kw) => {
    const [o, n, c] = bind('replace', a, kw, ['old', 'new', 'count'], 2);
    return pyReplace(text(v), text(o), text(n), optInt(c, -1));
  },
  center: (_e, v, a, kw) => pyCenter(text(v), optInt(bind('center', a, kw, ['width'])[0], 80)),
  indent: (_e, v, a, kw) => {
    const [w, first, blank] = bind('indent', a, kw, ['width', 'first', 'blank']);
    const s = asStr(v);
    if (s === undefined) throw typeError(`unsupported operand type(s) for +=: '${pyTypeName(v)}' and 'str'`);
    return indent(s, w, boolArg(first), boolArg(blank));
  },
  truncate: (_e, v, a, kw) => {
    const [len, kill, end, lee] = bind('truncate', a, kw, ['length', 'killwords', 'end', 'leeway']);
    return truncate(text(v), optInt(len, 255), boolArg(kill), end === undefined ? '...' : text(end), optInt(lee, 5));
  },
  wordcount: (_e, v) => (text(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length,
  wordwrap: (_e, v, a, kw) => {
    const [w, brk, wrap] = bind('wordwrap', a, kw, ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens']);
    return wordwrap(text(v), optInt(w, 79), boolArg(brk, true), wrap === undefined || wrap === null ? '\n' : text(wrap));
  },
  escape: (_e, v) => htmlEscape(text(v)),
  e: (_e, v) => htmlEscape(text(v)),
  forceescape: (_e, v) => htmlEscape(text(v)),
  safe: (_e, v) => v,
  striptags: (_e, v) =>
    splitWhitespace(
      text(v)
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<[^>]*>/g, ''),
      -1,
    ).join(' '),
  format: (_e, v, a, kw) => {
    if (a.length && Object.keys(kw).length) {
      throw new PyError('FilterArgumentError', "can't handle positional and keyword arguments at the same time");
    }
    return percentFormat(text(v), Object.keys(kw).length ? kw : tuple([...a]));
  },
  urlencode: (_e, v) => {
    if (asStr(v) !== undefined || !(isDict(v) || Array.isArray(v))) return urlQuote(v, false);
    const items = isDict(v) ? dictEntries(v) : (v as unknown[]).map((p) => p as [unknown, unknown]);
    return items.map(([k, x]) => `${urlQuote(k, true)}=${urlQuote(x, true)}`).join('&');
  },
  filesizeformat: (_e, v, a, kw) => {
    const [binary] = bind('filesizeformat', a, kw, ['binary']);
    const bytes = isNumber(v) ? num(v) : parseFloat(text(v));
    const base = truthy(binary ?? false) ? 1024 : 1000;
    const prefixes = truthy(binary ?? false) ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
    if (bytes === 1) return '1 Byte';
    if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
    let unit = base;
    for (const p of prefixes) {
      unit *= base;
      if (bytes < unit) return `${pyFixed((base * bytes) / unit, 1)} ${p}`;
    }
    return `${pyFixed((base * bytes) / unit, 1)} ${prefixes[prefixes.length - 1]}`;
  },
  xmlattr: (_e, v, a, kw) => {
    const [auto] = bind('xmlattr', a, kw, ['autospace']);
    if (!isDict(v)) throw new PyError('AttributeError', 'xmlattr requires a mapping');
    const items = dictEntries(v)
      .filter(([, x]) => x !== null && !(x instanceof Undefined))
      .map(([k, x]) => `${htmlEscape(k)}="${htmlEscape(text(x))}"`);
    const rv = items.join(' ');
    return boolArg(auto, true) && rv ? ' ' + rv : rv;
  },
};
