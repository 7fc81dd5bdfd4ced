import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderDiff } from './diff.js';

function python(before: string, after: string): string {
  const script = `
import difflib, json, sys
d = json.load(sys.stdin)
b = d['b'].splitlines(True); a = d['a'].splitlines(True)
if b and not b[-1].endswith('\\n'): b[-1] += '\\n\\\\ No newline at end of file\\n'
if a and not a[-1].endswith('\\n'): a[-1] += '\\n\\\\ No newline at end of file\\n'
lines = list(difflib.unified_diff(b, a, fromfile='before: /x', tofile='after: /x', fromfiledate='', tofiledate='', n=3))
sys.stdout.write(''.join(lines) + ('\\n' if lines else ''))
`;
  return execFileSync('python3', ['-c', script], { input: JSON.stringify({ b: before, a: after }) }).toString();
}

const cases: Array<[string, string]> = [
  ['a\nb\nc\n', 'a\nB\nc\n'],
  ['', 'new file\n'],
  ['one\ntwo\n', ''],
  ['1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n', '1\n2\nX\n4\n5\n6\n7\n8\nY\n10\n'],
  ['no newline', 'no newline\nmore'],
  ['same\n', 'same\n'],
];

describe('diff output matches difflib.unified_diff as Ansible prints it', () => {
  it.each(cases)('%j -> %j', (before, after) => {
    expect(renderDiff({ before, after, before_header: '/x', after_header: '/x' })).toBe(python(before, after));
  });
});
