/** Measurements and leftover checks for the lab's tests. */
import { dirname } from 'node:path';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Lab, TestHost } from './api.js';
import { isRunning, processRef, type ProcessRef } from './proc.js';

/** Sum of PSS (kB) of every process in the host's PID namespace. */
export function hostPssKb(host: TestHost): number {
  const ns = readlinkSync(`/proc/${host.pid}/ns/pid`);
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/ns/pid`) !== ns) continue;
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${name}/smaps_rollup`, 'utf8'));
      total += Number(m?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** What a lab made, recorded before stop() so the leftovers can be looked for afterwards. */
export interface LabFootprint {
  readonly processes: ProcessRef[];
  readonly netns: string[];
  readonly links: string[];
  readonly dirs: string[];
  readonly cgroups: string[];
}

export function footprint(lab: Lab): LabFootprint {
  const processes: ProcessRef[] = [];
  for (const h of lab.hosts) {
    for (const pid of [h.pid, h.launcherPid]) {
      const ref = processRef(pid);
      if (ref) processes.push(ref);
    }
  }
  return {
    processes,
    netns: lab.hosts.map((h) => h.netns),
    links: [lab.bridge, ...lab.hosts.map((h) => h.link)],
    dirs: [lab.dir, ...lab.hosts.map((h) => h.upperDir)],
    cgroups: [...new Set(lab.hosts.flatMap((h) => (h.cgroupDir ? [h.cgroupDir, dirname(h.cgroupDir)] : [])))],
  };
}

/** Everything of the footprint that still exists (empty when the lab cleaned up). */
export function leftovers(fp: LabFootprint): string[] {
  const left: string[] = [];
  for (const p of fp.processes) if (isRunning(p)) left.push(`process ${p.pid}`);
  for (const n of fp.netns) if (existsSync(`/run/netns/${n}`)) left.push(`netns ${n}`);
  for (const l of fp.links) if (existsSync(`/sys/class/net/${l}`)) left.push(`link ${l}`);
  for (const d of [...fp.dirs, ...fp.cgroups]) if (existsSync(d)) left.push(`dir ${d}`);
  return left;
}

/** The lab needs root; without it the lab's tests are skipped (CI runs as root). */
export const IS_ROOT = process.getuid?.() === 0;
