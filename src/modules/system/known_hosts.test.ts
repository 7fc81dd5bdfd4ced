import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashHostKey, normalizeKey, searchOutput } from './known_hosts.js';

const ED = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFyDa0opZrREF0wAC5LizCdhVYnJIBcxe7G4iiAU2Kvg';
const ED_B = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKXXdGxypddTvWwBqD/q5Kb93aKZ8dcWw+NkyIpOFZbG';

describe('known_hosts', () => {
  it('hashes the host field so that ssh-keygen -F finds it, and only for that host', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kplay-kh-'));
    try {
      const file = join(dir, 'known_hosts');
      const line = hashHostKey('web1.example', `web1.example ${ED} user@a`);
      expect(line).toMatch(/^\|1\|[A-Za-z0-9+/=]{28}\|[A-Za-z0-9+/=]{28} ssh-ed25519 /);
      writeFileSync(file, `${line}\n`);
      expect(spawnSync('ssh-keygen', ['-F', 'web1.example', '-f', file]).stdout.toString()).toContain('found: line 1');
      expect(spawnSync('ssh-keygen', ['-F', 'web2.example', '-f', file]).stdout.toString()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the @cert-authority marker when hashing', () => {
    expect(hashHostKey('*.example', `@cert-authority *.example ${ED}`)).toMatch(/^@cert-authority \|1\|/);
  });

  it('normalizes a key line without its comment', () => {
    expect(normalizeKey(`h ${ED} user@a\n`)).toEqual({ host: 'h', type: 'ssh-ed25519', key: ED.split(' ')[1] });
    expect(normalizeKey(`@revoked h ${ED}`)).toEqual({ options: '@revoked', host: 'h', type: 'ssh-ed25519', key: ED.split(' ')[1] });
  });

  it("reads ssh-keygen -F output as Ansible's search_for_host_key", () => {
    const out = `# Host h found: line 3 \nh ${ED}\n`;
    expect(searchOutput(1, '', '', `h ${ED}\n`)).toEqual({ found: false, replaceOrAdd: false, foundLine: undefined });
    expect(searchOutput(0, out, '', `h ${ED} comment\n`)).toEqual({ found: true, replaceOrAdd: false, foundLine: 3 });
    expect(searchOutput(0, out, '', `h ${ED_B}\n`)).toEqual({ found: true, replaceOrAdd: true, foundLine: 3 });
    expect(searchOutput(0, out, '', 'h ecdsa-sha2-nistp256 AAAA\n')).toEqual({ found: true, replaceOrAdd: true, foundLine: undefined });
    expect(searchOutput(0, out, '', null)).toEqual({ found: true, replaceOrAdd: false, foundLine: undefined });
    expect(() => searchOutput(255, '', 'bad', null)).toThrow("ssh-keygen failed (rc=255, stdout='',stderr='bad')");
  });

  it('treats two hashed host fields as the same host', () => {
    const out = `# Host h found: line 1 \n|1|abc|def ${ED}\n`;
    expect(searchOutput(0, out, '', `|1|xyz|uvw ${ED}\n`).replaceOrAdd).toBe(false);
  });
});
