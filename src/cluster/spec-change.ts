import type { SourcePos } from '../errors/source-error.js';
import { ClusterSpecChangeError } from './errors.js';
import type { ClusterRecord, ClusterSpec, MemberRole } from './model.js';

export interface Growth {
  readonly controlPlanes: number;
  readonly workers: number;
}

function hostsOf(r: ClusterRecord, role: MemberRole): string[] {
  return r.members.filter((m) => m.role === role).map((m) => m.host);
}

/** The field's position, else the file's start (a field left out, e.g. `workers:` meaning 0). */
function at(spec: ClusterSpec, key: string): SourcePos {
  return spec.positions[key] ?? { file: spec.file, line: 1, column: 1 };
}

/**
 * What `up` has to add to a built cluster for cluster.yml: more control planes or workers
 * join; fewer, or another storage host, is an error at the field before anything changes
 * (nodes leave only through `kplay cluster remove`, one named host at a time: kplay does
 * not choose which node of a running cluster to reset).
 */
export function growthFor(spec: ClusterSpec, r: ClusterRecord): Growth {
  const cps = hostsOf(r, 'control-plane');
  const workers = hostsOf(r, 'worker');
  const storage = hostsOf(r, 'storage');
  const remove = `kplay cluster remove ${spec.file} HOST`;
  if (spec.controlPlanes < cps.length) {
    throw new ClusterSpecChangeError(
      `cluster ${spec.name} has ${cps.length} control planes (${cps.join(', ')}) and cluster.yml asks for ${spec.controlPlanes}: kplay cluster up only adds nodes. ` +
        `Remove control planes explicitly with ${remove} (the first one, ${cps[0] ?? '?'}, holds the join data and leaves last); nothing was changed`,
      at(spec, 'controlPlanes'),
    );
  }
  if (spec.workers < workers.length) {
    throw new ClusterSpecChangeError(
      `cluster ${spec.name} has ${workers.length} worker(s) (${workers.join(', ')}) and cluster.yml asks for ${spec.workers}: kplay cluster up only adds nodes. ` +
        `Remove workers explicitly with ${remove}; nothing was changed`,
      at(spec, 'workers'),
    );
  }
  const want = spec.storage;
  const storageChanged =
    (want.kind === 'none' && storage.length > 0) || (want.kind === 'pick' && storage.length === 0) || (want.kind === 'host' && storage[0] !== want.host);
  if (storageChanged) {
    const has = storage.length ? `has storage host ${storage.join(', ')}` : 'has no storage host';
    throw new ClusterSpecChangeError(
      `cluster ${spec.name} ${has} and cluster.yml asks for ${want.kind === 'none' ? 'none' : want.kind === 'pick' ? 'one' : want.host}: the storage host of a built cluster cannot be changed by kplay cluster up (every node mounts it); nothing was changed`,
      want.kind === 'host' ? want.pos : at(spec, 'storage'),
    );
  }
  return { controlPlanes: spec.controlPlanes - cps.length, workers: spec.workers - workers.length };
}
