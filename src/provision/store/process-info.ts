import { readFileSync } from 'node:fs';

/*
 * "Is the process that wrote this lock still there?" A PID alone lies twice: PIDs are
 * reused, and a killed child stays a zombie until its parent reaps it. Linux's
 * /proc/PID/stat answers both (state Z, and the start time in clock ticks since boot);
 * elsewhere kill(pid, 0) is the fallback.
 */

interface ProcStat {
  readonly state: string;
  readonly startTime: string;
}

function procStat(pid: number): ProcStat | 'gone' | 'unknown' {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ESRCH' ? (hasProc() ? 'gone' : 'unknown') : 'unknown';
  }
  // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', startTime: fields[19] ?? '' };
}

let procPresent: boolean | undefined;
function hasProc(): boolean {
  if (procPresent === undefined) {
    try {
      readFileSync('/proc/self/stat');
      procPresent = true;
    } catch {
      procPresent = false;
    }
  }
  return procPresent;
}

/** This process's start time as /proc gives it, or null where there is no /proc. */
export function processStartTime(pid: number = process.pid): string | null {
  const s = procStat(pid);
  return typeof s === 'object' ? s.startTime : null;
}

/** False when `pid` is gone, a zombie, or a different process than the one started at `startTime`. */
export function processAlive(pid: number, startTime: string | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const s = procStat(pid);
  if (s === 'gone') return false;
  if (typeof s === 'object') {
    if (s.state === 'Z' || s.state === 'X' || s.state === 'x') return false;
    return startTime === null || s.startTime === startTime;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
