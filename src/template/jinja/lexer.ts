/*
 * nunjucks' tokenizer with Jinja2's lexing where they differ: Python string escapes, the
 * `trim_blocks` newline after comments, newline normalisation and dropping one trailing
 * newline (keep_trailing_newline=False), and Ansible's doubling of backslashes inside
 * `{{ }}` strings (Templar's escape_backslashes).
 */
import { LiteralError, unicodeEscape } from '../py/literal-eval.js';
import { TemplateSyntaxError } from '../py/errors.js';
import { lexer, type NjAny } from './nunjucks.js';

export interface Delimiters {
  blockStart: string;
  blockEnd: string;
  variableStart: string;
  variableEnd: string;
  commentStart: string;
  commentEnd: string;
}

export interface LexOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
  keepTrailingNewline: boolean;
  escapeBackslashes: boolean;
  newlineSequence: string;
  tags?: Delimiters;
}

export const DEFAULT_TAGS: Delimiters = {
  blockStart: '{%',
  blockEnd: '%}',
  variableStart: '{{',
  variableEnd: '}}',
  commentStart: '{#',
  commentEnd: '#}',
};

/** The source as Jinja's lexer sees it: newlines normalised, one trailing newline dropped. */
export function normalizeSource(src: string, keepTrailingNewline: boolean): string {
  const s = src.replace(/\r\n|\r/g, '\n');
  return !keepTrailingNewline && s.endsWith('\n') ? s.slice(0, -1) : s;
}

const CLOSERS: Record<string, string> = { '}': lexer.TOKEN_RIGHT_CURLY, ']': lexer.TOKEN_RIGHT_BRACKET, ')': lexer.TOKEN_RIGHT_PAREN };
const NUMBER = /^(\d+_)*\d+((\.(\d+_)*\d+)?[eE][+-]?(\d+_)*\d+|\.(\d+_)*\d+)?/;
const INTEGER = /^(\d+_)*\d+/;
/** Jinja's names (also what keeps user text out of the generated JS as anything but a name). */
const NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * Tokens Jinja's lexer makes differently: numbers (`1e3`, `1_000`; after a dot only an
 * integer, so `a.0.1` is two lookups) and brackets closed inside an open bracket, so
 * `{{ {'a': {}} }}` does not end at the first `}}`.
 */
function ownToken(t: NjAny, depth: number): NjAny {
  const c: string = t.current();
  const at = { lineno: t.lineno, colno: t.colno };
  if (depth > 0 && c in CLOSERS) {
    t.forward();
    return { type: CLOSERS[c], value: c, ...at };
  }
  if (depth > 0 && c === '-' && t.str[t.index + 1] in CLOSERS) {
    t.forward();
    return { type: lexer.TOKEN_OPERATOR, value: '-', ...at };
  }
  if (!/[0-9]/.test(c)) return undefined;
  const rest: string = t.str.slice(t.index);
  const prefixed = /^0([bBoOxX])((?:_?[0-9a-fA-F])+)/.exec(rest);
  if (prefixed) {
    const base = { b: 2, o: 8, x: 16 }[prefixed[1]!.toLowerCase() as 'b' | 'o' | 'x'];
    t.forwardN(prefixed[0].length);
    return { type: lexer.TOKEN_INT, value: String(parseInt(prefixed[2]!.replace(/_/g, ''), base)), ...at };
  }
  const m = (t.previous() === '.' ? INTEGER : NUMBER).exec(rest);
  if (!m) return undefined;
  t.forwardN(m[0].length);
  const value = m[0].replace(/_/g, '');
  return { type: /[.eE]/.test(value) ? lexer.TOKEN_FLOAT : lexer.TOKEN_INT, value, ...at };
}

export function tokenize(src: string, o: LexOptions): NjAny {
  const t = lexer.lex(normalizeSource(src, o.keepTrailingNewline), {
    trimBlocks: o.trimBlocks,
    lstripBlocks: o.lstripBlocks,
    tags: o.tags,
  });
  let inVariable = false;
  let depth = 0;
  const next = t.nextToken.bind(t);
  t.nextToken = (): NjAny => {
    const own = t.in_code ? ownToken(t, depth) : undefined;
    const tok = own ?? next();
    if (!tok) return tok;
    if (tok.type === lexer.TOKEN_SYMBOL && !NAME.test(tok.value)) {
      const v = String(tok.value);
      const at = [...v].findIndex((ch) => !/[\p{L}\p{N}_]/u.test(ch));
      throw new TemplateSyntaxError(`unexpected char '${[...v][Math.max(at, 0)]}' at ${t.index - v.length + Math.max(at, 0)}`);
    }
    if (tok.type === lexer.TOKEN_LEFT_PAREN || tok.type === lexer.TOKEN_LEFT_BRACKET || tok.type === lexer.TOKEN_LEFT_CURLY) depth++;
    else if (tok.type === lexer.TOKEN_RIGHT_PAREN || tok.type === lexer.TOKEN_RIGHT_BRACKET || tok.type === lexer.TOKEN_RIGHT_CURLY) depth = Math.max(0, depth - 1);
    if (tok.type === lexer.TOKEN_VARIABLE_START || tok.type === lexer.TOKEN_BLOCK_START) depth = 0;
    if (tok.type === lexer.TOKEN_BLOCK_START && t.current() === '+') t.forward();
    if (tok.type === lexer.TOKEN_VARIABLE_START) inVariable = true;
    else if (tok.type === lexer.TOKEN_VARIABLE_END || tok.type === lexer.TOKEN_BLOCK_START) inVariable = false;
    else if (tok.type === lexer.TOKEN_COMMENT && o.trimBlocks && t.current() === '\n') t.forward();
    else if (tok.type === lexer.TOKEN_DATA && o.newlineSequence !== '\n') tok.value = tok.value.replace(/\n/g, o.newlineSequence);
    return tok;
  };
  t._parseString = (delimiter: string): string => {
    t.forward();
    let raw = '';
    while (!t.isFinished() && t.current() !== delimiter) {
      if (t.current() === '\\') {
        raw += '\\';
        t.forward();
        if (t.isFinished()) break;
      }
      raw += t.current();
      t.forward();
    }
    if (t.isFinished()) throw new TemplateSyntaxError('unexpected end of template, expected end of string');
    t.forward();
    if (inVariable && o.escapeBackslashes) raw = raw.replace(/\\/g, '\\\\');
    try {
      return unicodeEscape(raw);
    } catch (e) {
      if (e instanceof LiteralError) throw new TemplateSyntaxError(e.message);
      throw e;
    }
  };
  return t;
}
