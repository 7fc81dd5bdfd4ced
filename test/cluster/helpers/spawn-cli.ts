/**
 * The built CLI (`node bin/kplay.js cluster …`, dist/) in its own process group, optionally
 * sent a signal once `when` says so; reports exit, output, how long it took to stop and
 * which processes of its group (or matching `alsoLeftover`) outlived it.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'kplay.js');

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Processes in process group `pgid`, or whose command line `match` accepts. */
export function leftovers(pgid: number, match: (cmd: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const e of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const cmd = cmdline(Number(e));
      if (pgrp === pgid || match(cmd)) out.push(`${e} ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  /** ms from the (first) signal to the exit (0 without a signal). */
  readonly stopMs: number;
  readonly leftovers: string[];
}

export interface CliOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Send `signal` once this holds (polled every 100 ms, up to `waitMs`). */
  readonly interrupt?: {
    readonly signal: NodeJS.Signals;
    readonly when: (out: string, pid: number) => boolean;
    readonly waitMs?: number;
    /** Runs after `when` holds, before the signal is sent. */
    readonly before?: () => Promise<void>;
    /** A second signal this long after the first (if the process still runs). */
    readonly againAfterMs?: number;
  };
  readonly alsoLeftover?: (cmd: string) => boolean;
}

export async function runCli(args: readonly string[], o: CliOptions): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, 'cluster', ...args], { cwd: o.cwd, env: o.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((r) => child.once('exit', (c, s) => r([c, s])));
  const pid = child.pid;
  if (pid === undefined) throw new Error('kplay did not start');
  const guard = setTimeout(() => process.kill(-pid, 'SIGKILL'), 600_000);
  let sentAt = 0;
  if (o.interrupt) {
    const deadline = Date.now() + (o.interrupt.waitMs ?? 120_000);
    while (!o.interrupt.when(out, pid)) {
      if (Date.now() > deadline || child.exitCode !== null) {
        clearTimeout(guard);
        if (child.exitCode === null) process.kill(-pid, 'SIGKILL');
        throw new Error(`the moment to send ${o.interrupt.signal} never came:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await o.interrupt.before?.();
    sentAt = Date.now();
    process.kill(pid, o.interrupt.signal);
    const again = o.interrupt.againAfterMs;
    if (again !== undefined) {
      await new Promise((r) => setTimeout(r, again));
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, o.interrupt.signal);
    }
  }
  const [code, signal] = await exited;
  clearTimeout(guard);
  const stopMs = sentAt ? Date.now() - sentAt : 0;
  await new Promise((r) => setTimeout(r, 200));
  return { code, signal, out, stopMs, leftovers: leftovers(pid, o.alsoLeftover) };
}
