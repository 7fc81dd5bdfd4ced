/**
 * Lab ids: small integers held as directories /run/kplay-lab/ids/<n>, so that labs in
 * parallel processes never share names or addresses.
 *
 * Taking an id is one rename(2) of a prepared directory (owner.json + manifest.json inside)
 * onto ids/<n>: it fails while ids/<n> exists, so at most one process holds an id, and a
 * held id always names its owner. An id whose owner is dead (PID gone, start time or boot
 * differs) is reclaimed: one reclaimer wins a lock inside the directory, removes what the
 * dead lab's manifest records while still holding the id, then frees it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, parseOwner, writeManifest, type LabManifest, type OwnerRecord } from './manifest.js';
import { IDS_DIR, MAX_LAB_ID, labNames } from './naming.js';
import { bootId, isRunning, processRef } from './proc.js';
import { teardownSync, type TeardownReport } from './teardown.js';

export interface LabLease {
  readonly id: number;
  /** ids/<n>: holds owner.json and the manifest. */
  readonly idDir: string;
  readonly owner: OwnerRecord;
}

/** An entry whose owner cannot be read is taken for one being written, until it is this old. */
const UNREADABLE_GRACE_MS = 60_000;

function unique(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function currentOwner(): OwnerRecord {
  const me = processRef(process.pid);
  if (!me) throw new Error('cannot read /proc/self/stat');
  return { pid: me.pid, start: me.start, bootId: bootId() };
}

function readOwner(dir: string): OwnerRecord | undefined {
  try {
    return parseOwner(JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')));
  } catch {
    return undefined;
  }
}

function ownerAlive(o: OwnerRecord): boolean {
  return o.bootId === bootId() && isRunning({ pid: o.pid, start: o.start });
}

function olderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return false;
  }
}

/** Is the directory (an id or a reclaim lock) held by a live process? */
function held(dir: string): boolean {
  const o = readOwner(dir);
  if (o) return ownerAlive(o);
  return !olderThan(dir, UNREADABLE_GRACE_MS);
}

function errCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** Moves a directory out of the way atomically, then deletes it. */
function discard(dir: string, tag: string): void {
  const grave = join(IDS_DIR, `.dead-${tag}-${unique()}`);
  try {
    renameSync(dir, grave);
  } catch {
    return;
  }
  rmSync(grave, { recursive: true, force: true });
}

/**
 * If ids/<id> belongs to a dead process, removes that lab's leftovers and frees the id.
 * Returns the teardown report when this call did the reclaiming.
 */
export function reclaimIfDead(id: number): TeardownReport | undefined {
  const dir = join(IDS_DIR, String(id));
  if (held(dir)) return undefined;
  const lock = join(dir, 'reclaim.lock');
  const lockTmp = join(dir, `.lock-${unique()}`);
  try {
    mkdirSync(lockTmp);
    writeFileSync(join(lockTmp, 'owner.json'), JSON.stringify(currentOwner()));
    renameSync(lockTmp, lock);
  } catch {
    rmSync(lockTmp, { recursive: true, force: true });
    // Someone else reclaims; if that reclaimer died, break its lock and let a later call retry.
    if (!held(lock)) discard(lock, `lock${id}`);
    return undefined;
  }
  const recorded = readManifest(dir);
  const manifest = recorded?.labId === id ? recorded : emptyManifest(id, readOwner(dir) ?? currentOwner());
  const report = teardownSync(manifest);
  discard(dir, String(id));
  return report;
}

/** Reclaims every id whose owner is dead; returns the ids reclaimed. */
export function reclaimStaleLabs(): number[] {
  mkdirSync(IDS_DIR, { recursive: true });
  const done: number[] = [];
  for (const name of readdirSync(IDS_DIR)) {
    if (/^\d+$/.test(name)) {
      if (reclaimIfDead(Number(name))) done.push(Number(name));
    } else if (name.startsWith('.') && olderThan(join(IDS_DIR, name), 10 * 60_000)) {
      // an allocation or removal interrupted by a crash
      rmSync(join(IDS_DIR, name), { recursive: true, force: true });
    }
  }
  return done;
}

export function emptyManifest(id: number, owner: OwnerRecord): LabManifest {
  const names = labNames(id);
  return { version: 1, labId: id, owner, dir: names.dir, bridge: names.bridge, links: [], netns: [], cgroupDirs: [], processes: [] };
}

/** Takes the lowest free id (reclaiming dead ones on the way). */
export function acquireLabId(): LabLease {
  mkdirSync(IDS_DIR, { recursive: true });
  const owner = currentOwner();
  for (let id = 1; id <= MAX_LAB_ID; id++) {
    const target = join(IDS_DIR, String(id));
    reclaimIfDeadQuiet(id);
    const tmp = join(IDS_DIR, `.new-${unique()}`);
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'owner.json'), JSON.stringify(owner));
    writeManifest(tmp, emptyManifest(id, owner));
    try {
      renameSync(tmp, target);
      return { id, idDir: target, owner };
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      const code = errCode(e);
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`no free lab id in 1..${MAX_LAB_ID} (see ${IDS_DIR})`);
}

function reclaimIfDeadQuiet(id: number): void {
  try {
    statSync(join(IDS_DIR, String(id)));
  } catch {
    return;
  }
  reclaimIfDead(id);
}

/** Frees the id (after the lab has removed its resources). */
export function releaseLabId(lease: LabLease): void {
  discard(lease.idDir, String(lease.id));
}
