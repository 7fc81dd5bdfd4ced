import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockTimeoutError } from './errors.js';
import { processAlive, processStartTime } from './process-info.js';

/** What a lock file holds: enough to tell whether its writer still runs. */
export interface LockOwner {
  readonly pid: number;
  /** /proc start time: tells a live writer from a new process that got its PID. */
  readonly startTime: string | null;
  readonly hostname: string;
  /** Unique per acquisition: tells two locks of one process apart. */
  readonly nonce: string;
  readonly acquiredAt: string;
}

export interface LockOptions {
  /** How long acquire() waits for a live holder. */
  readonly timeoutMs: number;
  /** A lock file with no readable owner (its writer died between create and write) is stale after this. */
  readonly staleGraceMs: number;
}

/** How long a waiter's `.want` marker holds others back. */
const WANT_TTL_MS = 1_000;

type Seen =
  | { readonly kind: 'owner'; readonly owner: LockOwner; readonly ino: number; readonly mtimeMs: number }
  | { readonly kind: 'garbled'; readonly ino: number; readonly mtimeMs: number; readonly size: number }
  | { readonly kind: 'gone' };

function newOwner(): LockOwner {
  return { pid: process.pid, startTime: processStartTime(), hostname: hostname(), nonce: randomBytes(8).toString('hex'), acquiredAt: new Date().toISOString() };
}

/** O_CREAT|O_EXCL: exactly one process succeeds while the file exists. */
function tryCreate(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } catch (e) {
    closeSync(fd);
    unlinkSync(path);
    throw e;
  }
  closeSync(fd);
  return true;
}

/** Reads a lock file and its inode through one descriptor, so both describe the same file. */
function look(path: string): Seen {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    throw e;
  }
  try {
    const st = fstatSync(fd);
    const text = readFileSync(fd, 'utf8');
    try {
      const o = JSON.parse(text) as Partial<LockOwner>;
      if (typeof o.pid === 'number' && typeof o.nonce === 'string' && typeof o.hostname === 'string') {
        return { kind: 'owner', owner: { pid: o.pid, startTime: o.startTime ?? null, hostname: o.hostname, nonce: o.nonce, acquiredAt: String(o.acquiredAt) }, ino: st.ino, mtimeMs: st.mtimeMs };
      }
    } catch {
      // Falls through: empty or half-written.
    }
    return { kind: 'garbled', ino: st.ino, mtimeMs: st.mtimeMs, size: st.size };
  } finally {
    closeSync(fd);
  }
}

function same(a: Seen, b: Seen): boolean {
  if (a.kind === 'owner' && b.kind === 'owner') return a.ino === b.ino && a.owner.nonce === b.owner.nonce;
  if (a.kind === 'garbled' && b.kind === 'garbled') return a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.size === b.size;
  return false;
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

export class HeldLock {
  constructor(
    readonly path: string,
    readonly owner: LockOwner,
  ) {}

  /** Whether the lock file is still this acquisition's (checked before every write). */
  stillHeld(): boolean {
    const s = look(this.path);
    return s.kind === 'owner' && s.owner.nonce === this.owner.nonce;
  }

  release(): void {
    if (this.stillHeld()) unlinkQuiet(this.path);
  }
}

/**
 * A lock file beside the store. A holder that died (kill -9, reboot) is detected by PID
 * and start time and its lock is taken over; a live one is waited for, up to a timeout.
 * Holders on another machine (a shared filesystem) cannot be checked and are waited for.
 *
 * Taking over is serialised by a second lock file (`.takeover`): under it the stale lock
 * is read again and removed only if it is still the same file, so two waiters cannot both
 * remove a lock and one of them delete the other's fresh one. The takeover lock is held
 * for a few system calls; only if its holder dies inside them is it removed the same way,
 * unguarded — the one narrow window left, closed again by HeldLock.stillHeld() before
 * every write. A third file (`.want`) keeps waiting fair (see someoneElseWaits).
 */
export class LockFile {
  constructor(
    readonly path: string,
    private readonly opts: LockOptions,
  ) {}

  async acquire(): Promise<HeldLock> {
    const me = newOwner();
    const want = `${this.path}.want`;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const deferring = this.someoneElseWaits(want, me);
      if (!deferring && tryCreate(this.path, me)) {
        new HeldLock(want, me).release();
        return new HeldLock(this.path, me);
      }
      const seen = look(this.path);
      if (seen.kind === 'gone' && !deferring) continue;
      if (this.isStale(seen)) {
        await this.takeOver(seen);
        continue;
      }
      const waited = Date.now() - started;
      if (waited >= this.opts.timeoutMs) {
        new HeldLock(want, me).release();
        const holder = seen.kind === 'gone' ? `nobody, but another process waits first (${want})` : describe(seen);
        throw new LockTimeoutError(this.path, holder, waited);
      }
      if (attempt >= 1 && !deferring) tryCreate(want, me);
      await sleep(Math.min(25, 1 + attempt * 3) * (0.5 + Math.random()));
    }
  }

  /**
   * Fairness: a waiter leaves a `.want` marker, and anyone else who wants the lock lets it
   * go first, so a process that writes in a loop cannot starve the others into a timeout.
   * A marker whose writer died, or that was not taken up within WANT_TTL_MS, counts for nothing.
   */
  private someoneElseWaits(want: string, me: LockOwner): boolean {
    const w = look(want);
    if (w.kind === 'gone' || (w.kind === 'owner' && w.owner.nonce === me.nonce)) return false;
    if (Date.now() - w.mtimeMs <= WANT_TTL_MS && !this.isStale(w)) return true;
    if (same(look(want), w)) unlinkQuiet(want);
    return false;
  }

  private isStale(seen: Seen): boolean {
    if (seen.kind === 'gone') return false;
    if (seen.kind === 'garbled') return Date.now() - seen.mtimeMs > this.opts.staleGraceMs;
    if (seen.owner.hostname !== hostname()) return false;
    return !processAlive(seen.owner.pid, seen.owner.startTime);
  }

  private async takeOver(stale: Seen): Promise<void> {
    const mutex = `${this.path}.takeover`;
    const me = newOwner();
    if (!tryCreate(mutex, me)) {
      const holder = look(mutex);
      if (holder.kind !== 'gone' && this.isStale(holder) && same(look(mutex), holder)) unlinkQuiet(mutex);
      else await sleep(2 + Math.random() * 5);
      return;
    }
    try {
      if (same(look(this.path), stale)) unlinkQuiet(this.path);
    } finally {
      new HeldLock(mutex, me).release();
    }
  }
}

function describe(seen: Seen): string {
  if (seen.kind === 'owner') return `pid ${seen.owner.pid} on ${seen.owner.hostname} (since ${seen.owner.acquiredAt})`;
  if (seen.kind === 'garbled') return `a lock file with no readable owner (written ${new Date(seen.mtimeMs).toISOString()})`;
  return 'nobody';
}
