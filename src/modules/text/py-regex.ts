/*
 * Python `re` patterns run on JavaScript's RegExp. The modules take patterns written for Python
 * (lineinfile, replace, find, wait_for), so the pattern is translated, not passed through:
 * `^ $ .` and `\A \Z` keep Python's meaning, `(?P<n>)`, `(?P=n)`, inline flags, `{,n}`, literal
 * braces, octal and `\U` escapes are rewritten. Byte patterns (lineinfile, blockinfile) run on
 * latin1-decoded text, so one char is one byte and `\d \w \s` stay ASCII as Python's bytes
 * patterns do.
 */

export class PyRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PyRegexError';
  }
}

export interface PyRegexOptions {
  /** str pattern (Unicode classes) or bytes pattern (ASCII classes, subject decoded as latin1). */
  readonly unicode: boolean;
  readonly multiline?: boolean;
  readonly dotall?: boolean;
  readonly ignoreCase?: boolean;
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
}

const hex = (c: number): string => `\\u{${c.toString(16)}}`;

function classEscape(c: string, unicode: boolean, inClass: boolean): string | undefined {
  const ascii = { d: '0-9', w: 'A-Za-z0-9_', s: ' \\t\\n\\r\\f\\v' } as const;
  const uni = { d: '\\p{Nd}', w: '\\p{L}\\p{N}_', s: '\\s\\x1c-\\x1f' } as const;
  const lower = c.toLowerCase() as 'd' | 'w' | 's';
  if (!(lower in ascii)) return undefined;
  const body = (unicode ? uni : ascii)[lower];
  const negated = c !== lower;
  if (!negated) return inClass ? body : `[${body}]`;
  if (inClass) return undefined;
  return `[^${body}]`;
}

/** Reads a quantifier `{m}`, `{m,}`, `{,n}`, `{m,n}` at `i`; Python treats anything else as a literal `{`. */
function braceQuantifier(p: string, i: number): { text: string; end: number } | undefined {
  const m = /^\{(\d*)(,?)(\d*)\}/.exec(p.slice(i));
  if (!m || (m[1] === '' && m[3] === '' )) return undefined;
  if (m[2] === '' && m[3] !== '') return undefined;
  const min = m[1] === '' ? '0' : m[1];
  return { text: `{${min}${m[2]}${m[3]}}`, end: i + m[0].length };
}

