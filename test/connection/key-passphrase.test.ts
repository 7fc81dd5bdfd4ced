import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshConnection } from '../../src/connection/ssh.js';
import { UnreachableError } from '../../src/connection/types.js';
import { Secret } from '../../src/secrets/secret.js';
import { startLab, type Lab } from '../lab/index.js';

const root = process.getuid?.() === 0;
const PASSPHRASE = 'pass phrase $(x) `y` ü';

describe.skipIf(!root)('an encrypted private key', () => {
  let lab: Lab;
  let dir: string;
  let key: string;
  const agent = process.env['SSH_AUTH_SOCK'];

  beforeAll(async () => {
    delete process.env['SSH_AUTH_SOCK'];
    lab = await startLab({ hosts: 1 });
    dir = mkdtempSync(join(tmpdir(), 'kplay-keypass-'));
    key = join(dir, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-a', '4', '-N', PASSPHRASE, '-f', key]);
    const pub = execFileSync('cat', [`${key}.pub`]).toString().trim();
    const r = await lab.exec(lab.hosts[0]!, `echo '${pub}' >> /root/.ssh/authorized_keys`);
    expect(r.code, r.stderr).toBe(0);
  });

  afterAll(async () => {
    if (agent) process.env['SSH_AUTH_SOCK'] = agent;
    await lab?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const target = (extra: object) => ({ host: lab.hosts[0]!.address, port: 22, user: 'root', privateKeyFile: key, connectTimeoutMs: 10_000, hostKeyChecking: false, ...extra });

  it('opens with ansible_ssh_private_key_passphrase', async () => {
    const conn = new SshConnection(target({ keyPassphrase: new Secret(PASSPHRASE) }));
    try {
      expect((await conn.exec('id -un')).stdout).toBe('root\n');
    } finally {
      await conn.close();
    }
  });

  it('opens with the connection password as passphrase, as paramiko does', async () => {
    const conn = new SshConnection(target({ password: new Secret(PASSPHRASE) }));
    try {
      expect((await conn.exec('id -un')).stdout).toBe('root\n');
    } finally {
      await conn.close();
    }
  });

  it('without a passphrase: unreachable, with a hint and no secret', async () => {
    const conn = new SshConnection(target({}));
    try {
      const err = await conn.exec('true').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreachableError);
      expect(String((err as Error).message)).toMatch(/cannot use private key .*passphrase/);
    } finally {
      await conn.close();
    }
  });
});
