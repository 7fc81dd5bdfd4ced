/**
 * A real simulated BMC for tests: OpenIPMI's ipmi_sim on 127.0.0.1, a free UDP port per
 * instance, user `admin` with a random password, chassis power and boot requests sent to
 * fixtures/chassis-hook.sh, which records them under the instance's state directory.
 * Stopped by its PID, never by name.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { presencePing } from '../../../../src/provision/ipmi/index.js';
import { Secret } from '../../../../src/secrets/secret.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function haveIpmiSim(): boolean {
  return spawnSync('ipmi_sim', ['--version']).error === undefined;
}

export function haveIpmitool(): boolean {
  return spawnSync('ipmitool', ['-V']).error === undefined;
}

/** A UDP port that was free a moment ago (bind to 0, read, close). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface SimBmc {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: Secret;
  readonly dir: string;
  readonly pid: number;
  /** Lines the chassis hook got, e.g. `set power 1`, `set boot pxe`, `get power`. */
  hookLog(): string[];
  clearHookLog(): void;
  /** What the hook holds: power '0' | '1', boot 'pxe' | 'default' | ... */
  power(): string;
  boot(): string;
  setPower(on: boolean): void;
  /** A 0600 file with the password, for `ipmitool -f` (keeps it out of argv). */
  readonly passwordFile: string;
  stop(): Promise<void>;
}

export async function startIpmiSim(): Promise<SimBmc> {
  if (!haveIpmiSim()) throw new Error('ipmi_sim is not installed: apt-get install openipmi (see scripts/apt-packages.txt)');
  const dir = mkdtempSync(join(tmpdir(), 'kplay-ipmisim-'));
  const state = join(dir, 'state');
  mkdirSync(state);
  const port = await freeUdpPort();
  // Printable and unmistakable, so a leak anywhere is easy to find.
  const password = `kp${randomBytes(6).toString('hex')}`;
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, password, { mode: 0o600 });
  chmodSync(passwordFile, 0o600);
  writeFileSync(join(dir, 'power'), '0\n');
  writeFileSync(join(dir, 'hook.log'), '');
  writeFileSync(join(dir, 'lan.conf'), ipmiSimLanConf({ name: 'kplay-test', port, password, chassisControl: `/bin/sh ${join(FIXTURES, 'chassis-hook.sh')} ${dir}` }));
  const child: ChildProcess = spawn('ipmi_sim', ['-n', '-c', join(dir, 'lan.conf'), '-f', join(FIXTURES, 'bmc.emu'), '-s', state], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('ipmi_sim did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitReady(port, child, () => stderr);
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8').trim();
  return {
    host: '127.0.0.1',
    port,
    username: 'admin',
    password: new Secret(password),
    dir,
    pid,
    passwordFile,
    hookLog: () => read('hook.log').split('\n').filter(Boolean),
    clearHookLog: () => writeFileSync(join(dir, 'hook.log'), ''),
    power: () => read('power'),
    boot: () => {
      try {
        return read('boot');
      } catch {
        return 'default';
      }
    },
    setPower: (on) => writeFileSync(join(dir, 'power'), on ? '1\n' : '0\n'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * ipmi_sim's LAN configuration: one BMC on 127.0.0.1:port with user 2 "admin", every auth type,
 * and `chassisControl` run for power and boot commands.
 */
export function ipmiSimLanConf(o: { name: string; port: number; password: string; chassisControl: string }): string {
  return `name "${o.name}"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 ${o.port}
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid a123456789abcdefa123456789abcdef
  endlan
  chassis_control "${o.chassisControl}"
  user 2 true "admin" "${o.password}" admin 10 none md2 md5 straight
`;
}

async function waitReady(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ipmi_sim exited with ${child.exitCode}: ${stderr()}`);
    if (await presencePing('127.0.0.1', port, { attempts: 1, timeoutMs: 100 })) return;
  }
  throw new Error(`ipmi_sim on port ${port} did not answer a presence ping within 10 s: ${stderr()}`);
}

/** Runs `ipmitool -I lanplus -C 3` against the simulated BMC; the password comes from a file (-f), not argv. */
export function ipmitool(bmc: SimBmc, args: readonly string[]): { stdout: string; stderr: string; status: number | null; ms: number } {
  const t0 = performance.now();
  const r = spawnSync('ipmitool', ['-I', 'lanplus', '-C', '3', '-H', bmc.host, '-p', String(bmc.port), '-U', bmc.username, '-f', bmc.passwordFile, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, ms: performance.now() - t0 };
}

/** Every process's command line on this machine (for "the password is in no argv"). */
export function allCommandLines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}