function stripVerbose(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      out += c + (p[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') out += p[++i];
    } else if (c === '#') {
      while (i < p.length && p[i] !== '\n') i++;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

function escapeAt(p: string, i: number, unicode: boolean, inClass: boolean, groupNames: Set<string>): { text: string; end: number } {
  const c = p[i + 1];
  if (c === undefined) throw new PyRegexError('bad escape (end of pattern)');
  const simple: Record<string, string> = { n: '\\n', t: '\\t', r: '\\r', f: '\\f', v: '\\v', a: '\\x07' };
  if (simple[c]) return { text: simple[c]!, end: i + 2 };
  const cls = classEscape(c, unicode, inClass);
  if (cls !== undefined) return { text: cls, end: i + 2 };
  if (c === 'b' && inClass) return { text: '\\x08', end: i + 2 };
  if (c === 'b' || c === 'B') {
    // JavaScript's \b is ASCII-only even with the u flag; Python's str patterns use Unicode words.
    if (!unicode) return { text: `\\${c}`, end: i + 2 };
    const w = '[\\p{L}\\p{N}_]';
    const boundary = `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
    return { text: c === 'b' ? boundary : `(?!${boundary})`, end: i + 2 };
  }
  if (!inClass && c === 'A') return { text: '(?<![\\s\\S])', end: i + 2 };
  if (!inClass && c === 'Z') return { text: '(?![\\s\\S])', end: i + 2 };
  if (c === 'x') {
    const m = /^[0-9a-fA-F]{2}/.exec(p.slice(i + 2));
    if (!m) throw new PyRegexError(`incomplete escape \\x${p.slice(i + 2, i + 4)}`);
    return { text: hex(parseInt(m[0], 16)), end: i + 4 };
  }
  if (unicode && (c === 'u' || c === 'U')) {
    const n = c === 'u' ? 4 : 8;
    const m = new RegExp(`^[0-9a-fA-F]{${n}}`).exec(p.slice(i + 2));
    if (!m) throw new PyRegexError(`incomplete escape \\${c}${p.slice(i + 2, i + 2 + n)}`);
    return { text: hex(parseInt(m[0], 16)), end: i + 2 + n };
  }
  if (c === '0' || (inClass && /[1-7]/.test(c))) {
    const m = /^[0-7]{1,3}/.exec(p.slice(i + 1))!;
    return { text: hex(parseInt(m[0], 8)), end: i + 1 + m[0].length };
  }
  if (/[1-9]/.test(c)) {
    const oct = /^[0-7]{3}/.exec(p.slice(i + 1));
    if (oct) return { text: hex(parseInt(oct[0], 8)), end: i + 4 };
    const m = /^[0-9]{1,2}/.exec(p.slice(i + 1))!;
    return { text: `(?:\\${m[0]})`, end: i + 1 + m[0].length };
  }
  if (/[A-Za-z0-9]/.test(c)) throw new PyRegexError(`bad escape \\${c}`);
  void groupNames;
  return { text: hex(c.codePointAt(0)!), end: i + 1 + (c.codePointAt(0)! > 0xffff ? 2 : 1) };
}

function classAt(p: string, i: number, unicode: boolean, flags: Flags, names: Set<string>): { text: string; end: number } {
  let j = i + 1;
  let out = '[';
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  for (;;) {
    const c = p[j];
    if (c === undefined) throw new PyRegexError(`unterminated character set at position ${i}`);
    if (c === ']' && !first) return { text: out + ']', end: j + 1 };
    first = false;
    if (c === '\\') {
      const e = escapeAt(p, j, unicode, true, names);
      out += e.text;
      j = e.end;
      continue;
    }
    const cp = c.codePointAt(0)!;
    out += c === '-' ? '-' : /[A-Za-z0-9 _]/.test(c) ? c : hex(cp);
    j += cp > 0xffff ? 2 : 1;
  }
  void flags;
}

function parseFlagLetters(letters: string, flags: Flags): void {
  for (const l of letters) {
    if (l === 'i') flags.i = true;
    else if (l === 'm') flags.m = true;
    else if (l === 's') flags.s = true;
    else if (l === 'x') flags.x = true;
    else if (!'aLu'.includes(l)) throw new PyRegexError(`unknown flag at position ${l}`);
  }
}

/** Translates a Python pattern into a JavaScript RegExp source plus flags. */
export function translatePyRegex(pattern: string, opts: PyRegexOptions): { source: string; flags: string } {
  const flags: Flags = { i: !!opts.ignoreCase, m: !!opts.multiline, s: !!opts.dotall, x: false };
  const leading = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  let p = pattern;
  if (leading) {
    parseFlagLetters(leading[1]!, flags);
    p = p.slice(leading[0].length);
  }
  const global = /\(\?([aiLmsux]+)\)/g;
  for (let m = global.exec(p); m; m = global.exec(p)) {
    if (p[m.index - 1] !== '\\') parseFlagLetters(m[1]!, flags);
  }
  if (flags.x) p = stripVerbose(p);
  const names = new Set<string>();
  let out = '';
  let depth = 0;
  for (let i = 0; i < p.length; ) {
    const c = p[i]!;
    if (c === '\\') {
      const e = escapeAt(p, i, opts.unicode, false, names);
      out += e.text;
      i = e.end;
    } else if (c === '[') {
      const k = classAt(p, i, opts.unicode, flags, names);
      out += k.text;
      i = k.end;
    } else if (c === '.') {
      out += flags.s ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else if (c === '^') {
      out += flags.m ? '(?<![^\\n])' : '(?<![\\s\\S])';
      i++;
    } else if (c === '$') {
      out += flags.m ? '(?![^\\n])' : '(?=\\n?(?![\\s\\S]))';
      i++;
    } else if (c === '{') {
      const q = braceQuantifier(p, i);
      out += q ? q.text : '\\{';
      i = q ? q.end : i + 1;
    } else if (c === '}') {
      out += '\\}';
      i++;
    } else if (c === '(') {
      const rest = p.slice(i);
      let m: RegExpExecArray | null;
      if ((m = /^\(\?P<([A-Za-z_]\w*)>/.exec(rest))) {
        names.add(m[1]!);
        out += `(?<${m[1]}>`;
        i += m[0].length;
        depth++;
      } else if ((m = /^\(\?P=([A-Za-z_]\w*)\)/.exec(rest))) {
        out += `\\k<${m[1]}>`;
        i += m[0].length;
      } else if ((m = /^\(\?#[^)]*\)/.exec(rest))) {
        i += m[0].length;
      } else if ((m = /^\(\?[aiLmsux]+\)/.exec(rest))) {
        i += m[0].length;
      } else if ((m = /^\(\?[aiLmsux-]+:/.exec(rest))) {
        throw new PyRegexError('scoped inline flags are not supported');
      } else {
        out += '(';
        i++;
        depth++;
      }
    } else if (c === ')') {
      if (depth === 0) throw new PyRegexError(`unbalanced parenthesis at position ${i}`);
      depth--;
      out += ')';
      i++;
    } else {
      const cp = c.codePointAt(0)!;
      out += /[A-Za-z0-9 _*+?|<>=:!,-]/.test(c) ? c : cp < 0x80 ? hex(cp) : String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
    }
  }
  if (depth > 0) throw new PyRegexError(`missing ), unterminated subpattern at position ${pattern.lastIndexOf('(')}`);
  return { source: out, flags: `u${flags.i ? 'i' : ''}` };
}

/** Compiles a Python pattern; `extraFlags` such as 'g' or 'y' are added. */
export function compilePyRegex(pattern: string, opts: PyRegexOptions, extraFlags = ''): RegExp {
  const t = translatePyRegex(pattern, opts);
  try {
    return new RegExp(t.source, t.flags + extraFlags);
  } catch (e) {
    throw new PyRegexError((e as Error).message);
  }
}

/** Python's `re.search(...)`: the first match anywhere. */
export function pySearch(re: RegExp, subject: string): RegExpExecArray | null {
  const g = new RegExp(re.source, re.flags.replace(/[gy]/g, '') + 'g');
  return g.exec(subject);
}

/** Python's `re.match(...)`: a match that starts at position 0. */
export function pyMatch(re: RegExp, subject: string): RegExpExecArray | null {
  const y = new RegExp(re.source, re.flags.replace(/[gy]/g, '') + 'y');
  return y.exec(subject);
}

/** Expands a Python `re.sub` / `Match.expand` template (`\1`, `\g<name>`, `\n` …) for one match. */
export function expandPyTemplate(template: string, m: RegExpExecArray): string {
  let out = '';
  const group = (ref: string): string => {
    const byNumber = /^\d+$/.test(ref);
    if (byNumber && Number(ref) >= m.length) throw new PyRegexError(`invalid group reference ${ref}`);
    if (!byNumber && !(m.groups && ref in m.groups)) throw new PyRegexError(`unknown group name '${ref}'`);
    return (byNumber ? m[Number(ref)] : m.groups![ref]) ?? '';
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = template[i + 1];
    if (n === undefined) throw new PyRegexError('bad escape (end of pattern)');
    if (n === 'g') {
      const g = /^<([^>]*)>/.exec(template.slice(i + 2));
      if (!g) throw new PyRegexError('missing <');
      out += group(g[1]!);
      i += 1 + g[0].length;
    } else if (n === '0') {
      const o = /^[0-7]{1,3}/.exec(template.slice(i + 1))!;
      out += String.fromCharCode(parseInt(o[0], 8));
      i += o[0].length;
    } else if (/[1-9]/.test(n)) {
      const oct = /^[0-7]{3}/.exec(template.slice(i + 1));
      if (oct) {
        out += String.fromCharCode(parseInt(oct[0], 8));
        i += 3;
      } else {
        const d = /^\d{1,2}/.exec(template.slice(i + 1))!;
        out += group(d[0]);
        i += d[0].length;
      }
    } else {
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
      if (simple[n] !== undefined) out += simple[n];
      else if (/[A-Za-z]/.test(n)) throw new PyRegexError(`bad escape \\${n}`);
      else out += '\\' + n;
      i++;
    }
  }
  return out;
}

/** Python's `re.subn(pattern, template, subject)`: the new text and the number of replacements. */
export function pySubn(re: RegExp, template: string, subject: string): [string, number] {
  const g = new RegExp(re.source, re.flags.replace(/[gy]/g, '') + 'g');
  let out = '';
  let last = 0;
  let n = 0;
  for (const m of subject.matchAll(g)) {
    out += subject.slice(last, m.index) + expandPyTemplate(template, m as RegExpExecArray);
    last = m.index + m[0].length;
    n++;
  }
  return [out + subject.slice(last), n];
}
