/**
 * The end-to-end lab (learned from ../shared/pxe-lab, rewritten for kplay): a network
 * namespace with bridge br0 and one tap per VM, the boot image built from Debian packages
 * (installer / deploy ramdisk, and a bootable disk image of the same lab OS), one ipmi_sim
 * BMC per host on the namespace's loopback whose chassis hook starts and stops a QEMU (TCG)
 * VM with a 64 MiB disk, an SSH key, and pools files naming all of it: `pools-netboot.yml`
 * (kernel + initrd profile), `pools-image.yml` (image profile written by the deploy
 * ramdisk, its sha256 checked; profile `wrong-checksum` has a digest that does not match)
 * and `pools.yml` (the one `profile` picks, netboot by default). kplay runs
 * inside the namespace (`ip netns exec`), as it would on a provisioning host. Torn down by PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
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

export type LabProfile = 'netboot' | 'image';

export interface E2eLabOptions {
  /** The profile of `pools.yml` (default netboot). */
  readonly profile?: LabProfile;
  /** Adds host `ghost` (no VM) whose BMC is a stopped ipmi_sim: it receives and never answers. */
  readonly silentBmcHost?: boolean;
}

/** What a VM's chassis hook does wrong: `no-boot` starts a VM with no boot ROM and a blank disk. */
export type LabFault = 'no-boot';

export interface E2eLab {
  readonly dir: string;
  readonly net: TestNet;
  readonly nodes: readonly LabNode[];
  /** `pools.yml`, with the profile of E2eLabOptions.profile. */
  readonly poolsFile: string;
  readonly poolsFiles: Readonly<Record<LabProfile, string>>;
  /** `ghost`'s BMC address (silentBmcHost), else undefined. */
  readonly silentBmc?: string;
  /** Sets or clears (undefined) a node's fault; its next power-on obeys it. */
  setFault(node: LabNode, fault: LabFault | undefined): void;
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
  const tools = ['qemu-system-x86_64', 'ipmi_sim', 'dnsmasq', 'busybox', 'dropbear', 'dropbearkey', 'cpio', 'ssh-keygen', 'mkfs.vfat', 'mcopy', 'syslinux', 'sfdisk', 'ss'];
  const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (!existsSync('/usr/lib/ipxe/qemu/efi-virtio.rom')) missing.push('ipxe-qemu');
  if (!existsSync('/usr/lib/syslinux/mbr/mbr.bin')) missing.push('syslinux-common');
  if (spawnSync('sh', ['-c', 'ls /boot/vmlinuz-*-amd64']).status !== 0) missing.push('linux-image-amd64');
  return missing;
}

function run(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export async function startE2eLab(count: number, opts: E2eLabOptions = {}): Promise<E2eLab> {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-e2e-'));
  chmodSync(dir, 0o755);
  const cleanups: Array<() => void | Promise<void>> = [];
  const destroy = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(join(FIXTURES, 'build-image.sh'), [join(dir, 'image')]);
    run(join(FIXTURES, 'build-disk.sh'), [join(dir, 'image')]);
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kplay-e2e', '-f', join(dir, 'id_ed25519')]);
    for (const f of ['answer.sh.j2', 'answer-image.sh.j2']) copyFileSync(join(FIXTURES, f), join(dir, f));
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
    const silentBmc = opts.silentBmcHost ? await startSilentBmc(dir, net, password, cleanups) : undefined;
    const poolsFiles = { netboot: join(dir, 'pools-netboot.yml'), image: join(dir, 'pools-image.yml') };
    const diskSha256 = createHash('sha256').update(readFileSync(join(dir, 'image', 'disk.img'))).digest('hex');
    for (const p of ['netboot', 'image'] as const) writeFileSync(poolsFiles[p], poolsYaml(nodes, p, silentBmc, diskSha256));
    const poolsFile = join(dir, 'pools.yml');
    copyFileSync(poolsFiles[opts.profile ?? 'netboot'], poolsFile);
    return {
      dir,
      net,
      nodes,
      poolsFile,
      poolsFiles,
      ...(silentBmc ? { silentBmc } : {}),
      setFault: (node, fault) => (fault ? writeFileSync(join(node.dir, 'fault'), fault) : rmSync(join(node.dir, 'fault'), { force: true })),
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

/**
 * A BMC that receives and never answers (a hung BMC): ipmi_sim, stopped (SIGSTOP) once its
 * UDP port is bound, so the kernel queues kplay's datagrams and sends no ICMP either.
 */
async function startSilentBmc(dir: string, net: TestNet, password: string, cleanups: Array<() => void | Promise<void>>): Promise<string> {
  const port = IPMI_PORT_BASE + 99;
  const d = join(dir, 'ghost');
  mkdirSync(join(d, 'sim'), { recursive: true });
  writeFileSync(join(d, 'lan.conf'), ipmiSimLanConf({ name: 'kplay-e2e-ghost', port, password, chassisControl: '/bin/true' }), { mode: 0o600 });
  const child = spawn('ip', ['netns', 'exec', net.server, 'ipmi_sim', '-n', '-c', join(d, 'lan.conf'), '-f', join(FIXTURES, 'bmc.emu'), '-s', join(d, 'sim')], {
    stdio: 'ignore',
    env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('ipmi_sim (ghost) did not start');
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
  });
  const deadline = Date.now() + 10_000;
  const bound = (): boolean => spawnSync('ip', ['netns', 'exec', net.server, 'ss', '-Hlun', `sport = :${port}`], { encoding: 'utf8' }).stdout.trim() !== '';
  while (!bound()) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`ipmi_sim (ghost) did not bind 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(pid, 'SIGSTOP');
  return `127.0.0.1:${port}`;
}

function poolsYaml(nodes: readonly LabNode[], profile: LabProfile, silentBmc: string | undefined, diskSha256: string): string {
  const hosts = nodes.map(
    (n, i) => `      - name: ${n.name}
        order: ${i + 1}
        bootMACAddress: "${n.mac}"
        bmc: {address: "ipmi://127.0.0.1:${IPMI_PORT_BASE + i + 1}"}
        ssh: {address: ${n.ip}}`,
  );
  if (silentBmc) {
    hosts.push(`      - name: ghost
        order: ${nodes.length + 1}
        bootMACAddress: "52:54:00:77:00:99"
        bmc: {address: "ipmi://${silentBmc}"}
        ssh: {address: 10.77.0.99}`);
  }
  return `provisioning:
  interface: br0
  dhcpRange: 10.77.0.100,10.77.0.150
  deployKernel: image/vmlinuz
  deployRamdisk: image/initrd.cpio.gz
  deployCmdline: console=ttyS0 quiet panic=-1
profiles:
  lab:
    kernel: image/vmlinuz
    initrd: image/initrd.cpio.gz
    cmdline: console=ttyS0 quiet panic=-1
    answerFile: {template: answer.sh.j2, kind: cloud-init}
  disk:
    image: {url: image/disk.img, checksum: "${diskSha256}", checksumType: sha256}
    answerFile: {template: answer-image.sh.j2, kind: cloud-init}
  wrong-checksum:
    image: {url: image/disk.img, checksum: "${'0'.repeat(64)}"}
    answerFile: {template: answer-image.sh.j2, kind: cloud-init}
pools:
  rack1:
    defaults:
      role: worker
      profile: ${profile === 'image' ? 'disk' : 'lab'}
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
