/**
 * The cluster commands without a lab: fake BMCs (FakePowerDriver), ssh2 servers on loopback
 * as the hosts, and a stub playbook runner. Proves the state transitions and records of
 * success, failure and retry, and the CLI's usage and exit codes.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runClusterCli } from '../../src/cli/cluster-command.js';
import { ClusterBuildError, clusterAddWorkers, clusterRemove, clusterRepair, clusterUp, loadClusterSpec, readClusterRecord, type ClusterContext, type PlaybookRunRequest } from '../../src/cluster/index.js';
import { FakePowerDriver } from '../../src/provision/power/index.js';
import { startFakePool, type FakePool } from './helpers/fake-pool.js';

const ROLES = ['control-plane', 'worker', 'worker', 'any'] as const;

describe('kplay cluster with fake BMCs and loopback SSH hosts', () => {
  let pool: FakePool;
  let dir = '';
  let drivers: Map<string, FakePowerDriver>;
  let out = '';

  beforeAll(async () => {
    pool = await startFakePool(ROLES);
    dir = pool.dir;
    drivers = pool.drivers;
    writeFileSync(join(dir, 'cluster.yml'), 'name: c1\npool: rack1\ncontrolPlanes: 1\nworkers: 2\n');
  });

  afterAll(() => pool.close());

  beforeEach(async () => {
    await pool.reset();
    out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  const ctx = (run: (req: PlaybookRunRequest) => Promise<number>): ClusterContext => pool.ctx(run);
  const states = (): Promise<Record<string, unknown>> => pool.states();

  it('a failed build records the chosen hosts with the error; the next up takes them again and succeeds', async () => {
    const spec = loadClusterSpec(join(dir, 'cluster.yml'));
    const err = await clusterUp(ctx(async () => 2), spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterBuildError);
    expect((err as ClusterBuildError).exitCode).toBe(2);
    const reason = 'cluster c1: /nonexistent/site.yml failed (exit 2)';
    expect(await states()).toEqual({ n1: { state: 'error', reason }, n2: { state: 'error', reason }, n3: { state: 'error', reason }, n4: { state: 'provisioned' } });
    expect(readClusterRecord(dir, 'c1')).toMatchObject({ status: 'failed', error: '/nonexistent/site.yml failed (exit 2)', members: [{ host: 'n1' }, { host: 'n2' }, { host: 'n3' }] });
    for (const n of ['n1', 'n2', 'n3']) expect(drivers.get(n)?.state).toBe('on');
    expect(drivers.get('n4')).toBeUndefined();

    const runs: PlaybookRunRequest[] = [];
    const ok = await clusterUp(ctx(async (r) => (runs.push(r), 0)), spec);
    expect(ok.members.map((m) => m.host)).toEqual(['n1', 'n2', 'n3']);
    expect(runs).toEqual([{ playbook: '/nonexistent/site.yml', inventory: join(dir, '.kplay/clusters/c1/inventory.yml') }]);
    expect(await states()).toMatchObject({ n1: { state: 'in-cluster', cluster: 'c1' }, n4: { state: 'provisioned' } });
    expect(readClusterRecord(dir, 'c1')).toMatchObject({ status: 'ready' });
    expect(readFileSync(join(dir, '.kplay/clusters/c1/inventory.yml'), 'utf8')).not.toContain('sekrit');

    // up again: a converge on the same members; add: limited to the new host and the first control plane.
    await clusterUp(ctx(async (r) => (runs.push(r), 0)), spec);
    expect(runs[1]).toEqual(runs[0]);
    // A failed add: the new host is recorded with the error, the cluster keeps its members.
    await expect(clusterAddWorkers(ctx(async () => 2), spec, 1)).rejects.toThrow(/cluster c1: .*failed \(exit 2\)/);
    expect((await states())['n4']).toEqual({ state: 'error', reason: 'cluster c1: /nonexistent/site.yml failed (exit 2)' });
    expect(readClusterRecord(dir, 'c1')).toMatchObject({ status: 'ready', members: [{ host: 'n1' }, { host: 'n2' }, { host: 'n3' }] });
    expect(readFileSync(join(dir, '.kplay/clusters/c1/inventory.yml'), 'utf8')).not.toContain('n4');
    await clusterAddWorkers(ctx(async (r) => (runs.push(r), 0)), spec, 1);
    expect(runs[2]).toMatchObject({ limit: 'n1,n4' });
    expect((await states())['n4']).toEqual({ state: 'in-cluster', cluster: 'c1' });
    expect(readClusterRecord(dir, 'c1')?.members.map((m) => `${m.host}:${m.role}`)).toEqual(['n1:control-plane', 'n2:worker', 'n3:worker', 'n4:worker']);
    await expect(clusterAddWorkers(ctx(async () => 0), spec, 1)).rejects.toThrow(/has not enough hosts/);

    // remove: kubeadm reset limited to the host, then power off and ready.
    await clusterRemove(ctx(async (r) => (runs.push(r), 0)), spec, 'n3');
    expect(runs[3]).toEqual({ playbook: join(dir, '.kplay/clusters/c1/reset.yml'), inventory: join(dir, '.kplay/clusters/c1/inventory.yml'), limit: 'n3' });
    expect(readFileSync(join(dir, '.kplay/clusters/c1/reset.yml'), 'utf8')).toContain('kubeadm reset --force');
    expect(drivers.get('n3')?.state).toBe('off');
    expect((await states())['n3']).toEqual({ state: 'ready' });
    expect(readFileSync(join(dir, '.kplay/clusters/c1/inventory.yml'), 'utf8')).not.toContain('n3:');

    // repair: one role; kubeadm_join brings the first control plane into the run.
    await expect(clusterRepair(ctx(async () => 0), spec, 'n2', 'kubeadm_join')).rejects.toThrow("no role 'kubeadm_join' beside /nonexistent/site.yml");
    const site = join(import.meta.dirname, '..', '..', 'playbooks', 'site.yml');
    await clusterRepair({ ...ctx(async (r) => (runs.push(r), 0)), defaultPlaybook: site }, spec, 'n2', 'kubeadm_join');
    expect(runs.at(-1)).toEqual({ playbook: site, inventory: join(dir, '.kplay/clusters/c1/inventory.yml'), limit: 'n2,n1', tags: ['kubeadm_init', 'kubeadm_join'] });
    await clusterRepair({ ...ctx(async (r) => (runs.push(r), 0)), defaultPlaybook: site }, spec, 'n2', 'containerd');
    expect(runs.at(-1)).toMatchObject({ limit: 'n2', tags: ['containerd'] });
  });

  it('a host whose BMC fails is recorded with the bring-up error; the playbook never runs', async () => {
    const c = ctx(async () => {
      throw new Error('must not run');
    });
    const bad = new FakePowerDriver('fake-n2:623');
    bad.failWith = new Error('no answer from BMC');
    drivers.set('n2', bad);
    const err = await clusterUp(c, loadClusterSpec(join(dir, 'cluster.yml'))).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/bring-up failed on n2: power on via BMC fake-n2:623: no answer from BMC/);
    const st = await states();
    expect(st['n2']).toEqual({ state: 'error', reason: 'cluster c1: bring-up: power on via BMC fake-n2:623: no answer from BMC' });
    expect(st['n1']).toEqual({ state: 'error', reason: expect.stringMatching(/^cluster c1: bring-up failed on n2/) });
  });

  it('CLI: usage and exit codes; inventory prints the selection and changes nothing', async () => {
    expect(await runClusterCli([])).toBe(2);
    expect(out).toContain('usage: kplay cluster up CLUSTER.yml');
    expect(await runClusterCli(['add', join(dir, 'cluster.yml')])).toBe(5);
    expect(out).toContain('kplay cluster add needs --workers N');
    expect(await runClusterCli(['up', join(dir, 'missing.yml')])).toBe(4);
    expect(await runClusterCli(['remove', join(dir, 'cluster.yml')])).toBe(5);
    const before = readFileSync(join(dir, '.kplay/state/hosts.json'), 'utf8');
    const home = process.env['KPLAY_HOME'];
    process.env['KPLAY_HOME'] = join(dir, '.kplay');
    try {
      out = '';
      expect(await runClusterCli(['inventory', join(dir, 'cluster.yml')])).toBe(0);
      expect(out).toMatch(/control_plane:\n\s+hosts:\n\s+n1:\n\s+ansible_host: 127\.0\.0\.1\n\s+ansible_port: \d+\n\s+ansible_user: root/);
      expect(out).toMatch(/workers:\n\s+hosts:\n\s+n2:[\s\S]*n3:/);
      writeFileSync(join(dir, 'big.yml'), 'name: big\npool: rack1\ncontrolPlanes: 3\nworkers: 2\n');
      out = '';
      expect(await runClusterCli(['up', join(dir, 'big.yml')])).toBe(1);
      expect(out).toContain('pool rack1 has not enough hosts for cluster big');
      writeFileSync(join(dir, 'nopool.yml'), 'name: np\npool: nope\ncontrolPlanes: 1\nstorage: nas9\n');
      out = '';
      expect(await runClusterCli(['up', join(dir, 'nopool.yml')])).toBe(4);
      expect(out).toContain(`pool 'nope' is not in ${join(dir, 'pools.yml')} (pools: rack1)`);
      expect(out).toContain(`The error appears to be in '${join(dir, 'nopool.yml')}': line 2, column 1`);
      writeFileSync(join(dir, 'nopool.yml'), 'name: np\npool: rack1\ncontrolPlanes: 1\nstorage: nas9\n');
      expect(await runClusterCli(['inventory', join(dir, 'nopool.yml')])).toBe(4);
      expect(out).toContain(`storage host 'nas9' is not in pool rack1`);
      expect(out).toContain(`The error appears to be in '${join(dir, 'nopool.yml')}': line 4, column 1`);
      expect(await runClusterCli(['repair', join(dir, 'cluster.yml'), 'n1'])).toBe(1);
      expect(out).toContain('cluster c1 has not been built');
    } finally {
      if (home === undefined) delete process.env['KPLAY_HOME'];
      else process.env['KPLAY_HOME'] = home;
    }
    expect(readFileSync(join(dir, '.kplay/state/hosts.json'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, '.kplay/clusters'))).toBe(false);
    expect(out).not.toContain('sekrit');
  });
});
