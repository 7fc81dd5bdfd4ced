import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compilePyRegex, expandPyTemplate } from './py-regex.js';

/* Each case runs under CPython's re and under the translation; spans, groups and sub() output must agree. */
const CASES: Array<[pattern: string, subject: string, template: string]> = [
  ['^foo$', 'foo\n', 'X'],
  ['^foo$', 'foo\nbar', 'X'],
  ['(?m)^(\\w+)=(.*)$', 'a=1\nb=2\n', '\\2:\\1'],
  ['(?P<k>\\w+)\\s*=\\s*(?P<v>\\S+)', 'x = 1, y=2', '\\g<v>\\g<k>'],
  ['(?P<q>[\'"]).*?(?P=q)', `say "hi" and 'yo'`, '[\\g<0>]'],
  ['a{,2}b', 'aaab b ab', '<\\g<0>>'],
  ['{x}', 'a{x}b', 'Y'],
  ['x{2', 'xx{2', 'Z'],
  ['.', 'a\r\nb\u2028', '.'],
  ['(?s).+', 'a\nb', '<\\g<0>>'],
  ['\\Aab|c\\Z', 'ab\nc', '_'],
  ['[]a]+', 'a]]b', '#'],
  ['[^]x]', ']xy', '#'],
  ['\\d+', 'a12\u0663b', 'N'],
  ['\\w+', 'héllo wörld', 'W'],
  ['(?i)ÉTÉ', 'été', 'E'],
  ['\\$HOME\\-\\/', '$HOME-/', 'h'],
  ['(?x) a \\  b # comment\n c', 'a bc', 'V'],
  ['(a)|(b)', 'ab', '[\\1|\\2]'],
  ['\\x41\\101\\u00e9', 'AAé', 'o'],
  ['(?#note)z', 'zz', '\\n\\t'],
  ['', 'ab', '-'],
  ['x*', 'axxb', '-'],
  ['$', 'a\n', 'E'],
  ['(?:ab)+?', 'ababab', '!'],
  ['(?<=a)b(?!c)', 'ab abc', 'B'],
  ['\\b(\\w+ï)\\b', 'ünï x', '[\\1]'],
  ['\\B.\\B', 'añb c', '#'],
];

function python(cases: typeof CASES): unknown {
  const script = `
import json, re, sys
out = []
for p, s, t in json.load(sys.stdin):
    r = re.compile(p)
    out.append([[[m.start(), m.end(), list(m.groups())] for m in r.finditer(s)], r.sub(t, s)])
print(json.dumps(out))`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(cases) }).toString());
}

function ours(cases: typeof CASES): unknown {
  return cases.map(([p, s, t]) => {
    const re = compilePyRegex(p, { unicode: true }, 'g');
    const spans = [...s.matchAll(re)].map((m) => [m.index, m.index + m[0].length, m.slice(1).map((g) => g ?? null)]);
    const sub = s.replace(re, (...args) => {
      const m = Object.assign(args.slice(0, -2 - (typeof args[args.length - 1] === 'object' ? 1 : 0)) as string[], {
        index: 0,
        input: s,
        groups: typeof args[args.length - 1] === 'object' ? (args[args.length - 1] as Record<string, string>) : undefined,
      }) as unknown as RegExpExecArray;
      return expandPyTemplate(t, m);
    });
    return [spans, sub];
  });
}

describe('Python regex translation', () => {
  it('agrees with CPython re on spans, groups and sub()', () => {
    const want = python(CASES) as unknown[];
    const got = ours(CASES) as unknown[];
    CASES.forEach((c, i) => expect([c, got[i]]).toEqual([c, want[i]]));
  });

  it('keeps byte patterns ASCII', () => {
    const re = compilePyRegex('\\w+', { unicode: false }, 'g');
    const latin1 = Buffer.from('héllo', 'utf8').toString('latin1');
    expect(latin1.match(re)).toEqual(['h', 'llo']);
  });

  it('rejects what Python rejects', () => {
    expect(() => compilePyRegex('\\q', { unicode: true })).toThrow(/bad escape/);
    expect(() => compilePyRegex('(a', { unicode: true })).toThrow(/missing \)/);
    expect(() => expandPyTemplate('\\3', /a/.exec('a')!)).toThrow(/invalid group reference/);
  });
});
