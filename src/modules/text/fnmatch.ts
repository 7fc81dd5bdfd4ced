/* Python's fnmatch.fnmatch on POSIX (case-sensitive): `*`, `?`, `[seq]`, `[!seq]`, no quoting. */

const esc = (c: string): string => `\\u{${c.codePointAt(0)!.toString(16)}}`;

function classBody(stuff: string): string {
  const chars = [...stuff];
  let out = '';
  for (let k = 0; k < chars.length; k++) {
    const a = chars[k]!;
    if (chars[k + 1] === '-' && k + 2 < chars.length) {
      const b = chars[k + 2]!;
      // Python drops reversed (empty) ranges instead of failing.
      if (a.codePointAt(0)! <= b.codePointAt(0)!) out += `${esc(a)}-${esc(b)}`;
      k += 2;
    } else out += esc(a);
  }
  return out;
}

export function fnmatchRegex(pattern: string): RegExp {
  let out = '';
  const p = [...pattern];
  for (let i = 0; i < p.length; ) {
    const c = p[i++]!;
    if (c === '*') {
      if (!out.endsWith('[\\s\\S]*')) out += '[\\s\\S]*';
    } else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      let j = i;
      if (p[j] === '!') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') j++;
      if (j >= p.length) {
        out += '\\[';
        continue;
      }
      let stuff = p.slice(i, j).join('');
      i = j + 1;
      const negate = stuff.startsWith('!');
      if (negate) stuff = stuff.slice(1);
      const body = classBody(stuff);
      if (body === '') out += negate ? '[\\s\\S]' : '(?!)';
      else out += `[${negate ? '^' : ''}${body}]`;
    } else out += esc(c);
  }
  return new RegExp(`^(?:${out})$`, 'u');
}

export function fnmatch(name: string, pattern: string): boolean {
  return fnmatchRegex(pattern).test(name);
}
