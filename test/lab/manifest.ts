/**
 * The manifest: everything a lab has created or is about to create, by name and by
 * process identity. It is written before each resource is made, so whoever cleans up
 * (stop(), the exit hook, or a later lab reclaiming a dead owner's id) removes exactly
 * these things and nothing found by pattern.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessRef } from './proc.js';

export interface OwnerRecord {
  readonly pid: number;
  readonly start: string;
  readonly bootId: string;
}

export interface LabManifest {
  readonly version: 1;
  readonly labId: number;
  readonly owner: OwnerRecord;
  /** The lab's scratch directory (keys, upper dirs, logs). */
  readonly dir: string;
  readonly bridge: string;
  /** Root-namespace veth ends. */
  readonly links: string[];
  readonly netns: string[];
  /** cgroup2 directories the lab made; each is removed with everything below it. */
  readonly cgroupDirs: string[];
  /** Launchers (unshare) and the hosts' PID 1s. */
  readonly processes: ProcessRef[];
}

const FILE = 'manifest.json';

export function writeManifest(idDir: string, manifest: LabManifest): void {
  const tmp = join(idDir, `.${FILE}.${process.pid}`);
  writeFileSync(tmp, JSON.stringify(manifest, null, 1));
  renameSync(tmp, join(idDir, FILE));
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isProcessRefs(v: unknown): v is ProcessRef[] {
  return (
    Array.isArray(v) &&
    v.every((x: unknown) => {
      if (typeof x !== 'object' || x === null) return false;
      const r = x as Record<string, unknown>;
      return typeof r.pid === 'number' && typeof r.start === 'string';
    })
  );
}

export function parseOwner(v: unknown): OwnerRecord | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.pid !== 'number' || typeof o.start !== 'string' || typeof o.bootId !== 'string') return undefined;
  return { pid: o.pid, start: o.start, bootId: o.bootId };
}

/** Reads a manifest; undefined when it is missing or not one of ours. */
export function readManifest(idDir: string): LabManifest | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(idDir, FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  const owner = parseOwner(m.owner);
  if (
    m.version !== 1 ||
    typeof m.labId !== 'number' ||
    owner === undefined ||
    typeof m.dir !== 'string' ||
    typeof m.bridge !== 'string' ||
    !isStringArray(m.links) ||
    !isStringArray(m.netns) ||
    !isStringArray(m.cgroupDirs) ||
    !isProcessRefs(m.processes)
  ) {
    return undefined;
  }
  return {
    version: 1,
    labId: m.labId,
    owner,
    dir: m.dir,
    bridge: m.bridge,
    links: m.links,
    netns: m.netns,
    cgroupDirs: m.cgroupDirs,
    processes: m.processes,
  };
}
