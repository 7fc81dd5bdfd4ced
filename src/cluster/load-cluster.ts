import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SourceError, type SourcePos } from '../errors/source-error.js';
import { Checker, isMap, typeName, type YamlMap } from '../provision/pools/checker.js';
import { isDnsSubdomain, isHostOrIp } from '../provision/pools/values.js';
import { parseYaml } from '../yaml/load.js';
import { overlaps, parseCidr } from './cidr.js';
import { ClusterSpecError } from './errors.js';
import { CNI_PLUGINS, type ClusterSpec, type StorageRequest } from './model.js';

const KEYS = ['name', 'pool', 'pools', 'controlPlanes', 'workers', 'storage', 'kube_version', 'cni', 'podCIDR', 'serviceCIDR', 'controlPlaneEndpoint', 'playbook', 'vars'];

/** Role variables cluster.yml sets itself: writing them under vars: would be silently ignored. */
const OWNED_VARS: Readonly<Record<string, string>> = {
  kube_version: 'kube_version',
  cni_plugin: 'cni',
  kubeadm_pod_subnet: 'podCIDR',
  kubeadm_service_subnet: 'serviceCIDR',
  kubeadm_control_plane_endpoint: 'controlPlaneEndpoint',
  kubeadm_cluster_name: 'name',
};

export const DEFAULTS = { kubeVersion: '1.30.2', cni: 'calico', podCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12' } as const;

export function loadClusterSpec(path: string): ClusterSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SourceError(`Unable to read cluster file ${path}: ${(e as Error).message}`, { code: 'KPLAY_FILE_READ' });
  }
  return parseClusterSpec(text, resolve(path));
}

/**
 * Reads and validates cluster.yml. Every problem is collected first; if there is any, a
 * ClusterSpecError (file:line:col of the first, `errors` for all) is thrown.
 */
export function parseClusterSpec(text: string, file: string): ClusterSpec {
  const root = parseYaml(text, file);
  const c = new Checker(file, text);
  if (!isMap(root)) {
    c.fail(`a cluster file must be a mapping (name:, pool:, controlPlanes: …), got ${typeName(root)}`, { file, line: 1, column: 1 }, 'KPLAY_CLUSTER');
    throw new ClusterSpecError(c.errors());
  }
  const fail = (message: string, key?: string): void => c.fail(message, c.at(root, key), 'KPLAY_CLUSTER');
  c.keys(root, KEYS, 'the cluster file');
  const name = required(c, root, 'name', 'the cluster name');
  if (name !== undefined && !(isDnsSubdomain(name) && name.length <= 63 && !name.includes('.'))) {
    fail(`name '${name}' is not valid (lower-case letters, digits and '-', at most 63: it names a directory and the Kubernetes cluster)`, 'name');
  }
  const pool = required(c, root, 'pool', 'the pool to take hosts from');
  const poolsPath = c.string(root, 'pools', 'cluster');
  const controlPlanes = c.integer(root, 'controlPlanes', 'cluster', 1, 99);
  if (root['controlPlanes'] == null) fail(`the cluster file has no controlPlanes: (1, or an odd number from 3: etcd needs a majority)`);
  else if (controlPlanes !== undefined && controlPlanes !== 1 && (controlPlanes < 3 || controlPlanes % 2 === 0)) {
    fail(`controlPlanes must be 1 or an odd number from 3 (etcd keeps a majority), got ${controlPlanes}`, 'controlPlanes');
  }
  const workers = c.integer(root, 'workers', 'cluster', 0, 10_000) ?? 0;
  const storage = parseStorage(c, root);
  const kubeVersion = parseVersion(c, root);
  const cni = c.choice(root, 'cni', 'cluster', CNI_PLUGINS) ?? DEFAULTS.cni;
  const podCIDR = cidr(c, root, 'podCIDR', DEFAULTS.podCIDR);
  const serviceCIDR = cidr(c, root, 'serviceCIDR', DEFAULTS.serviceCIDR);
  const pod = parseCidr(podCIDR);
  const svc = parseCidr(serviceCIDR);
  if (pod && svc && overlaps(pod, svc)) fail(`podCIDR ${podCIDR} and serviceCIDR ${serviceCIDR} overlap`, root['serviceCIDR'] != null ? 'serviceCIDR' : 'podCIDR');
  const endpoint = c.string(root, 'controlPlaneEndpoint', 'cluster');
  if (endpoint !== undefined && !validEndpoint(endpoint)) fail(`controlPlaneEndpoint '${endpoint}' must be host:port or host (a name or IP; IPv6 in [brackets] with a port)`, 'controlPlaneEndpoint');
  const playbook = c.string(root, 'playbook', 'cluster');
  const vars = root['vars'] == null ? {} : (c.mapping(root['vars'], c.at(root, 'vars'), 'vars') ?? {});
  for (const key of Object.keys(vars)) {
    const own = OWNED_VARS[key];
    if (own) c.fail(`vars.${key} is set by cluster.yml's ${own}: write it there`, c.at(vars, key), 'KPLAY_CLUSTER');
  }
  if (c.count > 0 || name === undefined || pool === undefined || controlPlanes === undefined) throw new ClusterSpecError(c.errors());
  const baseDir = dirname(file);
  const positions: Record<string, SourcePos> = {};
  for (const key of Object.keys(root)) positions[key] = c.at(root, key);
  return {
    file,
    name,
    pool,
    poolsFile: resolve(baseDir, poolsPath ?? 'pools.yml'),
    controlPlanes,
    workers,
    storage,
    kubeVersion,
    cni,
    podCIDR,
    serviceCIDR,
    ...(endpoint !== undefined ? { controlPlaneEndpoint: endpoint } : {}),
    ...(playbook !== undefined ? { playbook: resolve(baseDir, playbook) } : {}),
    vars: { ...vars },
    positions,
  };
}

