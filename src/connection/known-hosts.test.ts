import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnownHosts } from './known-hosts.js';

const keyA = Buffer.from('key-a-blob');
const keyB = Buffer.from('key-b-blob');

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-kh-'));
  const file = join(dir, 'known_hosts');
  writeFileSync(
    file,
    [`10.0.0.1,web1 ssh-ed25519 ${keyA.toString('base64')}`, `${hashed('[10.0.0.2]:2222')} ssh-ed25519 ${keyB.toString('base64')}`, `@revoked * ssh-ed25519 ${Buffer.from('bad').toString('base64')}`].join('\n'),
  );
  const kh = new KnownHosts([file]);

  it('matches plain and hashed entries, with ports', () => {
    expect(kh.verify('10.0.0.1', 22, keyA)).toBe('match');
    expect(kh.verify('web1', 22, keyA)).toBe('match');
    expect(kh.verify('10.0.0.2', 2222, keyB)).toBe('match');
  });

  it('tells a changed key from an unknown host', () => {
    expect(kh.verify('10.0.0.1', 22, keyB)).toBe('mismatch');
    expect(kh.verify('10.0.0.2', 22, keyB)).toBe('unknown');
    expect(kh.verify('10.0.0.9', 22, Buffer.from('bad'))).toBe('revoked');
  });
});
