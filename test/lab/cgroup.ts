/**
 * cgroup2 subtrees for systemd hosts (see shared/test-hosts/systemd-hosts.md): each host's
 * launcher joins its own cgroup before `unshare --cgroup`, so the host's systemd sees that
 * subtree as its cgroup root.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleepSync } from './proc.js';

/** Where cgroup2 is mounted: /sys/fs/cgroup (unified) or /sys/fs/cgroup/unified (hybrid). */
export function cgroup2Root(): string {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  const points = new Set<string>();
  for (const line of mounts) {
    const [left, right] = line.split(' - ');
    if (!left || !right || !right.startsWith('cgroup2 ')) continue;
    const mountPoint = left.split(' ')[4];
    if (mountPoint) points.add(mountPoint);
  }
  for (const p of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) if (points.has(p)) return p;
  throw new Error('systemd hosts need a cgroup2 mount at /sys/fs/cgroup or /sys/fs/cgroup/unified');
}

/** Kills every process in the subtree (kernel >= 5.14); harmless when absent. */
export function killCgroup(dir: string): void {
  try {
    writeFileSync(join(dir, 'cgroup.kill'), '1');
  } catch {
    // no such cgroup, or an older kernel: the recorded PIDs are killed anyway
  }
}

function removeTree(dir: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return !existsSync(dir);
  }
  let ok = true;
  for (const e of entries) ok = removeTree(join(dir, e)) && ok;
  try {
    rmdirSync(dir);
  } catch {
    ok = !existsSync(dir);
  }
  return ok;
}

/**
 * Removes a cgroup directory bottom-up (systemd leaves empty child groups). A cgroup
 * whose last process has just died is busy for a moment, so this retries.
 */
export function removeCgroupTree(dir: string, timeoutMs = 3000): boolean {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (removeTree(dir)) return true;
    if (Date.now() > deadline) return false;
    sleepSync(20);
  }
}
