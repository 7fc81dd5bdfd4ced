import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BecomeConnection, BecomeError } from '../../src/connection/become.js';
import { SshConnection } from '../../src/connection/ssh.js';
import { Secret } from '../../src/secrets/secret.js';
import { startLab, type Lab } from '../lab/index.js';

const root = process.getuid?.() === 0;

describe.skipIf(!root)('become over a real sshd (sudo with a password)', () => {
  let lab: Lab;
  let conn: SshConnection;

  beforeAll(async () => {
    lab = await startLab({ hosts: 1 });
    const h = lab.hosts[0]!;
    conn = new SshConnection({ host: h.address, port: h.port, user: lab.user.name, privateKeyFile: lab.keyFile, connectTimeoutMs: 10_000, hostKeyChecking: false });
  });

  afterAll(async () => {
    await conn?.close();
    await lab?.stop();
  });

  it('runs as root with the right password, fed on stdin (never in argv)', async () => {
    const become = new BecomeConnection(conn, { method: 'sudo', user: 'root', password: new Secret(lab.user.password), flags: undefined });
    const r = await become.exec('id -un; ps -eo args');
    expect(r.code).toBe(0);
    const [who, ...procs] = r.stdout.split('\n');
    expect(who).toBe('root');
    expect(procs.join('\n')).not.toContain(lab.user.password);
  });

  it('passes command stdin through after the password', async () => {
    const become = new BecomeConnection(conn, { method: 'sudo', user: 'root', password: new Secret(lab.user.password), flags: undefined });
    const r = await become.exec('cat', { stdin: 'payload line\n' });
    expect(r.stdout).toBe('payload line\n');
  });

  it('fails clearly (no hang) on a wrong password', async () => {
    const become = new BecomeConnection(conn, { method: 'sudo', user: 'root', password: new Secret('wrong-password'), flags: undefined });
    const t0 = Date.now();
    await expect(become.exec('id -un')).rejects.toThrow(new BecomeError('Incorrect sudo password'));
    expect(Date.now() - t0).toBeLessThan(20_000);
  }, 30_000);

  it('fails clearly when a password is needed and none is given', async () => {
    const become = new BecomeConnection(conn, { method: 'sudo', user: 'root', password: undefined, flags: undefined });
    await expect(become.exec('id -un')).rejects.toThrow(new BecomeError('Missing sudo password'));
  });

  it('never shows the password when the secret is printed', () => {
    const s = new Secret(lab.user.password);
    expect(String(s)).not.toContain(lab.user.password);
    expect(JSON.stringify({ s })).not.toContain(lab.user.password);
  });
});

describe.skipIf(!root)('become with su (password typed at the prompt on a PTY)', () => {
  let lab: Lab;
  let conn: SshConnection;
  const rootPassword = 's3cret root $(pw)';

  beforeAll(async () => {
    lab = await startLab({ hosts: 1 });
    const h = lab.hosts[0]!;
    const set = await lab.exec(h, `printf '%s\\n' 'root:${rootPassword}' | chpasswd`);
    expect(set.code, set.stderr).toBe(0);
    conn = new SshConnection({ host: h.address, port: h.port, user: lab.user.name, privateKeyFile: lab.keyFile, connectTimeoutMs: 10_000, hostKeyChecking: false });
  });

  afterAll(async () => {
    await conn?.close();
    await lab?.stop();
  });

  it('becomes root with the right password', async () => {
    const become = new BecomeConnection(conn, { method: 'su', user: 'root', password: new Secret(rootPassword), flags: undefined });
    const r = await become.exec('id -un; echo "second line"');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('root\nsecond line\n');
  });

  it('carries stdin byte for byte (a module payload) and keeps a multi-line command', async () => {
    const become = new BecomeConnection(conn, { method: 'su', user: 'root', password: new Secret(rootPassword), flags: undefined });
    const data = randomBytes(400_000);
    const r = await become.exec('id -un\nsha256sum | cut -d" " -f1', { stdin: data });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`root\n${createHash('sha256').update(data).digest('hex')}\n`);
    await become.putFile('/root/kplay-su-put', Buffer.from('written as root\n'), 0o600);
    expect((await become.exec('stat -c %U:%a /root/kplay-su-put && cat /root/kplay-su-put')).stdout).toBe('root:600\nwritten as root\n');
    expect((await conn.exec('ls -a /tmp | grep -c kplay-su || true')).stdout.trim()).toBe('0');
  }, 60_000);

  it('fails clearly on a wrong password', async () => {
    const become = new BecomeConnection(conn, { method: 'su', user: 'root', password: new Secret('nope'), flags: undefined });
    await expect(become.exec('id -un')).rejects.toThrow(BecomeError);
  }, 30_000);
});
