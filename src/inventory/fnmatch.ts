/**
 * Python's `fnmatch.translate` (3.11) and the handful of Python `re` spellings that differ
 * in JavaScript: what Ansible's host patterns (`web*`, `~regex`) are matched with.
 */

const JS_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function escapeJs(c: string): string {
  return c.replace(JS_SPECIAL, '\\$&');
}

/** A RegExp that matches exactly the names fnmatch.fnmatchcase(name, pat) accepts. */
export function fnmatchRegExp(pat: string): RegExp {
  const res: string[] = [];
  let starPrev = false;
  let i = 0;
  const n = pat.length;
  while (i < n) {
    const c = pat[i]!;
    i++;
    if (c === '*') {
      if (!starPrev) res.push('[\\s\\S]*');
      starPrev = true;
      continue;
    }
    starPrev = false;
    if (c === '?') {
      res.push('[\\s\\S]');
    } else if (c === '[') {
      let j = i;
      if (j < n && pat[j] === '!') j++;
      if (j < n && pat[j] === ']') j++;
      while (j < n && pat[j] !== ']') j++;
      if (j >= n) {
        res.push('\\[');
        continue;
      }
      res.push(bracket(pat, i, j));
      i = j + 1;
    } else {
      res.push(escapeJs(c));
    }
  }
  return new RegExp(`^(?:${res.join('')})$`);
}

/** The `[...]` set between pat[i] (after `[`) and pat[j] (the closing `]`). */
function bracket(pat: string, i: number, j: number): string {
  let chunks: string[];
  const stuffRaw = pat.slice(i, j);
  if (!stuffRaw.includes('-')) {
    chunks = [stuffRaw];
  } else {
    chunks = [];
    let k = pat[i] === '!' ? i + 2 : i + 1;
    for (;;) {
      k = pat.indexOf('-', k);
      if (k < 0 || k >= j) break;
      chunks.push(pat.slice(i, k));
      i = k + 1;
      k = k + 3;
    }
    const chunk = pat.slice(i, j);
    if (chunk) chunks.push(chunk);
    else chunks[chunks.length - 1] += '-';
    // drop empty ranges (b-a), which are invalid in a regex
    for (let k2 = chunks.length - 1; k2 > 0; k2--) {
      const prev = chunks[k2 - 1]!;
      const cur = chunks[k2]!;
      if (prev.at(-1)! > cur[0]!) {
        chunks[k2 - 1] = prev.slice(0, -1) + cur.slice(1);
        chunks.splice(k2, 1);
      }
    }
  }
  // each chunk's own characters are literal; the joins between chunks are ranges
  const literal = (s: string): string => s.replace(/[\\\]\-^[]/g, '\\$&');
  let negate = false;
  const first = chunks[0] ?? '';
  if (first.startsWith('!')) {
    negate = true;
    chunks[0] = first.slice(1);
  }
  const body = chunks.map(literal).join('-');
  if (!negate && body === '') return '(?!)';
  if (negate && body === '') return '[\\s\\S]';
  return `[${negate ? '^' : ''}${body}]`;
}

export class PyRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PyRegexError';
  }
}

/**
 * Python's re.compile(src).match(name): anchored at the start only. The spellings that
 * differ in JavaScript are rewritten: (?P<n>…), (?P=n), \A, \Z, leading inline flags.
 */
export function pythonRegExp(src: string): RegExp {
  let flags = '';
  let body = src;
  const lead = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (lead) {
    body = body.slice(lead[0].length);
    for (const f of lead[1]!) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  body = body
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$(?![\\s\\S])');
  try {
    return new RegExp(`^(?:${body})`, flags);
  } catch (e) {
    throw new PyRegexError((e as Error).message);
  }
}
