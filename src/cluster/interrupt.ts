import { hostname } from 'node:os';
import { processAlive, processStartTime } from '../provision/store/process-info.js';
import { ClusterInterruptedError } from './errors.js';
import type { ClusterRecord, RecordOwner } from './model.js';

/** The abort's reason when it is a message (`interrupted by SIGINT`), else `interrupted`. */
export function abortReason(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  return typeof r === 'string' ? r : 'interrupted';
}

/**
 * Settles as `p` does, or rejects with ClusterInterruptedError as soon as `signal` aborts.
 * The in-process playbook run cannot be cancelled from outside: the command stops waiting
 * for it, records what it started, and the CLI ends the process (which ends the run).
 */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ClusterInterruptedError(abortReason(signal), abortReason(signal)));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

/** Throws ClusterInterruptedError (`what` says what is left as it was) once `signal` has aborted. */
export function stopIfInterrupted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new ClusterInterruptedError(`${abortReason(signal)}: ${what}`, abortReason(signal));
}

/** Who writes a `building` record: a record whose writer died (kill -9) claims no hosts. */
export function currentOwner(): RecordOwner {
  return { pid: process.pid, startTime: processStartTime(), hostname: hostname() };
}

/** A `building` record whose process is gone (on this machine). Other machines' writers count as alive. */
export function abandoned(r: ClusterRecord): boolean {
  return r.status === 'building' && r.owner !== undefined && r.owner.hostname === hostname() && !processAlive(r.owner.pid, r.owner.startTime);
}
