/**
 * `kplay pool provision` end to end, with real peers only: two ipmi_sim BMCs whose chassis
 * hooks start QEMU (TCG) VMs, which PXE-boot (iPXE ROM → kplay's dnsmasq → kplay's HTTP)
 * the lab installer built from Debian packages; the installer fetches its rendered answer
 * file, calls back, and answers SSH. Then `power`, `release`, and a wrong BMC password.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot } from '../boot/helpers/netns.js';
import { missingTools, startE2eLab, type E2eLab } from './lab.js';

const missing = isRoot() ? missingTools() : ['root'];
if (missing.length) console.warn(`provision e2e skipped: missing ${missing.join(', ')} (scripts/apt-packages.txt)`);

function processTexts(pids: readonly number[], what: 'cmdline' | 'environ'): string {
  return pids.map((p) => {
    try {
      return readFileSync(`/proc/${p}/${what}`, 'utf8');
    } catch {
      return '';
    }
  }).join('\n');
}

function allPids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

describe.skipIf(missing.length > 0)('kplay pool provision: IPMI → PXE → installer → SSH on QEMU VMs', () => {
  let lab: E2eLab;
  const stateFile = (): string => readFileSync(join(lab.dir, '.kplay', 'state', 'hosts.json'), 'utf8');
  const state = (host: string): string => (JSON.parse(stateFile()) as { hosts: Record<string, { status: { state: string; reason?: string } }> }).hosts[host]?.status.state ?? 'none';
  const sshHostname = (ip: string): string =>
    lab.inNetns(['ssh', '-i', lab.keyFile, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', '-o', 'LogLevel=ERROR', `root@${ip}`, 'hostname']).stdout.trim();

  /** Command names of the processes in the lab's namespace. */
  const netnsCommands = (): string[] =>
    spawnSync('ip', ['netns', 'pids', lab.net.server], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map((p) => {
        try {
          return readFileSync(`/proc/${p}/comm`, 'utf8').trim();
        } catch {
          return '';
        }
      });

  beforeAll(async () => {
    lab = await startE2eLab(2);
  }, 60_000);
  afterAll(async () => {
    await lab?.destroy();
  });

  it('Ctrl-C while the VMs boot records both hosts as error and stops dnsmasq', async () => {
    const r = await lab.kplay(['pool', 'provision', 'pools.yml'], 60_000, { interruptWhen: /node1: install\n[^]*node2: install\n|node2: install\n[^]*node1: install\n/ });
    expect(r.code, r.stdout + r.stderr).toBe(99);
    expect(r.stderr).toContain('SIGINT: stopping');
    for (const n of lab.nodes) {
      expect(state(n.name)).toBe('error');
      expect(r.stdout).toMatch(new RegExp(`^${n.name}: FAILED after [\\d.]+s: install: interrupted by SIGINT$`, 'm'));
    }
    expect(netnsCommands()).not.toContain('dnsmasq');
  }, 120_000);

  it('kill -9 of kplay mid-provision leaves hosts in provisioning and its dnsmasq behind, for the next run to clean', async () => {
    const r = await lab.kplay(['pool', 'provision', 'pools.yml'], 60_000, { interruptWhen: /node1: install\n[^]*node2: install\n|node2: install\n[^]*node1: install\n/, signal: 'SIGKILL' });
    expect(r.code).toBeNull();
    for (const n of lab.nodes) expect(state(n.name)).toBe('provisioning');
    expect(netnsCommands()).toContain('dnsmasq');
  }, 120_000);

  it('provisions both hosts in parallel and leaves them answering SSH as themselves', async () => {
    const t0 = Date.now();
    // The rerun stops the dnsmasq the killed run left, and resumes the hosts (VMs still on: power off first).
    const r = await lab.kplay(['pool', 'provision', 'pools.yml', '--timeout', '150', '--ssh-timeout', '60'], 240_000);
    expect(r.stderr).toMatch(/boot: stopped dnsmasq \d+ left by a previous run/);
    const wall = Date.now() - t0;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const n of lab.nodes) {
      expect(r.stdout).toMatch(new RegExp(`^${n.name}: provisioned in [\\d.]+s at ${n.ip.replaceAll('.', '\\.')} `, 'm'));
      expect(state(n.name)).toBe('provisioned');
      const history = (JSON.parse(stateFile()) as { hosts: Record<string, { history: Array<{ to: { state: string; reason?: string } }> }> }).hosts[n.name]?.history ?? [];
      expect(history.map((h) => h.to.state)).toEqual(['registered', 'provisioning', 'error', 'provisioning', 'error', 'provisioning', 'provisioned']);
      expect(n.qemuPid()).toBeGreaterThan(0);
      // The hostname comes from the rendered answer file, the login from the key it installed.
      expect(sshHostname(n.ip)).toBe(n.name);
    }
    const figures = r.stdout.split('\n').filter((l) => / provisioned in /.test(l));
    console.log(`provision e2e: ${lab.nodes.length} VMs in ${(wall / 1000).toFixed(1)} s wall\n${figures.join('\n')}`);

    // The BMC password went to kplay through its environment only.
    expect(r.stdout + r.stderr).not.toContain(lab.password);
    expect(stateFile()).not.toContain(lab.password);
    const qemu = lab.nodes.map((n) => n.qemuPid() ?? 0);
    expect(processTexts(qemu, 'environ')).not.toContain(lab.password);
    expect(processTexts(allPids(), 'cmdline')).not.toContain(lab.password);
  }, 300_000);

  it('kplay pool power reads and switches power through the BMCs', async () => {
    const status = await lab.kplay(['pool', 'power', 'status', 'pools.yml'], 30_000);
    expect(status.stdout).toBe('node1: power on\nnode2: power on\n');
    const off = await lab.kplay(['pool', 'power', 'off', 'pools.yml', 'node1'], 30_000);
    expect(off.stdout).toBe('node1: power off\n');
    expect(lab.nodes[0]?.qemuPid()).toBeUndefined();
    expect(lab.nodes[1]?.qemuPid()).toBeGreaterThan(0);
  });

  it('kplay pool release powers a host off and returns it to registered', async () => {
    const r = await lab.kplay(['pool', 'release', 'pools.yml', 'node2'], 30_000);
    expect(r.stdout).toBe('node2: power off\n');
    expect(state('node2')).toBe('registered');
    expect(lab.nodes[1]?.qemuPid()).toBeUndefined();
    const s = await lab.kplay(['pool', 'status', 'pools.yml'], 30_000);
    expect(s.stdout).toMatch(/^node1 +rack1 +worker +1 +- +provisioned /m);
    expect(s.stdout).toMatch(/^node2 +rack1 +worker +2 +- +registered /m);
  });

  it('a wrong BMC password fails that host quickly with a clear reason, and is never printed', async () => {
    const wrong = 'wrong-pw-e2e-77';
    const t0 = Date.now();
    const r = await lab.kplay(['pool', 'provision', 'pools.yml', 'node2', '--timeout', '20'], 60_000, { password: wrong });
    expect(r.code).toBe(2);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.stdout).toMatch(/^node2: FAILED after [\d.]+s: ipmi: .+/m);
    const reason = (JSON.parse(stateFile()) as { hosts: Record<string, { status: { reason?: string } }> }).hosts['node2']?.status.reason ?? '';
    expect(reason).toMatch(/^ipmi: /);
    expect(r.stdout + r.stderr + stateFile()).not.toContain(wrong);
    expect(lab.nodes[1]?.qemuPid()).toBeUndefined();
  });
});
