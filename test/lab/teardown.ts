/**
 * Removing what a manifest records. The synchronous form serves the process-exit hook
 * and the reclaiming of a dead lab; stop() uses the asynchronous form after a graceful
 * shutdown of the hosts.
 */
import { rmSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { killCgroup, removeCgroupTree } from './cgroup.js';
import type { LabManifest } from './manifest.js';
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

export interface TeardownReport {
  /** Processes still running after SIGKILL and the wait (should be empty). */
  readonly survivors: ProcessRef[];
  /** cgroup directories that could not be removed. */
  readonly cgroupsLeft: string[];
}

export function teardownSync(m: LabManifest): TeardownReport {
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
export async function teardownAsync(m: LabManifest): Promise<TeardownReport> {
  const procs = liveProcesses(m);
  for (const p of procs) signalRef(p, 'SIGKILL');
  for (const cg of m.cgroupDirs) killCgroup(cg);
  const survivors = await waitGone(procs, 5000);
  await run('ip', ['-force', '-batch', '-'], networkDeleteBatch(m));
  const cgroupsLeft = m.cgroupDirs.filter((cg) => !removeCgroupTree(cg));
  await fsp.rm(m.dir, { recursive: true, force: true });
  return { survivors, cgroupsLeft };
}
