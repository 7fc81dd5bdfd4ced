/**
 * `cluster up` on a built cluster follows cluster.yml (fake BMCs, loopback SSH hosts, a stub
 * playbook runner): the same numbers pick nothing new, higher ones add nodes, lower ones or
 * another storage host are an error at the field before anything changes; and an
 * interrupted command (ctx.signal) records what it started and leaves nothing claimed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runClusterCli } from '../../src/cli/cluster-command.js';
import {
  ClusterInterruptedError,
  ClusterSpecChangeError,
  ClusterStateError,
  clusterAddWorkers,
  clusterRemove,
  clusterRepair,
  clusterUp,
  loadClusterSpec,
  previewInventory,
  readClusterRecord,
  type PlaybookRunRequest,
} from '../../src/cluster/index.js';
import { writeClusterRecord } from '../../src/cluster/cluster-record.js';
import { processStartTime } from '../../src/provision/store/process-info.js';
import { startFakePool, type FakePool } from './helpers/fake-pool.js';

const ROLES = ['control-plane', 'control-plane', 'control-plane', 'worker', 'worker', 'any'] as const;

describe('kplay cluster up on a built cluster, and interruptions', () => {
  let pool: FakePool;
  let file = '';
  let runs: PlaybookRunRequest[] = [];
  const ok = async (r: PlaybookRunRequest): Promise<number> => (runs.push(r), 0);
  const spec = (doc: string): ReturnType<typeof loadClusterSpec> => (writeFileSync(file, doc), loadClusterSpec(file));
  const hostsJson = (): string => readFileSync(join(pool.dir, '.kplay/state/hosts.json'), 'utf8');
  const members = (): string[] => readClusterRecord(pool.dir, 'c1')?.members.map((m) => `${m.host}:${m.role}`) ?? [];

  beforeAll(async () => {
    pool = await startFakePool(ROLES);
    file = join(pool.dir, 'cluster.yml');
  });
  afterAll(async () => pool.close());
  beforeEach(async () => {
    await pool.reset();
    runs = [];
  });

  it('same spec: nothing new is picked, the content reruns on the members; more workers and control planes join, limited to the new hosts and the first control plane', async () => {
    await clusterUp(pool.ctx(ok), spec('name: c1\npool: rack1\ncontrolPlanes: 1\nworkers: 1\n'));
    expect(members()).toEqual(['n1:control-plane', 'n4:worker']);
    const built = await pool.states();

    await clusterUp(pool.ctx(ok), spec('name: c1\npool: rack1\ncontrolPlanes: 1\nworkers: 1\n'));
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[1]?.limit).toBeUndefined();
    expect(members()).toEqual(['n1:control-plane', 'n4:worker']);
    expect(await pool.states()).toEqual(built);
    expect([...pool.drivers.keys()].sort()).toEqual(['n1', 'n4']);

    const grown = spec('name: c1\npool: rack1\ncontrolPlanes: 1\nworkers: 2\n');
    const unchanged = hostsJson();
    const preview = await previewInventory(pool.ctx(ok), grown);
    expect(preview.members.map((m) => m.host)).toEqual(['n1', 'n4', 'n5']);
    expect(preview.text).toMatch(/workers:\n\s+hosts:\n\s+n4:[\s\S]*n5:/);
    expect(hostsJson()).toBe(unchanged);
    expect(members()).toEqual(['n1:control-plane', 'n4:worker']);
    await clusterUp(pool.ctx(ok), grown);
    expect(runs[2]?.limit).toBe('n1,n5');
    expect(members()).toEqual(['n1:control-plane', 'n4:worker', 'n5:worker']);
    expect((await pool.states())['n5']).toEqual({ state: 'in-cluster', cluster: 'c1' });

    await clusterUp(pool.ctx(ok), spec('name: c1\npool: rack1\ncontrolPlanes: 3\nworkers: 2\n'));
    expect(runs[3]?.limit).toBe('n1,n2,n3');
    expect(members()).toEqual(['n1:control-plane', 'n2:control-plane', 'n3:control-plane', 'n4:worker', 'n5:worker']);
    const inv = readFileSync(join(pool.dir, '.kplay/clusters/c1/inventory.yml'), 'utf8');
    expect(inv).toMatch(/control_plane:\n\s+hosts:\n\s+n1:[\s\S]*n2:[\s\S]*n3:[\s\S]*workers:/);
    const st = await pool.states();
    for (const n of ['n1', 'n2', 'n3', 'n4', 'n5']) expect(st[n]).toEqual({ state: 'in-cluster', cluster: 'c1' });
    expect(st['n6']).toEqual({ state: 'provisioned' });
    expect(readClusterRecord(pool.dir, 'c1')).not.toHaveProperty('owner');

    // 3 → 5 control planes with one host left that may be one: not enough, nothing changed.
    const before = hostsJson();
    await expect(clusterUp(pool.ctx(ok), spec('name: c1\npool: rack1\ncontrolPlanes: 5\nworkers: 2\n'))).rejects.toThrow(/short of 1 control plane/);
    expect(hostsJson()).toBe(before);
    expect(readClusterRecord(pool.dir, 'c1')?.status).toBe('ready');
    expect(runs).toHaveLength(4);
  });

  it('fewer nodes or another storage host: an error at the field in cluster.yml, before anything changes', async () => {
    await clusterUp(pool.ctx(ok), spec('name: c1\npool: rack1\ncontrolPlanes: 3\nworkers: 2\n'));
    const before = { hosts: hostsJson(), record: readFileSync(join(pool.dir, '.kplay/clusters/c1/cluster.json'), 'utf8'), drivers: [...pool.drivers.values()].map((d) => d.calls.length) };
    const fewerCps = await clusterUp(pool.ctx(ok), spec('name: c1\npool: rack1\nworkers: 2\ncontrolPlanes: 1\n')).catch((e: unknown) => e);
    expect(fewerCps).toBeInstanceOf(ClusterSpecChangeError);
    expect((fewerCps as ClusterSpecChangeError).pos).toEqual({ file, line: 4, column: 1 });
    expect((fewerCps as Error).message).toBe(
      `cluster c1 has 3 control planes (n1, n2, n3) and cluster.yml asks for 1: kplay cluster up only adds nodes. Remove control planes explicitly with kplay cluster remove ${file} HOST (the first one, n1, holds the join data and leaves last); nothing was changed`,
    );
    const fewerWorkers = await clusterUp(pool.ctx(ok), spec('name: c1\npool: rack1\ncontrolPlanes: 3\n')).catch((e: unknown) => e);
    expect((fewerWorkers as Error).message).toMatch(/^cluster c1 has 2 worker\(s\) \(n4, n5\) and cluster\.yml asks for 0: .*kplay cluster remove/);
    expect((fewerWorkers as ClusterSpecChangeError).pos).toEqual({ file, line: 1, column: 1 });
    const storage = await clusterUp(pool.ctx(ok), spec('name: c1\npool: rack1\ncontrolPlanes: 3\nworkers: 2\nstorage: true\n')).catch((e: unknown) => e);
    expect((storage as Error).message).toMatch(/has no storage host and cluster\.yml asks for one: the storage host of a built cluster cannot be changed/);
    expect((storage as ClusterSpecChangeError).pos).toMatchObject({ line: 5, column: 1 });
    expect(hostsJson()).toBe(before.hosts);
    expect(readFileSync(join(pool.dir, '.kplay/clusters/c1/cluster.json'), 'utf8')).toBe(before.record);
    expect([...pool.drivers.values()].map((d) => d.calls.length)).toEqual(before.drivers);
    expect(runs).toHaveLength(1);

    // Through the CLI: exit 4 and the position; an even count is refused by the spec itself.
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    const home = process.env['KPLAY_HOME'];
    process.env['KPLAY_HOME'] = join(pool.dir, '.kplay');
    try {
      writeFileSync(file, 'name: c1\npool: rack1\ncontrolPlanes: 3\nworkers: 1\n');
      expect(await runClusterCli(['up', file])).toBe(4);
      expect(out.join('')).toContain(`ERROR! cluster c1 has 2 worker(s) (n4, n5) and cluster.yml asks for 1`);
      expect(out.join('')).toContain(`The error appears to be in '${file}': line 4, column 1`);
      writeFileSync(file, 'name: c1\npool: rack1\ncontrolPlanes: 2\nworkers: 2\n');
      expect(await runClusterCli(['up', file])).toBe(4);
      expect(out.join('')).toContain('controlPlanes must be 1 or an odd number from 3 (etcd keeps a majority), got 2');
      expect(out.join('')).toContain(`The error appears to be in '${file}': line 3, column 1`);
    } finally {
      vi.restoreAllMocks();
      if (home === undefined) delete process.env['KPLAY_HOME'];
      else process.env['KPLAY_HOME'] = home;
    }
    expect(hostsJson()).toBe(before.hosts);
  });

  it('remove says when cluster.yml still asks for the old number, or leaves an even etcd', async () => {
    const c1 = spec('name: c1\npool: rack1\ncontrolPlanes: 3\nworkers: 2\nstorage: true\n');
    await clusterUp(pool.ctx(ok), c1);
    const nfs = await clusterRemove(pool.ctx(ok), c1, 'n6');
    expect(nfs.note).toBe(`${file} still asks for 1 (storage); set storage: false there, or the next kplay cluster up picks a host again`);
    // The NFS host has no kubeadm: only the Kubernetes nodes are reset and forgotten.
    expect(readFileSync(join(pool.dir, '.kplay/clusters/c1/reset.yml'), 'utf8').match(/when: inventory_hostname not in groups\['nfs'\]/g)).toHaveLength(2);
    const worker = await clusterRemove(pool.ctx(ok), spec('name: c1\npool: rack1\ncontrolPlanes: 3\nworkers: 2\n'), 'n5');
    expect(worker.note).toBe(`${file} still asks for 2 (workers); set workers: 1 there, or the next kplay cluster up picks a host again`);
    expect(readFileSync(join(pool.dir, '.kplay/clusters/c1/reset.yml'), 'utf8')).toContain('delete node {{ inventory_hostname }} --ignore-not-found');
    const cp = await clusterRemove(pool.ctx(ok), c1, 'n3');
    expect(cp.note).toBe('2 control planes left: an even etcd membership tolerates no more failures than 1; remove one more (controlPlanes: 1) or let kplay cluster up add one back');
    const fine = await clusterRemove(pool.ctx(ok), spec('name: c1\npool: rack1\ncontrolPlanes: 3\nworkers: 0\n'), 'n4');
    expect(fine.note).toBeUndefined();
    // up grows back to cluster.yml's numbers, taking the next hosts by order.
    await clusterUp(pool.ctx(ok), spec('name: c1\npool: rack1\ncontrolPlanes: 3\nworkers: 1\n'));
    expect(members()).toEqual(['n1:control-plane', 'n2:control-plane', 'n3:control-plane', 'n4:worker']);
  });

  it('interrupted during the playbook run: the chosen hosts are recorded with the reason, the record is not left building, a rerun resumes', async () => {
    const abort = new AbortController();
    const c1 = spec('name: c1\npool: rack1\ncontrolPlanes: 1\nworkers: 2\n');
    const hanging = (): Promise<number> => (abort.abort('interrupted by SIGINT'), new Promise<number>(() => undefined));
    const err = await clusterUp(pool.ctx(hanging, { signal: abort.signal }), c1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterInterruptedError);
    expect((err as Error).message).toBe(`cluster c1: interrupted by SIGINT: n1, n4, n5 recorded as error (cluster c1: interrupted by SIGINT); kplay cluster up ${file} resumes`);
    const reason = 'cluster c1: interrupted by SIGINT';
    expect(await pool.states()).toMatchObject({ n1: { state: 'error', reason }, n4: { state: 'error', reason }, n5: { state: 'error', reason }, n2: { state: 'provisioned' } });
    expect(readClusterRecord(pool.dir, 'c1')).toMatchObject({ status: 'failed', error: 'interrupted by SIGINT' });
    // Another cluster may take the hosts (nothing claims them) …
    writeFileSync(join(pool.dir, 'other.yml'), 'name: other\npool: rack1\ncontrolPlanes: 1\nworkers: 2\n');
    const other = loadClusterSpec(join(pool.dir, 'other.yml'));
    await expect(clusterUp(pool.ctx(ok), other)).rejects.toThrow(/not eligible: n1 \(error: cluster c1: interrupted by SIGINT\)/);
    // … and the rerun takes them again.
    await clusterUp(pool.ctx(ok), c1);
    expect(members()).toEqual(['n1:control-plane', 'n4:worker', 'n5:worker']);
    expect((await pool.states())['n4']).toEqual({ state: 'in-cluster', cluster: 'c1' });
    // Interrupting a converge of the built cluster changes no host and keeps the record.
    const conv = new AbortController();
    const converge = (): Promise<number> => (conv.abort('interrupted by SIGINT'), new Promise<number>(() => undefined));
    await expect(clusterUp(pool.ctx(converge, { signal: conv.signal }), c1)).rejects.toThrow(`cluster c1: interrupted by SIGINT: no host changed state; kplay cluster up ${file} resumes`);
    expect((await pool.states())['n4']).toEqual({ state: 'in-cluster', cluster: 'c1' });
    expect(readClusterRecord(pool.dir, 'c1')).toMatchObject({ status: 'ready' });

    // An interrupted add (SIGTERM while bringing the new host up): the new host in error, the cluster as it was.
    const term = new AbortController();
    const ctx = pool.ctx(ok, { signal: term.signal });
    const driverFor = ctx.driverFor!;
    const err2 = await clusterAddWorkers(
      {
        ...ctx,
        driverFor: (h) => {
          const d = driverFor(h);
          if (h.name === 'n6') d.setPower = async () => void term.abort('interrupted by SIGTERM');
          return d;
        },
      },
      c1,
      1,
    ).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/^cluster c1: interrupted by SIGTERM: n6 recorded as error/);
    expect((await pool.states())['n6']).toEqual({ state: 'error', reason: 'cluster c1: interrupted by SIGTERM' });
    expect(readClusterRecord(pool.dir, 'c1')).toMatchObject({ status: 'ready' });
    expect(members()).toEqual(['n1:control-plane', 'n4:worker', 'n5:worker']);
    expect(runs).toHaveLength(1);
  });

  it('interrupted remove and repair change nothing', async () => {
    const c1 = spec('name: c1\npool: rack1\ncontrolPlanes: 1\nworkers: 2\n');
    await clusterUp(pool.ctx(ok), c1);
    const before = { hosts: hostsJson(), record: readFileSync(join(pool.dir, '.kplay/clusters/c1/cluster.json'), 'utf8') };
    const hang = (abort: AbortController) => (): Promise<number> => (abort.abort('interrupted by SIGINT'), new Promise<number>(() => undefined));
    const a1 = new AbortController();
    await expect(clusterRemove(pool.ctx(hang(a1), { signal: a1.signal }), c1, 'n5')).rejects.toThrow(
      new ClusterInterruptedError('interrupted by SIGINT: kubeadm reset on n5 did not finish; it is still a member of cluster c1 (rerun kplay cluster remove)', 'interrupted by SIGINT'),
    );
    expect(pool.drivers.get('n5')?.state).toBe('on');
    const a2 = new AbortController();
    await expect(clusterRepair(pool.ctx(hang(a2), { signal: a2.signal }), c1, 'n4')).rejects.toThrow('interrupted by SIGINT: the repair of n4 did not finish; it stays a member of cluster c1');
    expect({ hosts: hostsJson(), record: readFileSync(join(pool.dir, '.kplay/clusters/c1/cluster.json'), 'utf8') }).toEqual(before);
  });

  it('a build whose process died (kill -9) claims nothing; a live one keeps its hosts and its cluster', async () => {
    const c1 = spec('name: c1\npool: rack1\ncontrolPlanes: 1\nworkers: 1\n');
    const dead = Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"'], { encoding: 'utf8' }).trim());
    const building = { name: 'c1', pool: 'rack1', status: 'building' as const, members: [{ host: 'n1', role: 'control-plane' as const }, { host: 'n4', role: 'worker' as const }], updated: new Date().toISOString() };
    writeClusterRecord(pool.dir, { ...building, owner: { pid: process.pid, startTime: processStartTime(), hostname: hostname() } });
    writeFileSync(join(pool.dir, 'other.yml'), 'name: other\npool: rack1\ncontrolPlanes: 3\nworkers: 2\n');
    await expect(clusterUp(pool.ctx(ok), loadClusterSpec(join(pool.dir, 'other.yml')))).rejects.toThrow(/n1 \(taken by cluster c1\)/);
    await expect(clusterUp(pool.ctx(ok), c1)).rejects.toThrow(new ClusterStateError(`cluster c1 is being built by process ${process.pid} on ${hostname()} (since ${building.updated}); wait for it, or stop it with Ctrl-C`));

    writeClusterRecord(pool.dir, { ...building, owner: { pid: dead, startTime: null, hostname: hostname() } });
    await clusterUp(pool.ctx(ok), loadClusterSpec(join(pool.dir, 'other.yml')));
    expect(readClusterRecord(pool.dir, 'other')?.members.map((m) => m.host)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
  });
});