function required(c: Checker, root: YamlMap, key: string, what: string): string | undefined {
  if (root[key] == null) {
    c.fail(`the cluster file has no ${key}: (${what})`, c.at(root), 'KPLAY_CLUSTER');
    return undefined;
  }
  return c.string(root, key, 'cluster');
}

function parseStorage(c: Checker, root: YamlMap): StorageRequest {
  const v = root['storage'];
  if (v == null || v === false) return { kind: 'none' };
  if (v === true) return { kind: 'pick' };
  if (typeof v === 'string' && isDnsSubdomain(v)) return { kind: 'host', host: v, pos: c.at(root, 'storage') };
  c.fail(`storage must be true (pick a storage host from the pool), false, or a host name of the pool, got ${typeof v === 'string' ? `'${v}'` : typeName(v)}`, c.at(root, 'storage'), 'KPLAY_CLUSTER');
  return { kind: 'none' };
}

function parseVersion(c: Checker, root: YamlMap): string {
  const v = root['kube_version'];
  if (v == null) return DEFAULTS.kubeVersion;
  // YAML reads 1.30 as the number 1.3: the version must be quoted or complete.
  if (typeof v === 'string' && /^v?\d+\.\d+\.\d+$/.test(v.trim())) return v.trim().replace(/^v/, '');
  const got = typeof v === 'number' ? `the number ${v} (quote it: "1.30.2")` : typeof v === 'string' ? `'${v}'` : typeName(v);
  c.fail(`kube_version must be a full version like "1.30.2", got ${got}`, c.at(root, 'kube_version'), 'KPLAY_CLUSTER');
  return DEFAULTS.kubeVersion;
}

function cidr(c: Checker, root: YamlMap, key: string, fallback: string): string {
  const v = c.string(root, key, 'cluster');
  if (v === undefined) return fallback;
  if (!parseCidr(v)) c.fail(`${key} '${v}' is not a network in CIDR notation (like ${fallback})`, c.at(root, key), 'KPLAY_CLUSTER');
  return v;
}

function validEndpoint(text: string): boolean {
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(text);
  const plain = /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(text);
  const m = bracketed ?? plain;
  if (!m) return false;
  const port = m[2] === undefined ? 6443 : Number(m[2]);
  return isHostOrIp(m[1] ?? '') && port >= 1 && port <= 65535;
}
