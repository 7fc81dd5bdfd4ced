/**
 * Runs the built kplay (`pool provision`, `cluster up`, …) inside an e2e lab's namespace and
 * timestamps what can be seen while it runs: kplay's output lines (for `pool provision`, its
 * provisioning events: phase entered, boot file served, host done), the lines of the dnsmasq
 * it supervises (DHCP and TFTP, from the log file named by `.kplay/boot/dnsmasq.json`), and
 * the BMC hooks' QEMU starts.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { E2eLab } from '../../test/provision/e2e/lab.js';

export interface Line {
  /** Milliseconds since kplay was started. */
  readonly t: number;
  readonly text: string;
}

export interface Observation {
  readonly wallMs: number;
  readonly code: number | null;
  readonly stdout: readonly Line[];
  readonly stderr: readonly Line[];
  readonly dnsmasq: readonly Line[];
  /** Per lab node: `starting qemu boot=…` lines of its BMC hook. */
  readonly qemuStarts: ReadonlyMap<string, readonly Line[]>;
  /** CPU time (user + system) of each node's QEMU processes (a power cycle starts a new one) during the run. */
  readonly qemuCpuMs: ReadonlyMap<string, number>;
  /** CPU time of the kplay process. */
  readonly kplayCpuMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux.

/** utime + stime of a live process, in ms; undefined once it is gone. */
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

const REPO = join(import.meta.dirname, '..', '..');

/** Appends a growing file's new complete lines, stamped with the time they were first seen. */
class Tail {
  #offset = 0;
  #partial = '';
  constructor(
    readonly file: () => string | undefined,
    readonly into: Line[],
  ) {}

  poll(t: number): void {
    const f = this.file();
    if (!f || !existsSync(f)) return;
    const fd = openSync(f, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      for (let n = readSync(fd, buf, 0, buf.length, this.#offset); n > 0; n = readSync(fd, buf, 0, buf.length, this.#offset)) {
        this.#offset += n;
        const parts = (this.#partial + buf.subarray(0, n).toString('utf8')).split('\n');
        this.#partial = parts.pop() ?? '';
        for (const text of parts) this.into.push({ t, text });
      }
    } finally {
      closeSync(fd);
    }
  }
}

function dnsmasqLogOf(labDir: string): string | undefined {
  try {
    const rec = JSON.parse(readFileSync(join(labDir, '.kplay', 'boot', 'dnsmasq.json'), 'utf8')) as { configFile?: string };
    return rec.configFile ? join(dirname(rec.configFile), 'dnsmasq.log') : undefined;
  } catch {
    return undefined;
  }
}

function lines(into: Line[], t0: number): (d: Buffer) => void {
  let partial = '';
  return (d) => {
    const t = performance.now() - t0;
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) into.push({ t, text });
  };
}

export interface ObserveOptions {
  /** Added to kplay's environment (PATH, HOME = the lab's directory, the BMC password variable). */
  readonly env?: Readonly<Record<string, string>>;
}

export function observeKplay(lab: E2eLab, args: readonly string[], timeoutMs: number, opts: ObserveOptions = {}): Promise<Observation> {
  const stdout: Line[] = [];
  const stderr: Line[] = [];
  const dnsmasq: Line[] = [];
  const hookLines = new Map(lab.nodes.map((n) => [n.name, [] as Line[]]));
  // The dnsmasq log lives in a runtime directory kplay removes when it stops: read it while it runs.
  let dnsmasqLog: string | undefined;
  const tails = [
    new Tail(() => (dnsmasqLog ??= dnsmasqLogOf(lab.dir)), dnsmasq),
    ...lab.nodes.map((n) => new Tail(() => join(n.dir, 'hook.log'), hookLines.get(n.name) ?? [])),
  ];
  // Hook lines written before this run (earlier power commands) are not this run's.
  for (const tail of tails.slice(1)) tail.poll(-1);
  for (const l of hookLines.values()) l.length = 0;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn('ip', ['netns', 'exec', lab.net.server, process.execPath, join(REPO, 'bin', 'kplay.js'), ...args], {
      cwd: lab.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', HOME: lab.dir, KPLAY_E2E_BMC_PASSWORD: lab.password, ...opts.env },
    });
    child.stdout?.on('data', lines(stdout, t0));
    child.stderr?.on('data', lines(stderr, t0));
    // Last CPU reading per process: a QEMU stopped by a power cycle keeps what it used.
    const cpuByPid = new Map<number, { node: string; ms: number }>();
    let kplayCpuMs = 0;
    const poll = setInterval(() => {
      const t = performance.now() - t0;
      for (const tail of tails) tail.poll(t);
      for (const n of lab.nodes) {
        const pid = n.qemuPid();
        const ms = pid === undefined ? undefined : cpuMs(pid);
        if (pid !== undefined && ms !== undefined) cpuByPid.set(pid, { node: n.name, ms });
      }
      kplayCpuMs = (child.pid ? cpuMs(child.pid) : undefined) ?? kplayCpuMs;
    }, 50);
    const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGINT'), timeoutMs);
    child.once('exit', (code) => {
      const wallMs = performance.now() - t0;
      clearInterval(poll);
      clearTimeout(timer);
      for (const tail of tails.slice(1)) tail.poll(wallMs);
      const qemuStarts = new Map([...hookLines].map(([name, ls]) => [name, ls.filter((l) => /starting qemu/.test(l.text))]));
      const qemuCpuMs = new Map(lab.nodes.map((n) => [n.name, [...cpuByPid.values()].filter((c) => c.node === n.name).reduce((a, c) => a + c.ms, 0)]));
      resolve({ wallMs, code, stdout, stderr, dnsmasq, qemuStarts, qemuCpuMs, kplayCpuMs });
    });
  });
}
