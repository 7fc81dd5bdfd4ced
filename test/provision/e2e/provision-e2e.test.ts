/**
 * `kplay pool provision` end to end, with real peers only: three ipmi_sim BMCs whose chassis
 * hooks start QEMU (TCG) VMs, which PXE-boot (iPXE ROM → kplay's dnsmasq → kplay's HTTP).
 * Image profile: the deploy ramdisk fetches the answer file (user-data), writes the disk
 * image kplay serves and calls back; kplay sets the boot device to disk and power-cycles,
 * the VM boots its disk and answers SSH. Netboot profile: the installer answers SSH itself.
 * Negative cases: Ctrl-C, kill -9 then a rerun, a BMC that never answers, a wrong BMC
 * password, a VM that never boots, an image whose checksum does not match (the deploy
 * ramdisk reports it; the image profile's right sha256 is checked in the main run). The BMC password is checked absent from every output.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot } from '../boot/helpers/netns.js';
import { missingTools, startE2eLab, type E2eLab } from './lab.js';

const missing = isRoot() ? missingTools() : ['root'];
if (missing.length) console.warn(`provision e2e skipped: missing ${missing.join(', ')} (scripts/apt-packages.txt)`);

const NODES = ['node1', 'node2', 'node3'];
/** Every node has entered `install` (its VM is powered on and booting). */
const ALL_INSTALLING = new RegExp(NODES.map((n) => `(?=[^]*^${n}: install$)`).join(''), 'm');

function processTexts(pids: readonly number[], what: 'cmdline' | 'environ'): string {
  return pids
    .map((p) => {
      try {
        return readFileSync(`/proc/${p}/${what}`, 'utf8');
      } catch {
        return '';
      }
    })
    .join('\n');
}

function allPids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

interface HostRecord {
  status: { state: string; reason?: string };
  history: Array<{ to: { state: string; reason?: string } }>;
}

