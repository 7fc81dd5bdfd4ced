import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshConnection } from '../../src/connection/ssh.js';
import { parseProxyJump } from '../../src/connection/ssh-config.js';
import { startLab, type Lab } from '../lab/index.js';

const root = process.getuid?.() === 0;
/* A second sshd on the bastion that drops every unauthenticated connection beyond two. */
const STRICT_PORT = 2222;

describe.skipIf(!root)("OpenSSH's MaxStartups on a bastion", () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab({ hosts: 2 });
    const r = await lab.exec(lab.hosts[0]!, `/usr/sbin/sshd -p ${STRICT_PORT} -o MaxStartups=2:100:2 -o PidFile=/run/sshd-strict.pid`);
    expect(r.code, r.stderr).toBe(0);
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it('20 targets behind one bastion share one connection to it', async () => {
    const bastion = lab.hosts[0]!;
    const target = lab.hosts[1]!;
    const conns = Array.from({ length: 20 }, () => new SshConnection({ host: target.address, port: 22, user: 'root', privateKeyFile: lab.keyFile, connectTimeoutMs: 10_000, hostKeyChecking: false, jumps: parseProxyJump(`root@${bastion.address}:${STRICT_PORT}`) }));
    try {
      const out = await Promise.all(conns.map((c) => c.exec('hostname')));
      expect(out.map((r) => r.stdout.trim())).toEqual(Array(20).fill(target.name));
      // The strict sshd saw one session: its per-connection processes show one login.
      const logins = await lab.exec(bastion, `ps -eo args | grep -c '^sshd: root' || true`);
      expect(Number(logins.stdout.trim())).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });

  it('connections the server drops before its banner are dialled again', async () => {
    const bastion = lab.hosts[0]!;
    const conns = Array.from({ length: 8 }, () => new SshConnection({ host: bastion.address, port: STRICT_PORT, user: 'root', privateKeyFile: lab.keyFile, connectTimeoutMs: 10_000, hostKeyChecking: false }));
    try {
      const out = await Promise.all(conns.map((c) => c.exec('echo ok')));
      expect(out.every((r) => r.stdout === 'ok\n')).toBe(true);
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });
});
