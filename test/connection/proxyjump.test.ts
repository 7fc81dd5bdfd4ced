import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshConnection } from '../../src/connection/ssh.js';
import { parseProxyJump } from '../../src/connection/ssh-config.js';
import { startLab, type Lab } from '../lab/index.js';

const root = process.getuid?.() === 0;

describe.skipIf(!root)('ProxyJump through a bastion test host', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab({ hosts: 2 });
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it('reaches a target only the bastion can see (its own loopback)', async () => {
    const bastion = lab.hosts[0]!;
    // 127.0.0.1:22 has no sshd on the controller: only a hop through the bastion gets there.
    const conn = new SshConnection({ host: '127.0.0.1', port: 22, user: 'root', privateKeyFile: lab.keyFile, connectTimeoutMs: 10_000, hostKeyChecking: false, jumps: parseProxyJump(`root@${bastion.address}`) });
    try {
      const r = await conn.exec('hostname');
      expect(r.stdout.trim()).toBe(bastion.name);
    } finally {
      await conn.close();
    }
  });

  it('chains two hops', async () => {
    const [a, b] = lab.hosts;
    const conn = new SshConnection({ host: '127.0.0.1', port: 22, user: 'root', privateKeyFile: lab.keyFile, connectTimeoutMs: 10_000, hostKeyChecking: false, jumps: parseProxyJump(`root@${a!.address},root@${b!.address}`) });
    try {
      expect((await conn.exec('hostname')).stdout.trim()).toBe(b!.name);
    } finally {
      await conn.close();
    }
  });

  it('reports an unreachable target behind the bastion clearly', async () => {
    const conn = new SshConnection({ host: '127.0.0.1', port: 2, user: 'root', privateKeyFile: lab.keyFile, connectTimeoutMs: 5_000, hostKeyChecking: false, jumps: parseProxyJump(`root@${lab.hosts[0]!.address}`) });
    await expect(conn.exec('true')).rejects.toThrow(/could not reach 127\.0\.0\.1:2/);
    await conn.close();
  });
});
