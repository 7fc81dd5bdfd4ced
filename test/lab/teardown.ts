/**
 * Removing what a manifest records. The synchronous form serves the process-exit hook
 * and the reclaiming of a dead lab; stop() uses the asynchronous form after a graceful
 * shutdown of the hosts.
 */
import { rmSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { killCgroup, removeCgroupTree } from './cgroup.js';
import type { LabManifest } from './manifest.js';
import { LAB_ROOT, labNames } from './naming.js';
import { bootId, isRunning, run, runSync, signalRef, waitGone, waitGoneSync, type ProcessRef } from './proc.js';

/** `ip -batch` lines deleting the lab's links and namespaces (veth peers die with their ends). */
export function networkDeleteBatch(m: Pick<LabManifest, 'links' | 'bridge' | 'netns'>): string {
  const lines = [...m.links.map((l) => `link del ${l}`), `link del ${m.bridge}`, ...m.netns.map((n) => `netns del ${n}`)];
  return lines.join('\n') + '\n';
}

function liveProcesses(m: LabManifest): ProcessRef[] {
  // After a reboot the recorded PIDs name nobody of ours.
  if (m.owner.bootId !== bootId()) return [];
  return m.processes.filter(isRunning);
}

/**
 * A manifest is read back from disk (perhaps written by another version of this code):
 * keep only names this lab id can own, so a damaged file cannot aim a deletion elsewhere.
 */
export function ownNamesOnly(m: LabManifest): LabManifest {
  const names = labNames(m.labId);
  const id = String(m.labId);
  const isLink = (l: string): boolean => new RegExp(`^kpl${id}v\\d+$`).test(l);
  const isNetns = (n: string): boolean => new RegExp(`^kpl${id}-h\\d+$`).test(n);
  const isCgroup = (d: string): boolean => /^\/sys\/fs\/cgroup(\/unified)?\/[^/]+$/.test(d) && d.endsWith(`/${names.cgroupName}`);
  return {
    ...m,
    dir: m.dir === names.dir && m.dir.startsWith(`${LAB_ROOT}/`) ? m.dir : names.dir,
    bridge: names.bridge,
    links: m.links.filter(isLink),
    netns: m.netns.filter(isNetns),
    cgroupDirs: m.cgroupDirs.filter(isCgroup),
  };
}

export interface TeardownReport {
  /** Processes still running after SIGKILL and the wait (should be empty). */
  readonly survivors: ProcessRef[];
  /** cgroup directories that could not be removed. */
  readonly cgroupsLeft: string[];
}

export function teardownSync(recorded: LabManifest): TeardownReport {
  const m = ownNamesOnly(recorded);
  const procs = liveProcesses(m);
  for (const p of procs) signalRef(p, 'SIGKILL');
  for (const cg of m.cgroupDirs) killCgroup(cg);
  const survivors = waitGoneSync(procs, 5000);
  try {
    runSync('ip', ['-force', '-batch', '-'], networkDeleteBatch(m));
  } catch {
    // -force reports failures for names already gone; nothing else to do
  }
  const cgroupsLeft = m.cgroupDirs.filter((cg) => !removeCgroupTree(cg));
  rmSync(m.dir, { recursive: true, force: true });
  return { survivors, cgroupsLeft };
}

/** Like teardownSync, but without blocking the event loop while processes die. */
export async function teardownAsync(recorded: LabManifest): Promise<TeardownReport> {
  const m = ownNamesOnly(recorded);
  const procs = liveProcesses(m);
  for (const p of procs) signalRef(p, 'SIGKILL');
  for (const cg of m.cgroupDirs) killCgroup(cg);
  const survivors = await waitGone(procs, 5000);
  await run('ip', ['-force', '-batch', '-'], networkDeleteBatch(m));
  const cgroupsLeft = m.cgroupDirs.filter((cg) => !removeCgroupTree(cg));
  await fsp.rm(m.dir, { recursive: true, force: true });
  return { survivors, cgroupsLeft };
}
