/**
 * Process helpers: running a command, identifying a process beyond its PID (PIDs are
 * reused: a PID plus its start time and the boot id names one process for good),
 * and waiting for processes to go away.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** A process, named so that a reused PID is never mistaken for it. */
export interface ProcessRef {
  readonly pid: number;
  /** Field 22 of /proc/PID/stat: start time in clock ticks after boot. */
  readonly start: string;
}

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function run(file: string, args: readonly string[], input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number' && err.signal == null) {
        reject(err);
        return;
      }
      let code = 0;
      if (err) code = typeof err.code === 'number' ? err.code : 128 + (SIGNAL_NUMBERS[err.signal ?? ''] ?? 0);
      resolve({ stdout, stderr, code });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Runs a command and throws, with its stderr, unless it exits 0. */
export async function runOk(file: string, args: readonly string[], input?: string): Promise<string> {
  const r = await run(file, args, input);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

export function runSync(file: string, args: readonly string[], input?: string): void {
  execFileSync(file, args, { input, stdio: ['pipe', 'ignore', 'ignore'] });
}

let cachedBootId: string | undefined;
export function bootId(): string {
  cachedBootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  return cachedBootId;
}

interface StatFields {
  state: string;
  ppid: number;
  start: string;
}

function readStat(pid: number): StatFields | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm (field 2) may hold spaces and parentheses: fields after the last ')' are fixed.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, ppid, start] = [rest[0], rest[1], rest[19]];
  if (state === undefined || ppid === undefined || start === undefined) return undefined;
  return { state, ppid: Number(ppid), start };
}

export function processRef(pid: number): ProcessRef | undefined {
  const st = readStat(pid);
  return st ? { pid, start: st.start } : undefined;
}

/** True while this very process (same PID and start time) runs; a zombie counts as gone. */
export function isRunning(ref: ProcessRef): boolean {
  const st = readStat(ref.pid);
  return st !== undefined && st.start === ref.start && st.state !== 'Z' && st.state !== 'X';
}

/** Sends a signal to this very process, if it still runs. */
export function signalRef(ref: ProcessRef, signal: NodeJS.Signals | number): void {
  if (!isRunning(ref)) return;
  try {
    process.kill(ref.pid, signal);
  } catch {
    // gone meanwhile
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Waits until none of the processes runs; returns those still running at the deadline. */
export async function waitGone(refs: readonly ProcessRef[], timeoutMs: number): Promise<ProcessRef[]> {
  const deadline = Date.now() + timeoutMs;
  let left = refs.filter(isRunning);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(20);
    left = left.filter(isRunning);
  }
  return left;
}

export function waitGoneSync(refs: readonly ProcessRef[], timeoutMs: number): ProcessRef[] {
  const deadline = Date.now() + timeoutMs;
  let left = refs.filter(isRunning);
  while (left.length > 0 && Date.now() < deadline) {
    sleepSync(20);
    left = left.filter(isRunning);
  }
  return left;
}
