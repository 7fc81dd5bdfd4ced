import { describe, expect, it } from 'vitest';
import { parseKeyId, parseKeys } from '../apt_key.js';
import { InvalidSource, parseSourceLine, SourcesList, suggestFilename } from './sources-list.js';

describe("apt_repository's SourcesList", () => {
  it('names files from the first URL as Ansible does', () => {
    expect(suggestFilename('deb [trusted=yes] file:/opt/kplay-apt-repo ./', null)).toBe('file_opt_kplay_apt_repo.list');
    expect(suggestFilename('deb-src http://user:pw@example.invalid/x stable main', null)).toBe('example_invalid_x.list');
    expect(suggestFilename('deb https://download.docker.com/linux/debian bookworm stable', null)).toBe('download_docker_com_linux_debian.list');
    expect(suggestFilename('deb http://x/y z', 'custom')).toBe('custom.list');
  });
  it('parses disabled lines, comments and squeezes spaces', () => {
    expect(parseSourceLine('#deb  http://a  b c # note')).toEqual({ valid: true, enabled: false, source: 'deb http://a b c', comment: 'note' });
    expect(parseSourceLine('# just words')).toEqual({ valid: false, enabled: false, source: 'just words', comment: '' });
    expect(() => parseSourceLine('foo bar', true)).toThrow(InvalidSource);
  });
  it('re-enables a disabled line in place, appends new ones to their own file, removes lines', () => {
    const l = new SourcesList('/etc/apt/sources.list', '/etc/apt/sources.list.d/');
    l.load('/etc/apt/sources.list.d//old.list', '#deb http://o s m\n#   c\n\ndeb http://k s m #why\n');
    l.addSource('deb http://o s m', null);
    expect(l.dump().get('/etc/apt/sources.list.d//old.list')).toBe('deb http://o s m\n# c\n\ndeb http://k s m # why\n');
    l.addSource('deb http://n s m', null);
    expect(l.dump().get('/etc/apt/sources.list.d/n.list')).toBe('deb http://n s m\n');
    l.removeSource('deb http://n s m');
    expect(l.dump().has('/etc/apt/sources.list.d/n.list')).toBe(false);
  });
});

describe("apt_key's id rules", () => {
  it('short id, fingerprint and key id', () => {
    expect(parseKeyId('0x31d09a3a8f814c0c')).toEqual(['8F814C0C', '31D09A3A8F814C0C', '31D09A3A8F814C0C']);
    expect(() => parseKeyId('ABCDEF')).toThrow();
    expect(() => parseKeyId('XYZ')).toThrow();
  });
  it('reads apt-key and gpg --with-colons listings', () => {
    expect(parseKeys('pub   ed25519/31D09A3A8F814C0C 2026-12-05 [SC]\nuid x\npub   rsa1024/00000000AAAAAAAA 2001-01-01 [expired: 2002-01-01]\n')).toEqual(['31D09A3A8F814C0C']);
    expect(parseKeys('pub:-:255:22:31D09A3A8F814C0C:1764979200:::-:::scSC::::::23::0:\n', true)).toEqual(['8F814C0C']);
  });
});
