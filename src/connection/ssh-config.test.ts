import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SshConfig, parseProxyJump } from './ssh-config.js';

describe('~/.ssh/config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-sshcfg-'));
  const file = join(dir, 'config');
  writeFileSync(
    file,
    ['Host web-*', '  HostName %h.internal', '  User deploy', '  ProxyJump jump@bastion:2222', 'Host web-2', '  Port 2200', 'Host * !db', '  IdentityFile ~/.ssh/id_extra', '  User fallback', 'Host *', '  Port 22'].join('\n'),
  );
  const cfg = new SshConfig(file);

  it('takes the first value OpenSSH finds, with patterns and negation', () => {
    const web2 = cfg.lookup('web-2');
    expect(web2.hostName).toBe('web-2.internal');
    expect(web2.user).toBe('deploy');
    expect(web2.port).toBe(2200);
    expect(web2.proxyJump).toBe('jump@bastion:2222');
    const db = cfg.lookup('db');
    expect(db.user).toBeUndefined();
    expect(db.port).toBe(22);
    expect(cfg.lookup('other').user).toBe('fallback');
  });

  it('parses ProxyJump chains', () => {
    expect(parseProxyJump('a@b:2222,c')).toEqual([
      { user: 'a', host: 'b', port: 2222 },
      { user: undefined, host: 'c', port: 22 },
    ]);
  });
});
