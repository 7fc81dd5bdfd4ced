import { describe, expect, it } from 'vitest';
import { textWrap } from './textwrap.js';

/* Expected lines from Python 3.11's textwrap.wrap(s, 79). */
describe('textWrap (Python textwrap.wrap)', () => {
  it('breaks after hyphens between letters, as Ansible warnings fold', () => {
    const s = "[WARNING]: Error in vault password file loading (x): Vault password client script /tmp/vx/bad2-client returned non-zero (3) when getting secret for vault-id=x: b'oops\\n'";
    expect(textWrap(s, 79)).toEqual([
      '[WARNING]: Error in vault password file loading (x): Vault password client',
      'script /tmp/vx/bad2-client returned non-zero (3) when getting secret for vault-',
      "id=x: b'oops\\n'",
    ]);
  });

  it('keeps hyphenated words whole when they fit and breaks over-long words', () => {
    expect(textWrap('[WARNING]: Error getting vault password file (default): The vault password file /tmp/vault-test-abc/some-long-directory-name/nonexist was not found', 79)).toEqual([
      '[WARNING]: Error getting vault password file (default): The vault password file',
      '/tmp/vault-test-abc/some-long-directory-name/nonexist was not found',
    ]);
    expect(textWrap(`[WARNING]: ${'x'.repeat(100)} tail`, 79)).toEqual([`[WARNING]: ${'x'.repeat(68)}`, `${'x'.repeat(32)} tail`]);
    expect(textWrap(`[WARNING]: a-b-c-d ${'well-known-hyphenated-words '.repeat(4)}`, 79)).toEqual([
      '[WARNING]: a-b-c-d well-known-hyphenated-words well-known-hyphenated-words',
      'well-known-hyphenated-words well-known-hyphenated-words',
    ]);
  });
});
