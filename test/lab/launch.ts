/**
 * Launching one host: spawn the launcher (it becomes `unshare`, whose child is the host's
 * PID 1), learn PID 1 from the control pipe (fd 3), and report setup failures with the
 * host's log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { DEV_SKELETON, HOST_SCRIPT, PRELUDE } from './host-script.js';
import { processRef, type ProcessRef } from './proc.js';

export interface LaunchSpec {
  readonly name: string;
  readonly netns: string;
  /** Address with prefix length, e.g. 10.101.0.1/16. */
  readonly cidr: string;
  readonly gateway: string;
  readonly upper: string;
  readonly work: string;
  readonly merged: string;
  /** Receives the launcher's and the host init's stdout/stderr (sshd -e logs here). */
  readonly logFile: string;
  /** The host's /dev/console is bound to this file. */
  readonly consoleFile: string;
  /** Directory copied into the host's /dev (see DEV_SKELETON). */
  readonly devSkeleton: string;
  readonly systemd: boolean;
  /** systemd hosts: the cgroup2 directory the launcher joins before `unshare --cgroup`. */
  readonly cgroupDir?: string;
  /** When set, this file is bound read-only over the host's /proc/sys/kernel/random/boot_id. */
  readonly bootIdFile?: string;
}

export interface LaunchedHost {
  /** The unshare process (a child of this process). */
  readonly launcher: ProcessRef;
  /** The host's PID 1. */
  readonly init: ProcessRef;
  /** Settles when the launcher has exited (so the host's PID namespace is gone). */
  readonly exited: Promise<void>;
  /**
   * The launcher's exit signal (unshare re-raises its child's): SIGHUP when the host's init
   * called reboot(2), SIGINT for a poweroff; null when it exited normally.
   */
  readonly exitSignal: Promise<NodeJS.Signals | null>;
}

export class HostLaunchError extends Error {
  constructor(
    readonly host: string,
    reason: string,
    readonly log: string,
  ) {
    super(`test host ${host} failed to start: ${reason}\n--- ${host} log ---\n${log}`);
    this.name = 'HostLaunchError';
  }
}

/** Makes the directory every host's /dev is copied from. */
export function makeDevSkeleton(dir: string): void {
  mkdirSync(dir, { mode: 0o755 });
  for (const e of DEV_SKELETON) {
    const p = join(dir, e.path);
    if (e.kind === 'file') writeFileSync(p, '', { mode: 0o666 });
    else if (e.kind === 'dir') mkdirSync(p, { mode: 0o755 });
    else symlinkSync(e.target ?? '', p);
  }
}

const SETUP_TIMEOUT_MS = 20_000;

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Reads the host script's report until its "ok" line. The pipe does not reach EOF on
 * success: the unshare process keeps its copy of fd 3 open while the host runs.
 */
function readReport(stream: Readable, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (): void => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      resolve(text);
    };
    const timer = setTimeout(() => reject(new Error(`no report within ${timeoutMs} ms`)), timeoutMs);
    stream.setEncoding('utf8');
    stream.on('data', (d: string) => {
      text += d;
      if (/^ok$/m.test(text)) finish();
    });
    stream.on('end', finish);
    stream.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/**
 * Starts the host. `onLauncher` gets the launcher's identity at once (before setup ends)
 * so the caller can record it for cleanup.
 */
export async function launchHost(spec: LaunchSpec, onLauncher: (ref: ProcessRef) => void): Promise<LaunchedHost> {
  const log = openSync(spec.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', PRELUDE], {
      detached: true,
      stdio: ['ignore', log, log, 'pipe'],
      env: {
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        KPLAY_HOST_SCRIPT: HOST_SCRIPT,
        KPLAY_NAME: spec.name,
        KPLAY_NETNS: spec.netns,
        KPLAY_ADDR: spec.cidr,
        KPLAY_GW: spec.gateway,
        KPLAY_UPPER: spec.upper,
        KPLAY_WORK: spec.work,
        KPLAY_MERGED: spec.merged,
        KPLAY_CONSOLE: spec.consoleFile,
        KPLAY_DEVSKEL: spec.devSkeleton,
        KPLAY_SYSTEMD: spec.systemd ? '1' : '0',
        KPLAY_CGROUP: spec.cgroupDir ?? '',
        KPLAY_BOOT_ID: spec.bootIdFile ?? '',
      },
    });
  } finally {
    closeSync(log);
  }
  const pid = child.pid;
  const control = child.stdio[3];
  if (pid === undefined || !control || !('setEncoding' in control)) {
    throw new HostLaunchError(spec.name, 'spawn failed', tail(spec.logFile));
  }
  child.unref();
  const exitSignal = new Promise<NodeJS.Signals | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode);
    else child.once('exit', (_code, signal) => resolve(signal));
  });
  const exited = exitSignal.then(() => undefined);
  // The launcher is still /bin/sh here; it execs into unshare with the same PID.
  const launcher = processRef(pid) ?? { pid, start: '?' };
  onLauncher(launcher);

  let report: string;
  try {
    report = await readReport(control as Readable, SETUP_TIMEOUT_MS);
  } catch (e) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    throw new HostLaunchError(spec.name, e instanceof Error ? e.message : String(e), tail(spec.logFile));
  }
  const pidLine = /^pid (\d+)$/m.exec(report);
  const init = pidLine?.[1] ? processRef(Number(pidLine[1])) : undefined;
  if (!init || !/^ok$/m.test(report)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    throw new HostLaunchError(spec.name, `setup did not finish (report: ${JSON.stringify(report)})`, tail(spec.logFile));
  }
  (control as Readable).destroy();
  return { launcher, init, exited, exitSignal };
}
