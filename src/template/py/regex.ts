/* Python `re` patterns and replacement templates run on JS RegExp. */
import { PyError } from './errors.js';

const cache = new Map<string, RegExp>();

/** Translates a Python pattern; `flags` are JS flags (i, m, s, g). */
export function pyRegex(pattern: string, flags: string): RegExp {
  const key = `${flags}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let f = flags;
  let src = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    for (const c of inline[1]!) if ('ims'.includes(c) && !f.includes(c)) f += c;
  }
  const multiline = f.includes('m');
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      i++;
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?![\\s\\S])';
      else out += '\\' + n;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') out += '\\' + src[++i];
      continue;
    }
    if (c === '(' && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (c === '(' && src.startsWith('(?P=', i)) {
      const end = src.indexOf(')', i);
      out += `\\k<${src.slice(i + 4, end)}>`;
      i = end;
      continue;
    }
    if (c === '$' && !multiline) {
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    out += c;
  }
  let re: RegExp;
  try {
    re = new RegExp(out, f);
  } catch (e) {
    throw new PyError('re.error', e instanceof Error ? e.message : String(e));
  }
  if (cache.size > 2000) cache.clear();
  cache.set(key, re);
  return re;
}

type Part = string | number | { name: string };

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

/** Parses a re.sub() replacement template (\1, \g<1>, \g<name>, escapes). */
export function parseTemplate(repl: string): Part[] {
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!;
    if (c !== '\\') {
      lit += c;
      continue;
    }
    const n = repl[i + 1];
    if (n === undefined) throw new PyError('re.error', 'bad escape (end of pattern)');
    i++;
    if (n === 'g') {
      const m = /^<([^>]*)>/.exec(repl.slice(i + 1));
      if (!m) throw new PyError('re.error', 'missing <');
      i += m[0].length;
      if (lit) parts.push(lit);
      lit = '';
      parts.push(/^\d+$/.test(m[1]!) ? parseInt(m[1]!, 10) : { name: m[1]! });
    } else if (/\d/.test(n)) {
      const m = /^\d{1,2}/.exec(repl.slice(i))!;
      i += m[0].length - 1;
      if (n === '0') {
        lit += String.fromCharCode(parseInt(m[0], 8));
        continue;
      }
      if (lit) parts.push(lit);
      lit = '';
      parts.push(parseInt(m[0], 10));
    } else if (n in SIMPLE) lit += SIMPLE[n];
    else if (/[A-Za-z]/.test(n)) throw new PyError('re.error', `bad escape \\${n} at position ${i - 1}`);
    else lit += '\\' + n;
  }
  if (lit) parts.push(lit);
  return parts;
}

export function expandTemplate(parts: Part[], m: RegExpExecArray | RegExpMatchArray): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (typeof p === 'number') {
        if (p >= m.length) throw new PyError('re.error', `invalid group reference ${p}`);
        return m[p] ?? '';
      }
      const g = m.groups?.[p.name];
      if (!m.groups || !(p.name in m.groups)) throw new PyError('IndexError', `unknown group name '${p.name}'`);
      return g ?? '';
    })
    .join('');
}

/** re.sub(pattern, repl, text) with Python's template rules. */
export function pySub(re: RegExp, repl: string, text: string): string {
  const parts = parseTemplate(repl);
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  return text.replace(g, (...args: unknown[]) => {
    const hasGroups = typeof args[args.length - 1] === 'object';
    const groups = (hasGroups ? args[args.length - 1] : undefined) as Record<string, string> | undefined;
    const m = args.slice(0, hasGroups ? -3 : -2) as string[] & { groups?: Record<string, string> };
    m.groups = groups;
    return expandTemplate(parts, m as unknown as RegExpMatchArray);
  });
}

/** re.escape (Python 3.7+). */
export function pyEscape(s: string): string {
  return s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => {
    const esc: Record<string, string> = { '\t': '\\\t', '\n': '\\\n', '\r': '\\\r', '\v': '\\\v', '\f': '\\\f' };
    return esc[c] ?? '\\' + c;
  });
}
