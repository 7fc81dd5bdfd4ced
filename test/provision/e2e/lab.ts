/**
 * The end-to-end lab (learned from ../shared/pxe-lab, rewritten for kplay): a network
 * namespace with bridge br0 and one tap per VM, the boot image built from Debian packages,
 * one ipmi_sim BMC per host on the namespace's loopback whose chassis hook starts and stops
 * a QEMU (TCG) VM, an SSH key, and a pools.yml naming all of it. kplay runs inside the
 * namespace (`ip netns exec`), as it would on a provisioning host. Torn down by PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestNet, type TestNet } from '../boot/helpers/netns.js';
import { ipmiSimLanConf } from '../ipmi/helpers/ipmi-sim.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const IPMI_PORT_BASE = 9620;

export interface LabNode {
  readonly name: string;
  readonly mac: string;
  readonly ip: string;
  readonly dir: string;
  readonly bmcPid: number;
  qemuPid(): number | undefined;
}

export interface E2eLab {
  readonly dir: string;
  readonly net: TestNet;
  readonly nodes: readonly LabNode[];
  readonly poolsFile: string;
  readonly keyFile: string;
  /** BMC password: given to kplay through the environment only. */
  readonly password: string;
  /** Runs the built kplay inside the namespace; resolves with its exit code and output. */
  /** `interruptWhen`: SIGINT kplay (Ctrl-C) as soon as its output matches. */
  kplay(args: readonly string[], timeoutMs: number, opts?: { password?: string; interruptWhen?: RegExp; signal?: NodeJS.Signals }): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Runs a command in the namespace (ssh to a VM, ...). */
  inNetns(cmd: readonly string[]): { status: number | null; stdout: string; stderr: string };
  destroy(): Promise<void>;
}

export function missingTools(): string[] {
  const tools = ['qemu-system-x86_64', 'ipmi_sim', 'dnsmasq', 'busybox', 'dropbear', 'dropbearkey', 'cpio', 'ssh-keygen'];
  const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (!existsSync('/usr/lib/ipxe/qemu/efi-virtio.rom')) missing.push('ipxe-qemu');
  if (spawnSync('sh', ['-c', 'ls /boot/vmlinuz-*-amd64']).status !== 0) missing.push('linux-image-amd64');
  return missing;
}

function run(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export async function startE2eLab(count: number): Promise<E2eLab> {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-e2e-'));
  chmodSync(dir, 0o755);
  const cleanups: Array<() => void | Promise<void>> = [];
  const destroy = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(join(FIXTURES, 'build-image.sh'), [join(dir, 'image')]);
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kplay-e2e', '-f', join(dir, 'id_ed25519')]);
    copyFileSync(join(FIXTURES, 'answer.sh.j2'), join(dir, 'answer.sh.j2'));
    const net = createTestNet('kpe', { taps: count });
    cleanups.push(() => net.destroy());
    // Whatever still runs in the lab's own namespace was started by this test (a dnsmasq
    // orphaned by a killed kplay, say): stopped by PID before the namespace goes.
    cleanups.push(() => {
      const pids = spawnSync('ip', ['netns', 'pids', net.server], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
      for (const p of pids) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
    });
    const password = `kpe2e${randomBytes(6).toString('hex')}`;
    const nodes: LabNode[] = [];
    for (let i = 1; i <= count; i++) nodes.push(await startBmc(dir, net, i, password, cleanups));
    const poolsFile = join(dir, 'pools.yml');
    writeFileSync(poolsFile, poolsYaml(nodes));
    return {
      dir,
      net,
      nodes,
      poolsFile,
      keyFile: join(dir, 'id_ed25519'),
      password,
      kplay: (args, timeoutMs, opts = {}) => runKplay(net.server, dir, opts.password ?? password, args, timeoutMs, opts.interruptWhen, opts.signal),
      inNetns: (cmd) => {
        const r = spawnSync('ip', ['netns', 'exec', net.server, ...cmd], { encoding: 'utf8', timeout: 30_000 });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
      },
      destroy,
    };
  } catch (e) {
    await destroy();
    throw e;
  }
}

async function startBmc(dir: string, net: TestNet, i: number, password: string, cleanups: Array<() => void | Promise<void>>): Promise<LabNode> {
  const name = `node${i}`;
  const mac = `52:54:00:77:00:${(0x10 + i).toString(16)}`;
  const d = join(dir, name);
  mkdirSync(join(d, 'sim'), { recursive: true });
  const hook = `/bin/sh ${join(FIXTURES, 'chassis-qemu.sh')} ${d} ${name} tap${i} ${mac}`;
  writeFileSync(join(d, 'lan.conf'), ipmiSimLanConf({ name: 'kplay-e2e', port: IPMI_PORT_BASE + i, password, chassisControl: hook }), { mode: 0o600 });
  // A bare environment: nothing of the test's (or kplay's) reaches ipmi_sim, the hook or QEMU.
  const child: ChildProcess = spawn('ip', ['netns', 'exec', net.server, 'ipmi_sim', '-n', '-c', join(d, 'lan.conf'), '-f', join(FIXTURES, 'bmc.emu'), '-s', join(d, 'sim')], {
    stdio: 'ignore',
    env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('ipmi_sim did not start');
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const qemuPid = (): number | undefined => {
    try {
      const p = Number(readFileSync(join(d, 'qemu.pid'), 'utf8').trim());
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`kplay-e2e-${name}`) ? p : undefined;
    } catch {
      return undefined;
    }
  };
  cleanups.push(async () => {
    const q = qemuPid();
    if (q) process.kill(q, 'SIGKILL');
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
    }
  });
  return { name, mac, ip: `10.77.0.1${i}`, dir: d, bmcPid: pid, qemuPid };
}

function poolsYaml(nodes: readonly LabNode[]): string {
  const hosts = nodes.map(
    (n, i) => `      - name: ${n.name}
        order: ${i + 1}
        bootMACAddress: "${n.mac}"
        bmc: {address: "ipmi://127.0.0.1:${IPMI_PORT_BASE + i + 1}"}
        ssh: {address: ${n.ip}}`,
  );
  return `provisioning:
  interface: br0
  dhcpRange: 10.77.0.100,10.77.0.150
profiles:
  lab:
    kernel: image/vmlinuz
    initrd: image/initrd.cpio.gz
    cmdline: console=ttyS0 quiet panic=-1
    answerFile: {template: answer.sh.j2, kind: cloud-init}
pools:
  rack1:
    defaults:
      role: worker
      profile: lab
      bmc: {username: admin, password: {env: KPLAY_E2E_BMC_PASSWORD}}
      ssh: {user: root, privateKeyFile: id_ed25519}
    hosts:
${hosts.join('\n')}
`;
}

function runKplay(netns: string, cwd: string, password: string, args: readonly string[], timeoutMs: number, interruptWhen?: RegExp, signal: NodeJS.Signals = 'SIGINT'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('ip', ['netns', 'exec', netns, process.execPath, join(REPO, 'bin', 'kplay.js'), ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', HOME: cwd, KPLAY_E2E_BMC_PASSWORD: password },
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (interruptWhen && !interrupted && interruptWhen.test(stdout) && child.pid) {
        interrupted = true;
        process.kill(child.pid, signal);
      }
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGINT'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
