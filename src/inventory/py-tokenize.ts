/** The tokens of a Python expression that literal_eval can read (numbers, strings, names, brackets). */
import { PySyntaxError } from './py-string.js';

/** Valid Python perhaps, but no literal (literal_eval's ValueError). */
export class NotLiteral extends Error {}

export type Tok =
  | { kind: 'num'; text: string }
  | { kind: 'str'; text: string }
  | { kind: 'name'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'end' };

const NAME_START = /[\p{L}\p{Nl}_]/u;
const NAME_CHAR = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;
const DIGITPART = '[0-9](?:_?[0-9])*';
const NUMBER = new RegExp(
  '^(?:' +
    '0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|' +
    `(?:(?:${DIGITPART})?\\.${DIGITPART}|${DIGITPART}\\.)(?:[eE][-+]?${DIGITPART})?[jJ]?|` +
    `${DIGITPART}[eE][-+]?${DIGITPART}[jJ]?|` +
    `${DIGITPART}[jJ]|` +
    '[1-9](?:_?[0-9])*|0(?:_?0)*' +
    ')',
);
const STRING_START = /^(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?(?:'''|"""|'|")/;

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let depth = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '\n' || c === '\r') {
      // implicit line joining inside brackets; outside, only trailing blank lines are fine
      if (depth === 0 && src.slice(i).trim() !== '' && !/^\s*#/.test(src.slice(i))) throw new PySyntaxError('invalid syntax');
      i++;
      continue;
    }
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
      continue;
    }
    const rest = src.slice(i);
    const sm = STRING_START.exec(rest);
    if (sm) {
      const { text, length } = scanString(rest);
      out.push({ kind: 'str', text });
      i += length;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = NUMBER.exec(rest);
      if (!m) throw new PySyntaxError('invalid decimal literal');
      const text = m[0];
      const next = src[i + text.length] ?? '';
      if (next !== '' && (NAME_CHAR.test(next) || next === '.' || /[0-9]/.test(next))) throw new PySyntaxError('invalid literal');
      out.push({ kind: 'num', text });
      i += text.length;
      continue;
    }
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < src.length && NAME_CHAR.test(src[j]!)) j++;
      out.push({ kind: 'name', text: src.slice(i, j) });
      i = j;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if ('()[]{},:+-'.includes(c)) {
      out.push({ kind: 'op', text: c });
      i++;
      continue;
    }
    // any other operator or character: a valid expression perhaps, but no literal
    throw new NotLiteral(c);
  }
  out.push({ kind: 'end' });
  return out;
}

function scanString(rest: string): { text: string; length: number } {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(rest)!;
  const quote = m[2]!;
  let j = m[0].length;
  while (j < rest.length) {
    const ch = rest[j]!;
    if (ch === '\\') {
      j += 2;
      continue;
    }
    if (quote.length === 1 && (ch === '\n' || ch === '\r')) throw new PySyntaxError('unterminated string literal');
    if (rest.startsWith(quote, j)) return { text: rest.slice(0, j + quote.length), length: j + quote.length };
    j++;
  }
  throw new PySyntaxError('unterminated string literal');
}

