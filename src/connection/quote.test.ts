import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellJoin, shellQuote } from './quote.js';

const hostile = [
  '',
  'plain',
  'with space',
  "it's",
  '"double"',
  '$(touch /tmp/kplay-pwned)',
  '`id`',
  'line1\nline2',
  'tab\there',
  'ünïcødé ✓',
  '--leading-dash',
  '; rm -rf /',
  "'';\\",
  '*',
  '~root',
];

describe('shellQuote', () => {
  it.each(hostile)('round-trips %j through /bin/sh byte-exact', (arg) => {
    const out = execFileSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(arg)}`]);
    expect(out.toString('utf8')).toBe(arg);
  });

  it('keeps argv boundaries', () => {
    const argv = ['a b', '', 'c;d', '$x'];
    const out = execFileSync('/bin/sh', ['-c', `for a in ${shellJoin(argv)}; do printf '<%s>' "$a"; done`]);
    expect(out.toString()).toBe('<a b><><c;d><$x>');
  });
});
