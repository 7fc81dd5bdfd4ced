/**
 * The cluster commands without a lab: fake BMCs (FakePowerDriver), ssh2 servers on loopback
 * as the hosts, and a stub playbook runner. Proves the state transitions and records of
 * success, failure and retry, and the CLI's usage and exit codes.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runClusterCli, runPlaybookInProcess } from '../../src/cli/cluster-command.js';
import { RunVault } from '../../src/vault/run-vault.js';
import { VaultSecrets } from '../../src/vault/secrets.js';
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

    // repair: one role; kubeadm_join brings the first control plane (and kubeadm_init, whose tasks act only there) into the run.
    await expect(clusterRepair(ctx(async () => 0), spec, 'n2', 'kubeadm_join')).rejects.toThrow("no role 'kubeadm_join' in /nonexistent/roles (no roles there)");
    const site = join(import.meta.dirname, '..', '..', 'playbooks', 'site.yml');
    const withSite = (): ClusterContext => ({ ...ctx(async (r) => (runs.push(r), 0)), defaultPlaybook: site });
    await clusterRepair(withSite(), spec, 'n2', 'kubeadm_join');
    expect(runs.at(-1)).toEqual({ playbook: site, inventory: join(dir, '.kplay/clusters/c1/inventory.yml'), limit: 'n2,n1', roles: ['kubeadm_init', 'kubeadm_join'] });
    await clusterRepair(withSite(), spec, 'n2', 'containerd');
    expect(runs.at(-1)).toEqual({ playbook: site, inventory: join(dir, '.kplay/clusters/c1/inventory.yml'), limit: 'n2', roles: ['containerd'] });
    await clusterRepair(withSite(), spec, 'n2');
    expect(runs.at(-1)).toEqual({ playbook: site, inventory: join(dir, '.kplay/clusters/c1/inventory.yml'), limit: 'n2,n1' });
    const count = runs.length;
    // Refused before bring-up: a BMC that fails is never asked.
    const bmc = drivers.get('n2');
    const bad = new FakePowerDriver('fake-n2:623');
    bad.failWith = new Error('must not be asked');
    drivers.set('n2', bad);
    await expect(clusterRepair(withSite(), spec, 'n2', 'containrd')).rejects.toThrow(
      `no role 'containrd' in ${join(site, '..', 'roles')} (roles: cni, containerd, kernel_modules, kube_packages, kubeadm_init, kubeadm_join, nfs_client, nfs_server, prep, swap_off, sysctl)`,
    );
    expect(runs).toHaveLength(count);
    if (bmc) drivers.set('n2', bmc);
  });

  it('repair --role runs a role the playbook does not tag, on the host only, with the cluster vars and the vars beside the playbook', async () => {
    const content = join(dir, 'content');
    mkdirSync(join(content, 'roles', 'marker', 'tasks'), { recursive: true });
    mkdirSync(join(content, 'group_vars'), { recursive: true });
    // site.yml does not mention the role: filtering it by tags ran nothing.
    writeFileSync(join(content, 'site.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.debug: {msg: site}\n');
    // The fake SSH hosts run no commands: the tasks run here, as the generated inventory's hosts.
    // become_user nobody shows that the role runs with become, as site.yml's plays do.
    writeFileSync(join(content, 'group_vars', 'all.yml'), `ansible_connection: local\nansible_become_user: nobody\nmarker_dir: ${join(dir, 'marks')}\n`);
    writeFileSync(
      join(content, 'roles', 'marker', 'tasks', 'main.yml'),
      [
        '- name: Who runs the role',
        '  ansible.builtin.command: id -un',
        '  register: marker_user',
        '- name: Mark the host',
        '  become: false',
        '  ansible.builtin.copy:',
        '    content: "{{ kubeadm_cluster_name }} {{ inventory_hostname }} {{ marker_user.stdout }}"',
        '    dest: "{{ marker_dir }}/{{ inventory_hostname }}"',
      ].join('\n') + '\n',
    );
    mkdirSync(join(dir, 'marks'), { recursive: true });
    const spec = loadClusterSpec(join(dir, 'cluster.yml'));
    await clusterUp(ctx(async () => 0), spec);
    const inProcess = runPlaybookInProcess(dir, new RunVault(new VaultSecrets()));
    out = '';
    const r = await clusterRepair({ ...ctx(inProcess), defaultPlaybook: join(content, 'site.yml') }, spec, 'n2', 'marker').catch((e: unknown) => {
      throw new Error(`${String(e)}\n${out}`);
    });
    expect(r).toEqual({ host: 'n2', limit: 'n2', roles: ['marker'] });
    expect(out).toContain('TASK [marker : Mark the host]');
    expect(out).not.toContain('site');
    expect(readdirSync(join(dir, 'marks'))).toEqual(['n2']);
    expect(readFileSync(join(dir, 'marks', 'n2'), 'utf8')).toBe('c1 n2 nobody');
    expect((await states())['n2']).toEqual({ state: 'in-cluster', cluster: 'c1' });
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
