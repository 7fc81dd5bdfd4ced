import type { SourcePos } from '../errors/source-error.js';

/*
 * The typed model of cluster.yml: which pool, how many of each kind of node, and the
 * settings handed to the Kubernetes roles (playbooks/site.yml) as inventory variables.
 */

export const CNI_PLUGINS = ['calico', 'flannel', 'cilium'] as const;
export type CniPlugin = (typeof CNI_PLUGINS)[number];

/** What a cluster member is: the inventory group it lands in. */
export const MEMBER_ROLES = ['control-plane', 'worker', 'storage'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** `storage:` in cluster.yml: none, one picked from the pool, or one named host. */
export type StorageRequest = { readonly kind: 'none' } | { readonly kind: 'pick' } | { readonly kind: 'host'; readonly host: string; readonly pos: SourcePos };

export interface ClusterSpec {
  /** The cluster.yml path (absolute). */
  readonly file: string;
  readonly name: string;
  readonly pool: string;
  /** Absolute path of pools.yml (`pools:`, default `pools.yml` beside cluster.yml). */
  readonly poolsFile: string;
  readonly controlPlanes: number;
  readonly workers: number;
  readonly storage: StorageRequest;
  readonly kubeVersion: string;
  readonly cni: CniPlugin;
  readonly podCIDR: string;
  readonly serviceCIDR: string;
  /** `host:port`; absent: the first control plane's address, port 6443 (the role's default). */
  readonly controlPlaneEndpoint?: string;
  /** Absolute path of the playbook to run; absent: kplay's own playbooks/site.yml. */
  readonly playbook?: string;
  /** Passed to the roles as they are (inventory `all:vars`). */
  readonly vars: Readonly<Record<string, unknown>>;
  /** Where keys start, for errors found after loading (unknown pool, host not in pool). */
  readonly positions: Readonly<Record<string, SourcePos>>;
}

export interface ClusterMember {
  readonly host: string;
  readonly role: MemberRole;
}

export const CLUSTER_STATUSES = ['building', 'ready', 'failed'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** `.kplay/clusters/<name>/cluster.json`: who belongs to the cluster and how its last build went. */
export interface ClusterRecord {
  readonly name: string;
  readonly pool: string;
  readonly status: ClusterStatus;
  /** Control planes first (the first one initialised the cluster), then workers, then storage. */
  readonly members: readonly ClusterMember[];
  readonly error?: string;
  /** The process writing a `building` record (gone: the build was killed, the hosts are free again). */
  readonly owner?: RecordOwner;
  /** ISO 8601, UTC. */
  readonly updated: string;
}

export interface RecordOwner {
  readonly pid: number;
  /** /proc start time: tells the writer from a later process with its PID. */
  readonly startTime: string | null;
  readonly hostname: string;
}
