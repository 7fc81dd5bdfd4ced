/**
 * kplay's boot services for real: dnsmasq (DHCP + TFTP) and the HTTP server run inside a
 * network namespace the test makes; busybox's udhcpc, tftp and wget are the clients, each
 * in its own namespace with a pool host's MAC (or a stranger's).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNet, isRoot, type TestNet } from './helpers/netns.js';
import { poolsFixture } from './helpers/pools-fixture.js';

const SECRET = 'kplay-secret-in-env-1b9c';
const canRun = isRoot() && ['dnsmasq', 'busybox'].every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0) && existsSync('/usr/lib/ipxe/undionly.kpxe');

interface Served {
  url: string;
  dnsmasqPid: number;
  runtimeDir: string;
  tokens: Record<string, string>;
}

async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(!canRun)('boot services with a real dnsmasq in a network namespace', () => {
  let net: TestNet;
  let fx: ReturnType<typeof poolsFixture>;
  let child: ChildProcess;
  let served: Served;
  let out = '';
  let work: string;

  const inClient = (i: number, cmd: string[]): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync('ip', ['netns', 'exec', net.clients[i] ?? '', ...cmd], { encoding: 'utf8', cwd: work, timeout: 20_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const udhcpc = (i: number, extra: string[] = []): ReturnType<typeof inClient> =>
    inClient(i, ['busybox', 'udhcpc', '-i', 'eth0', '-n', '-q', '-f', '-t', '3', '-T', '1', '-s', join(work, 'udhcpc.sh'), ...extra]);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kplay-dhcp-client-'));
    writeFileSync(join(work, 'udhcpc.sh'), '#!/bin/sh\n[ "$1" = bound ] && echo "BOUND ip=$ip siaddr=$siaddr boot_file=$boot_file hostname=$hostname"\nexit 0\n', { mode: 0o755 });
    fx = poolsFixture();
    net = createTestNet('kpb', { clientMacs: ['52:54:00:77:00:11', '52:54:00:77:00:12', '52:54:00:99:99:99'], outsiderMac: '52:54:00:77:00:11' });
    child = spawn('ip', ['netns', 'exec', net.server, process.execPath, '--import', 'tsx', join(__dirname, 'fixtures', 'serve-boot.ts'), join(fx.dir, 'pools.yml'), 'node1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', TEST_BMC_PW: SECRET, KPLAY_OTHER_SECRET: SECRET },
    });
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!out.includes('\n')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`boot services did not start: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    served = JSON.parse(out.split('\n')[0] ?? '') as Served;
  });

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    net?.destroy();
    fx?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('gives a pool host its static lease and, without iPXE, the iPXE binary to fetch over TFTP', () => {
    const r = udhcpc(0);
    expect(r.stdout).toContain('BOUND ip=10.77.0.11 siaddr=10.77.0.1 boot_file=undionly.kpxe hostname=node1');
    inClient(0, ['ip', 'addr', 'add', '10.77.0.11/24', 'dev', 'eth0']);
    const t = inClient(0, ['busybox', 'tftp', '-g', '-r', 'undionly.kpxe', '-l', join(work, 'got.kpxe'), '10.77.0.1']);
    expect(t.status, t.stderr).toBe(0);
    expect(readFileSync(join(work, 'got.kpxe')).equals(readFileSync('/usr/lib/ipxe/undionly.kpxe'))).toBe(true);
  });

  it('sends iPXE (DHCP option 175) to the HTTP script instead', () => {
    const r = udhcpc(0, ['-x', '0xaf:01']);
    expect(r.stdout).toContain(`BOUND ip=10.77.0.11 siaddr=10.77.0.1 boot_file=${served.url}/boot.ipxe hostname=node1`);
  });

  it('gives a host without ssh.address an address from dhcpRange', () => {
    // dnsmasq pings a dynamic address for up to 3 s before it offers it (conflict check).
    const r = udhcpc(1, ['-t', '6']);
    const ip = /BOUND ip=(\S+)/.exec(r.stdout)?.[1] ?? '';
    expect(ip).toMatch(/^10\.77\.0\.1(0\d|[1-4]\d|50)$/);
    expect(r.stdout).toContain('hostname=node2');
  });

  it('answers no MAC outside the pools', () => {
    const r = udhcpc(2);
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('BOUND');
  });

  it('serves nothing on an interface other than the provisioning one, even to a pool MAC', () => {
    const run = (cmd: string[]): ReturnType<typeof inClient> => {
      const r = spawnSync('ip', ['netns', 'exec', net.outsider ?? '', ...cmd], { encoding: 'utf8', cwd: work, timeout: 20_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const dhcp = run(['busybox', 'udhcpc', '-i', 'eth0', '-n', '-q', '-f', '-t', '2', '-T', '1', '-s', join(work, 'udhcpc.sh')]);
    expect(dhcp.stdout).not.toContain('BOUND');
    run(['ip', 'addr', 'add', '10.78.0.11/24', 'dev', 'eth0']);
    const port = new URL(served.url).port;
    const http = run(['busybox', 'wget', '-q', '-T', '2', '-O', '-', `http://10.78.0.1:${port}/boot.ipxe`]);
    expect(http.status).not.toBe(0);
    expect(http.stdout).toBe('');
    const tftp = run(['timeout', '5', 'busybox', 'tftp', '-g', '-r', 'undionly.kpxe', '-l', join(work, 'outsider.kpxe'), '10.78.0.1']);
    expect(tftp.status).not.toBe(0);
    // The same request on the provisioning address works: the refusal above is the binding.
    expect(inClient(0, ['busybox', 'wget', '-q', '-O', '-', `${served.url}/boot.ipxe`]).stdout).toContain('#!ipxe');
  });

  it('serves the armed host its iPXE script, answer file and callback over HTTP on the provisioning address', async () => {
    const token = served.tokens['node1'] ?? '';
    const script = inClient(0, ['busybox', 'wget', '-q', '-O', '-', `${served.url}/ipxe/52-54-00-77-00-11`]);
    expect(script.stdout).toContain(`kplay.answer=${served.url}/answer/node1/${token}`);
    const answer = inClient(0, ['busybox', 'wget', '-q', '-O', '-', `${served.url}/answer/node1/${token}`]);
    expect(answer.stdout).toContain('# node1 52:54:00:77:00:11 rack1 worker 1');
    const done = inClient(0, ['busybox', 'wget', '-q', '-O', '-', '--post-data', '', `${served.url}/done/node1/${token}`]);
    expect(done.stdout).toBe('ok\n');
    await until(() => out.includes('"kind":"callback"'));
    expect(out).toMatch(/"kind":"callback","at":\d+,"from":"10\.77\.0\.11"/);
    expect(served.url).toMatch(/^http:\/\/10\.77\.0\.1:\d+$/);
  });

  it('dnsmasq sees no secret: not in its argv, not in its environment, not in its config', () => {
    const pid = served.dnsmasqPid;
    expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('dnsmasq');
    expect(readFileSync(`/proc/${pid}/environ`, 'utf8')).not.toContain(SECRET);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(SECRET);
    expect(readFileSync(join(served.runtimeDir, 'dnsmasq.conf'), 'utf8')).not.toContain(SECRET);
  });

  it('stops dnsmasq by its PID and removes its runtime directory', async () => {
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid ?? 0, 'SIGTERM');
    await exited;
    expect(existsSync(`/proc/${served.dnsmasqPid}`)).toBe(false);
    expect(existsSync(served.runtimeDir)).toBe(false);
  });
});
