import { describe, expect, it } from 'vitest';
import { ClusterSpecError, parseClusterSpec } from '../../src/cluster/index.js';

const FILE = '/project/cluster.yml';

function errorsOf(text: string): string[] {
  try {
    parseClusterSpec(text, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(ClusterSpecError);
    return (e as ClusterSpecError).errors.map((x) => `${x.pos?.line}:${x.pos?.column} ${x.message}`);
  }
  throw new Error('no error');
}

describe('cluster.yml', () => {
  it('reads a complete spec, with defaults and paths taken from its directory', () => {
    const spec = parseClusterSpec(
      `name: demo
pool: rack1
controlPlanes: 3
workers: 2
storage: nas1
kube_version: "1.30.2"
cni: flannel
podCIDR: 10.32.0.0/12
serviceCIDR: 10.96.0.0/16
controlPlaneEndpoint: api.demo.lan:6443
pools: ../pools.yml
vars: {containerd_sandbox_image: "registry.local/pause:3.9"}
`,
      FILE,
    );
    expect(spec).toMatchObject({
      name: 'demo',
      pool: 'rack1',
      poolsFile: '/pools.yml',
      controlPlanes: 3,
      workers: 2,
      storage: { kind: 'host', host: 'nas1' },
      kubeVersion: '1.30.2',
      cni: 'flannel',
      podCIDR: '10.32.0.0/12',
      serviceCIDR: '10.96.0.0/16',
      controlPlaneEndpoint: 'api.demo.lan:6443',
      vars: { containerd_sandbox_image: 'registry.local/pause:3.9' },
    });
    const minimal = parseClusterSpec('name: c1\npool: p\ncontrolPlanes: 1\n', FILE);
    expect(minimal).toMatchObject({ workers: 0, storage: { kind: 'none' }, cni: 'calico', kubeVersion: '1.30.2', podCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12', poolsFile: '/project/pools.yml' });
    expect(minimal.controlPlaneEndpoint).toBeUndefined();
    expect(parseClusterSpec('name: c1\npool: p\ncontrolPlanes: 1\nstorage: true\n', FILE).storage).toEqual({ kind: 'pick' });
  });

  it.each([1, 3, 5, 7])('accepts %i control planes', (n) => {
    expect(parseClusterSpec(`name: c\npool: p\ncontrolPlanes: ${n}\n`, FILE).controlPlanes).toBe(n);
  });

  it.each([
    [0, 'must be an integer from 1 to 99, got 0'],
    [2, 'must be 1 or an odd number from 3 (etcd keeps a majority), got 2'],
    [4, 'got 4'],
    ['"three"', 'got a string'],
  ])('refuses controlPlanes: %s at its line and column', (n, message) => {
    const [err] = errorsOf(`name: c\npool: p\ncontrolPlanes: ${n}\n`);
    expect(err).toMatch(/^3:1 /);
    expect(err).toContain(message);
  });

  it('reports every problem at once, each at file:line:col', () => {
    const errs = errorsOf(`name: Bad_Name
pool: rack1
controlPlanes: 1
workers: -1
storage: 3
kube_version: 1.30
cni: weave
podCIDR: 10.96.0.0/8
serviceCIDR: 10.96.0.0/12
controlPlaneEndpoint: "api:99999"
wrokers: 2
vars:
  kube_version: "1.29.0"
`);
    expect(errs).toEqual([
      expect.stringMatching(/^1:1 name 'Bad_Name' is not valid/),
      expect.stringMatching(/^4:1 cluster.workers must be an integer from 0 to 10000, got -1/),
      expect.stringMatching(/^5:1 storage must be true .* got an integer/),
      expect.stringMatching(/^6:1 kube_version must be a full version like "1.30.2", got the number 1.3 \(quote it/),
      expect.stringMatching(/^7:1 cluster.cni must be one of 'calico', 'flannel', 'cilium', got 'weave'/),
      expect.stringMatching(/^9:1 podCIDR 10.96.0.0\/8 and serviceCIDR 10.96.0.0\/12 overlap/),
      expect.stringMatching(/^10:1 controlPlaneEndpoint 'api:99999' must be host:port/),
      expect.stringMatching(/^11:1 unknown key 'wrokers' in the cluster file \(did you mean 'workers'\?\)/),
      expect.stringMatching(/^13:3 vars.kube_version is set by cluster.yml's kube_version: write it there/),
    ]);
  });

  it('names the missing required keys, and the error carries the file and the offending line', () => {
    let caught: unknown;
    try {
      parseClusterSpec('workers: 2\npodCIDR: nonsense\n', FILE);
    } catch (e) {
      caught = e;
    }
    const e = caught as ClusterSpecError;
    expect(e.errors.map((x) => x.message)).toEqual([
      'the cluster file has no name: (the cluster name)',
      'the cluster file has no pool: (the pool to take hosts from)',
      'the cluster file has no controlPlanes: (1, or an odd number from 3: etcd needs a majority)',
      "podCIDR 'nonsense' is not a network in CIDR notation (like 10.244.0.0/16)",
    ]);
    expect(e.pos?.file).toBe(FILE);
    expect(e.errors[3]?.snippet).toContain('podCIDR: nonsense');
  });
});
