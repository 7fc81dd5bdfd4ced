import { SourceError, type SourcePos } from '../errors/source-error.js';

/*
 * Ansible's `k=v` argument strings (parsing/splitter.py semantics): split on spaces, but keep
 * quoted parts and Jinja2 blocks together; keep newlines.
 */

function quoteState(token: string, quote: string | null): string | null {
  let q = quote;
  for (let i = 0; i < token.length; i++) {
    const c = token[i]!;
    if ((c === '"' || c === "'") && (i === 0 || token[i - 1] !== '\\')) {
      if (q) {
        if (c === q) q = null;
      } else q = c;
    }
  }
  return q;
}

function countOccurrences(s: string, sub: string): number {
  let n = 0;
  for (let i = s.indexOf(sub); i !== -1; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

function jinjaDepth(token: string, depth: number, open: string, close: string): number {
  const o = countOccurrences(token, open);
  const c = countOccurrences(token, close);
  if (o === c) return depth;
  return Math.max(0, depth + o - c);
}

export function splitArgs(args: string, pos?: SourcePos): string[] {
  const params: string[] = [];
  const items = args.split('\n');
  let quote: string | null = null;
  let inQuotes = false;
  let printDepth = 0;
  let blockDepth = 0;
  let commentDepth = 0;
  const appendToLast = (s: string): void => {
    params[params.length - 1] = (params[params.length - 1] ?? '') + s;
  };

  items.forEach((item, itemIdx) => {
    const tokens = item.split(' ');
    let continuation = false;
    tokens.forEach((token, idx) => {
      if (token.length === 0 && idx !== 0) {
        appendToLast(' ');
        return;
      }
      if (token === '\\' && !inQuotes) {
        continuation = true;
        return;
      }
      const wasInQuotes = inQuotes;
      quote = quoteState(token, quote);
      inQuotes = quote !== null;
      let appended = false;
      const inJinja = printDepth || blockDepth || commentDepth;
      if (inQuotes && !wasInQuotes && !inJinja) {
        params.push(token);
        appended = true;
      } else if (inJinja || inQuotes || wasInQuotes) {
        if (idx === 0 && wasInQuotes) appendToLast(token);
        else if (tokens.length > 1) appendToLast((idx > 0 ? ' ' : '') + token);
        else appendToLast('\n' + token);
        appended = true;
      }
      for (const [open, close, which] of [
        ['{{', '}}', 'print'],
        ['{%', '%}', 'block'],
        ['{#', '#}', 'comment'],
      ] as const) {
        const before = which === 'print' ? printDepth : which === 'block' ? blockDepth : commentDepth;
        const after = jinjaDepth(token, before, open, close);
        if (which === 'print') printDepth = after;
        else if (which === 'block') blockDepth = after;
        else commentDepth = after;
        if (after !== before && !appended) {
          params.push(token);
          appended = true;
        }
      }
      if (!(printDepth || blockDepth || commentDepth) && !inQuotes && !appended && token !== '') params.push(token);
    });
    if (items.length > 1 && itemIdx !== items.length - 1 && !continuation) appendToLast('\n');
  });

  if (printDepth || blockDepth || commentDepth || inQuotes) {
    throw new SourceError(`failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${args}`, { code: 'KPLAY_ARGS', ...(pos ? { pos } : {}) });
  }
  return params;
}

export function joinArgs(parts: readonly string[]): string {
  let out = '';
  for (const p of parts) {
    if (out.length === 0 || out.endsWith('\n')) out += p;
    else out += ' ' + p;
  }
  return out;
}

export function unquote(s: string): string {
  if (s.length > 1 && s[0] === s[s.length - 1] && (s[0] === '"' || s[0] === "'") && s[s.length - 2] !== '\\') return s.slice(1, -1);
  return s;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function decodeEscapes(s: string): string {
  return s.replace(/\\U[0-9a-fA-F]{8}|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\[\\'"abfnrtv]/g, (m) => {
    if (m.length === 2) return SIMPLE_ESCAPES[m[1]!] ?? m;
    return String.fromCodePoint(parseInt(m.slice(2), 16));
  });
}

/** Keys the command family accepts inline next to its free-form command. */
const RAW_KEYS = new Set(['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends']);

/** `a=1 b="x y"` → {a: '1', b: 'x y'}; with checkRaw, other words go to `_raw_params`. */
export function parseKv(args: string, checkRaw: boolean, pos?: SourcePos): Record<string, string> {
  const options: Record<string, string> = {};
  const raw: string[] = [];
  for (const orig of splitArgs(args, pos)) {
    const x = decodeEscapes(orig);
    if (!x.includes('=')) {
      raw.push(orig);
      continue;
    }
    let eq = -1;
    for (let i = 1; i < x.length; i++) {
      if (x[i] === '=' && x[i - 1] !== '\\') {
        eq = i;
        break;
      }
    }
    if (eq < 0) {
      raw.push(x.replace(/\\=/g, '='));
      continue;
    }
    const k = x.slice(0, eq);
    const v = x.slice(eq + 1);
    if (checkRaw && !RAW_KEYS.has(k)) raw.push(orig);
    else options[k.trim()] = unquote(v.trim());
  }
  if (raw.length > 0) options['_raw_params'] = joinArgs(raw);
  return options;
}