describe.skipIf(missing.length > 0)('kplay pool provision: IPMI → PXE → deploy ramdisk → disk image → SSH on 3 QEMU VMs', () => {
  let lab: E2eLab;
  const figures: string[] = [];
  const stateFile = (): string => readFileSync(join(lab.dir, '.kplay', 'state', 'hosts.json'), 'utf8');
  const record = (host: string): HostRecord | undefined => (JSON.parse(stateFile()) as { hosts: Record<string, HostRecord> }).hosts[host];
  const state = (host: string): string => record(host)?.status.state ?? 'none';
  const ssh = (ip: string, cmd: string): string =>
    lab.inNetns(['ssh', '-i', lab.keyFile, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', '-o', 'LogLevel=ERROR', `root@${ip}`, cmd]).stdout.trim();
  const node = (i: number): E2eLab['nodes'][number] => {
    const n = lab.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  };

  /**
   * Processes showing a secret: in any process's argv, or in the environment of a process in
   * the lab's namespace other than kplay itself and its launcher (dnsmasq, ipmi_sim, hooks, QEMU).
   */
  const secretHolders = (secrets: readonly string[]): string[] => {
    const inNetns = new Set(spawnSync('ip', ['netns', 'pids', lab.net.server], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number));
    return allPids().flatMap((p) => {
      const texts = [processTexts([p], 'cmdline')];
      // kplay's own environment holds it, also in the instant its launcher (`ip netns exec`) has
      // entered the namespace and not yet exec'd node.
      if (inNetns.has(p) && !['node', 'ip'].includes(readText(`/proc/${p}/comm`).trim())) texts.push(processTexts([p], 'environ'));
      return secrets.some((s) => texts.some((t) => t.includes(s))) ? [`${p} ${readText(`/proc/${p}/comm`).trim()}`] : [];
    });
  };

  /**
   * Runs kplay; neither while it runs (argv, environments, sampled every second) nor after
   * (its output, the state file, the lab's logs) does the BMC password show anywhere.
   */
  const kplay = async (args: readonly string[], timeoutMs: number, opts: Parameters<E2eLab['kplay']>[2] = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> => {
    const t0 = Date.now();
    const secrets = [lab.password, ...(opts.password ? [opts.password] : [])];
    const holders = new Set<string>();
    const sampler = setInterval(() => secretHolders(secrets).forEach((h) => holders.add(h)), 1000);
    const r = await lab.kplay(args, timeoutMs, opts).finally(() => clearInterval(sampler));
    expect([...holders], 'processes showing the BMC password').toEqual([]);
    const logs = lab.nodes.map((n) => ['hook.log', 'console.log', 'qemu.log'].map((f) => readText(join(n.dir, f))).join('\n')).join('\n');
    for (const s of secrets) {
      expect(r.stdout + r.stderr, 'kplay output').not.toContain(s);
      expect(readText(join(lab.dir, '.kplay', 'state', 'hosts.json')), 'state file').not.toContain(s);
      expect(logs, 'hook, console and QEMU logs').not.toContain(s);
    }
    return { ...r, ms: Date.now() - t0 };
  };

  /** Command names of the processes in the lab's namespace. */
  const netnsCommands = (): string[] =>
    spawnSync('ip', ['netns', 'pids', lab.net.server], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map((p) => readText(`/proc/${p}/comm`).trim());

  beforeAll(async () => {
    const t0 = Date.now();
    lab = await startE2eLab(3, { profile: 'image', silentBmcHost: true });
    figures.push(`lab up (images, netns, 4 BMCs) ${secs(Date.now() - t0)}`);
  }, 60_000);
  afterAll(async () => {
    if (figures.length) console.log(`provision e2e figures:\n  ${figures.join('\n  ')}`);
    await lab?.destroy();
  });

  it('Ctrl-C while the VMs boot records every host as error and stops dnsmasq', async () => {
    const r = await kplay(['pool', 'provision', 'pools.yml', ...NODES], 60_000, { interruptWhen: ALL_INSTALLING });
    figures.push(`Ctrl-C run ${secs(r.ms)}`);
    expect(r.code, r.stdout + r.stderr).toBe(99);
    expect(r.stderr).toContain('SIGINT: stopping');
    for (const n of NODES) {
      expect(state(n)).toBe('error');
      expect(r.stdout).toMatch(new RegExp(`^${n}: FAILED after [\\d.]+s: install: interrupted by SIGINT$`, 'm'));
    }
    expect(netnsCommands()).not.toContain('dnsmasq');
  }, 120_000);

  it('kill -9 of kplay mid-provision leaves hosts in provisioning and its dnsmasq behind, for the next run to clean', async () => {
    const r = await kplay(['pool', 'provision', 'pools.yml', ...NODES], 60_000, { interruptWhen: ALL_INSTALLING, signal: 'SIGKILL' });
    figures.push(`kill -9 run ${secs(r.ms)}`);
    expect(r.code).toBeNull();
    for (const n of NODES) expect(state(n)).toBe('provisioning');
    expect(netnsCommands()).toContain('dnsmasq');
  }, 120_000);

  it('writes the image to all three VMs in parallel, which boot it from disk and answer SSH; a BMC that never answers fails only its host', async () => {
    // The rerun stops the dnsmasq the killed run left, and resumes the hosts (VMs still on: power off first).
    const r = await kplay(['pool', 'provision', 'pools.yml', '--timeout', '150', '--ssh-timeout', '90'], 270_000);
    figures.push(`image profile, 3 VMs (+ ghost): ${secs(r.ms)} wall`, ...lines(r.stdout, / provisioned in /));
    expect(r.stderr).toMatch(/boot: stopped dnsmasq \d+ left by a previous run/);
    // ghost's BMC is a stopped ipmi_sim: kplay gives up after its bounded retries, with the BMC named.
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const ghost = /^ghost: FAILED after ([\d.]+)s: (ipmi: BMC 127\.0\.0\.1:\d+ did not answer .+)$/m.exec(r.stdout);
    expect(ghost, r.stdout).not.toBeNull();
    expect(Number(ghost?.[1])).toBeLessThan(10);
    expect(record('ghost')?.status).toEqual({ state: 'error', reason: ghost?.[2] });
    figures.push(`silent BMC: error after ${ghost?.[1]}s`);
    for (const [i, name] of NODES.entries()) {
      const n = node(i);
      expect(r.stdout).toMatch(new RegExp(`^${name}: provisioned in [\\d.]+s at ${n.ip.replaceAll('.', '\\.')} \\(ipmi [\\d.]+s, install [\\d.]+s, reboot [\\d.]+s, ssh [\\d.]+s, finish [\\d.]+s; boot: .*image \\+[\\d.]+s, callback`, 'm'));
      expect(state(name)).toBe('provisioned');
      expect(record(name)?.history.map((h) => h.to.state)).toEqual(['registered', 'provisioning', 'error', 'provisioning', 'error', 'provisioning', 'provisioned']);
      expect(n.qemuPid()).toBeGreaterThan(0);
      // Booted from the written disk (SYSLINUX's command line), named by the user-data the deploy
      // ramdisk put on the config drive, logged in with the key from it.
      const [hostname, cmdline] = ssh(n.ip, 'hostname; cat /proc/cmdline').split('\n');
      expect(hostname).toBe(name);
      expect(cmdline).toContain('kplay.boot=disk');
      const consoleLog = readText(join(n.dir, 'console.log'));
      expect(consoleLog).toMatch(/LAB: checksum ok \(sha256\)[^]*LAB: image written[^]*LAB: called back[^]*LAB: booted from disk/);
      const beforeDisk = consoleLog.split('LAB: booted from disk')[0] ?? '';
      const deploy = beforeDisk.slice(beforeDisk.lastIndexOf('LAB: deploy: image'));
      const uptime = (what: string): number => Number(new RegExp(`LAB: ${what}.* uptime=([\\d.]+)`).exec(deploy)?.[1]);
      figures.push(`${name} deploy ramdisk: download + sha256 ${(uptime('checksum ok') - uptime('deploy: image')).toFixed(1)} s, write + read-back ${(uptime('image written') - uptime('checksum ok')).toFixed(1)} s`);
    }
    const hook = readText(join(node(0).dir, 'hook.log'));
    expect(hook).toMatch(/starting qemu boot=pxe\n[^]*set boot default\n[^]*set power 0\n[^]*starting qemu boot=default\n/);
    const qemu = lab.nodes.map((n) => n.qemuPid() ?? 0);
    expect(processTexts(qemu, 'environ')).not.toContain(lab.password);
    expect(processTexts(allPids(), 'cmdline')).not.toContain(lab.password);
  }, 300_000);

  it('kplay pool power reads and switches power through the BMCs', async () => {
    const status = await kplay(['pool', 'power', 'status', 'pools.yml', ...NODES], 30_000);
    expect(status.stdout).toBe('node1: power on\nnode2: power on\nnode3: power on\n');
    const off = await kplay(['pool', 'power', 'off', 'pools.yml', 'node1'], 30_000);
    expect(off.stdout).toBe('node1: power off\n');
    expect(node(0).qemuPid()).toBeUndefined();
    expect(node(1).qemuPid()).toBeGreaterThan(0);
  });

  it('kplay pool release powers a host off and returns it to registered', async () => {
    const r = await kplay(['pool', 'release', 'pools.yml', 'node2'], 30_000);
    expect(r.stdout).toBe('node2: power off\n');
    expect(state('node2')).toBe('registered');
    expect(node(1).qemuPid()).toBeUndefined();
    const s = await kplay(['pool', 'status', 'pools.yml'], 30_000);
    expect(s.stdout).toMatch(/^node1 +rack1 +worker +1 +- +provisioned /m);
    expect(s.stdout).toMatch(/^node2 +rack1 +worker +2 +- +registered /m);
    expect(s.stdout).toMatch(/^ghost +rack1 +worker +4 +- +error .* ipmi: BMC 127\.0\.0\.1:\d+ did not answer/m);
  });

  it('a wrong BMC password fails that host quickly with a clear reason, and is never printed', async () => {
    const wrong = 'wrong-pw-e2e-77';
    const r = await kplay(['pool', 'provision', 'pools.yml', 'node2', '--timeout', '20'], 60_000, { password: wrong });
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.stdout).toMatch(/^node2: FAILED after [\d.]+s: ipmi: .+/m);
    expect(record('node2')?.status.reason ?? '').toMatch(/^ipmi: /);
    expect(node(1).qemuPid()).toBeUndefined();
  });

  it('a VM that never boots (no boot ROM, blank disk) times out in install: error with the reason', async () => {
    lab.setFault(node(2), 'no-boot');
    try {
      const r = await kplay(['pool', 'provision', 'pools.yml', 'node3', '--force', '--timeout', '15'], 60_000);
      figures.push(`never-boots run (--timeout 15) ${secs(r.ms)}`);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      const reason = 'install: the installer did not call back within 15 s (it never asked for its iPXE script)';
      expect(r.stdout).toMatch(new RegExp(`^node3: FAILED after [\\d.]+s: ${reason.replace(/[()]/g, '\\$&')}$`, 'm'));
      expect(record('node3')?.status).toEqual({ state: 'error', reason });
      expect(readText(join(node(2).dir, 'hook.log'))).toMatch(/starting qemu boot=pxe\(no-boot\)\n$/);
    } finally {
      lab.setFault(node(2), undefined);
    }
  }, 90_000);

  it('a wrong image checksum: the deploy ramdisk reports the mismatch, and the host is error at once (no timeout, no SSH wait)', async () => {
    const pools = join(lab.dir, 'pools-wrong-checksum.yml');
    writeFileSync(pools, readFileSync(lab.poolsFiles.image, 'utf8').replace('      - name: node3\n', '      - name: node3\n        profile: wrong-checksum\n'));
    const r = await kplay(['pool', 'provision', pools, 'node3', '--force', '--timeout', '60'], 60_000);
    figures.push(`wrong checksum run ${secs(r.ms)}`);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const reason = /^node3: FAILED after [\d.]+s: (install: the installer reported a failure: checksum mismatch: sha256 of the image is [0-9a-f]{64}, expected 0{64})$/m.exec(r.stdout);
    expect(reason, r.stdout).not.toBeNull();
    expect(record('node3')?.status).toEqual({ state: 'error', reason: reason?.[1] });
    expect(r.ms).toBeLessThan(45_000);
    const consoleLog = readText(join(node(2).dir, 'console.log'));
    expect(consoleLog).toMatch(/LAB: DEPLOY FAILED: checksum mismatch[^]*LAB: reported the failure/);
    expect(consoleLog.split('LAB: deploy: image').at(-1)).not.toMatch(/LAB: image written|LAB: called back/);
  }, 90_000);

  it('--power-off-after provisions all three again (netboot profile) and leaves them off: ready', async () => {
    const r = await kplay(['pool', 'provision', lab.poolsFiles.netboot, ...NODES, '--force', '--power-off-after', '--timeout', '150', '--ssh-timeout', '60'], 240_000);
    figures.push(`netboot profile, 3 VMs, --power-off-after: ${secs(r.ms)} wall`, ...lines(r.stdout, / ready in /));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const [i, name] of NODES.entries()) {
      expect(r.stdout).toMatch(new RegExp(`^${name}: ready in [\\d.]+s at ${node(i).ip.replaceAll('.', '\\.')} \\(ipmi [\\d.]+s, install [\\d.]+s, ssh [\\d.]+s, finish [\\d.]+s;`, 'm'));
      expect(state(name)).toBe('ready');
      expect(node(i).qemuPid()).toBeUndefined();
    }
    const status = await kplay(['pool', 'power', 'status', 'pools.yml', ...NODES], 30_000);
    expect(status.stdout).toBe('node1: power off\nnode2: power off\nnode3: power off\n');
  }, 300_000);
});

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function lines(text: string, re: RegExp): string[] {
  return text.split('\n').filter((l) => re.test(l));
}
