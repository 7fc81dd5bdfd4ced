import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../provision/store/atomic-write.js';
import { abandoned } from './interrupt.js';
import { CLUSTER_STATUSES, MEMBER_ROLES, type ClusterRecord } from './model.js';

/** `.kplay/clusters/<name>/`: the cluster's record and its generated inventory. */
export function clusterDir(projectDir: string, name: string): string {
  return join(projectDir, '.kplay', 'clusters', name);
}

export function inventoryPath(projectDir: string, name: string): string {
  return join(clusterDir(projectDir, name), 'inventory.yml');
}

function recordPath(projectDir: string, name: string): string {
  return join(clusterDir(projectDir, name), 'cluster.json');
}

function isRecord(v: unknown): v is ClusterRecord {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Partial<ClusterRecord>;
  return (
    typeof r.name === 'string' &&
    typeof r.pool === 'string' &&
    CLUSTER_STATUSES.includes(r.status as never) &&
    Array.isArray(r.members) &&
    r.members.every((m) => typeof m?.host === 'string' && MEMBER_ROLES.includes(m.role))
  );
}

export function readClusterRecord(projectDir: string, name: string): ClusterRecord | undefined {
  const path = recordPath(projectDir, name);
  if (!existsSync(path)) return undefined;
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isRecord(data)) throw new Error(`${path} is not a kplay cluster record`);
  return data;
}

export function writeClusterRecord(projectDir: string, record: ClusterRecord): void {
  mkdirSync(clusterDir(projectDir, record.name), { recursive: true });
  writeFileAtomic(recordPath(projectDir, record.name), `${JSON.stringify(record, null, 2)}\n`);
}

export function writeInventoryFile(projectDir: string, name: string, text: string): string {
  mkdirSync(clusterDir(projectDir, name), { recursive: true });
  const path = inventoryPath(projectDir, name);
  writeFileAtomic(path, text);
  return path;
}

/** Every cluster's record in the project (unreadable ones are skipped: they claim nothing). */
export function listClusterRecords(projectDir: string): ClusterRecord[] {
  const root = join(projectDir, '.kplay', 'clusters');
  if (!existsSync(root)) return [];
  const out: ClusterRecord[] = [];
  for (const name of readdirSync(root)) {
    try {
      const r = readClusterRecord(projectDir, name);
      if (r) out.push(r);
    } catch {
      // A damaged record is reported when that cluster is used, not here.
    }
  }
  return out;
}

/** host → cluster, for the hosts other clusters hold (built, or being built by a live process). */
export function claimsOfOtherClusters(projectDir: string, cluster: string): Map<string, string> {
  const claims = new Map<string, string>();
  for (const r of listClusterRecords(projectDir)) {
    if (r.name === cluster || r.status === 'failed' || abandoned(r)) continue;
    for (const m of r.members) claims.set(m.host, r.name);
  }
  return claims;
}
