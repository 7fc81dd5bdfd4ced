/**
 * kplay cluster end to end: six systemd lab hosts as the pool's machines (OS installed ahead,
 * state `ready`), an ipmi_sim BMC per host whose chassis hook starts and stops the host's sshd,
 * the stand-in Kubernetes packages from a local apt repository, and the real content
 * (playbooks/site.yml) run in-process by `kplay cluster …`.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { runClusterCli } from '../../src/cli/cluster-command.js';
import { clusterUp, loadClusterSpec, readClusterRecord, type PlaybookRunRequest } from '../../src/cluster/index.js';
import { loadPools } from '../../src/provision/pools/index.js';
import { openHostStateStore, type HostStatus } from '../../src/provision/store/index.js';
import { parseCalls } from '../k8s/standins.js';
import { startClusterLab, type ClusterLab } from './helpers/cluster-lab.js';
import { runCli } from './helpers/spawn-cli.js';
import { FAIL_JOIN_MARKER } from './helpers/standins.js';

const haveRoot = process.getuid?.() === 0;
const SITE = join(import.meta.dirname, '..', '..', 'playbooks', 'site.yml');

const MACHINES = [
  { name: 'cp1', role: 'control-plane', order: 1 },
  { name: 'cp2', role: 'control-plane', order: 2 },
  { name: 'cp3', role: 'control-plane', order: 3 },
  { name: 'w1', role: 'worker', order: 4 },
  { name: 'w2', role: 'worker', order: 5 },
  { name: 'any1', role: 'any', order: 6 },
] as const;

describe.skipIf(!haveRoot)('kplay cluster (lab hosts, ipmi_sim, stand-in Kubernetes)', () => {
  let cl: ClusterLab;
  let project = '';
  let out = '';
  let allOut = '';
  const stopFigures: number[] = [];
  const savedHome = process.env['KPLAY_HOME'];

  async function powerOffAll(): Promise<void> {
    await Promise.all(cl.machines.map((m) => cl.lab.exec(m.host, 'systemctl stop ssh.socket ssh.service')));
    for (const m of cl.machines) m.bmc.clearHookLog();
  }
  async function sshActive(name: string): Promise<boolean> {
    return (await cl.lab.exec(cl.machine(name).host, 'systemctl is-active --quiet ssh.service')).code === 0;
  }
  async function calls(name: string): Promise<string[]> {
    return parseCalls(await cl.lab.readFile(cl.machine(name).host, '/var/log/kplay-standin/calls.log')).map((c) => `${c.prog} ${c.args.slice(0, 2).join(' ')}`);
  }
  /** The calls that change a node's membership (init, join, reset); token create and kubectl apply run on every pass. */
  async function kubeadmCalls(name: string): Promise<string[]> {
    return (await calls(name)).filter((c) => /^kubeadm (init --config|join|reset)/.test(c));
  }
  async function fullCalls(name: string): Promise<string[][]> {
    return parseCalls(await cl.lab.readFile(cl.machine(name).host, '/var/log/kplay-standin/calls.log')).map((c) => [c.prog, ...c.args]);
  }
  async function states(): Promise<Record<string, HostStatus>> {
    return Object.fromEntries((await openHostStateStore(project).list()).map((r) => [r.host, r.status]));
  }
  function writeCluster(name: string, doc: Record<string, unknown>): string {
    const file = join(project, `${name}.yml`);
    writeFileSync(file, stringify({ name, pool: 'rack1', ...doc, vars: cl.testVars }));
    return file;
  }
  async function kplay(...argv: string[]): Promise<number> {
    return runClusterCli(argv);
  }

  beforeAll(async () => {
    cl = await startClusterLab(MACHINES);
    await powerOffAll();
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), (allOut += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), (allOut += String(s)), true));
  }, 240_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    if (savedHome === undefined) delete process.env['KPLAY_HOME'];
    else process.env['KPLAY_HOME'] = savedHome;
    await cl?.stop();
  });

  it('3+2 from a pool of 6: picks by role and order, powers on over IPMI, waits for SSH, in-cluster on success', async () => {
    project = await cl.newProject();
    const spec = loadClusterSpec(writeCluster('big', { controlPlanes: 3, workers: 2 }));
    const runs: PlaybookRunRequest[] = [];
    const inventories: string[] = [];
    const result = await clusterUp(
      {
        projectDir: project,
        pools: loadPools(spec.poolsFile),
        store: openHostStateStore(project),
        defaultPlaybook: SITE,
        runPlaybook: async (req) => {
          runs.push(req);
          inventories.push(readFileSync(req.inventory, 'utf8'));
          return 0;
        },
        sshTimeoutMs: 30_000,
      },
      spec,
    );
    expect(result.members.map((m) => `${m.host}:${m.role}`)).toEqual(['cp1:control-plane', 'cp2:control-plane', 'cp3:control-plane', 'w1:worker', 'w2:worker']);
    expect(runs).toEqual([{ playbook: SITE, inventory: join(project, '.kplay/clusters/big/inventory.yml') }]);
    expect(inventories[0]).toMatch(/control_plane:\n\s+hosts:\n\s+cp1:[\s\S]*cp2:[\s\S]*cp3:[\s\S]*workers:\n\s+hosts:\n\s+w1:[\s\S]*w2:/);
    for (const name of ['cp1', 'cp2', 'cp3', 'w1', 'w2']) {
      expect(cl.machine(name).bmc.hookLog()).toContain('set power 1');
      expect(await sshActive(name)).toBe(true);
    }
    expect(cl.machine('any1').bmc.hookLog()).toEqual([]);
    expect(await sshActive('any1')).toBe(false);
    const st = await states();
    for (const name of ['cp1', 'cp2', 'cp3', 'w1', 'w2']) expect(st[name]).toEqual({ state: 'in-cluster', cluster: 'big' });
    expect(st['any1']).toEqual({ state: 'ready' });
    await powerOffAll();
  });

  it('a failed build (kubeadm join told to fail on one host) records every chosen host with the error', async () => {
    project = await cl.newProject();
    process.env['KPLAY_HOME'] = join(project, '.kplay');
    const file = writeCluster('alpha', { controlPlanes: 1, workers: 3, podCIDR: '10.32.0.0/16' });
    out = '';
    expect(await kplay('inventory', file)).toBe(0);
    expect(out).toContain('kubeadm_pod_subnet: 10.32.0.0/16');
    expect(out).toMatch(/control_plane:\n\s+hosts:\n\s+cp1:\n\s+ansible_host: 10\.\d+\.\d+\.\d+/);
    expect(out).toMatch(/workers:\n\s+hosts:\n\s+w1:[\s\S]*w2:[\s\S]*any1:/);
    expect(existsSync(join(project, '.kplay/clusters'))).toBe(false);
    expect(await sshActive('cp1')).toBe(false);
    expect(cl.machine('cp1').bmc.hookLog()).toEqual([]);

    await cl.lab.exec(cl.machine('any1').host, `mkdir -p /etc/kplay-standin && touch ${FAIL_JOIN_MARKER}`);
    out = '';
    expect(await kplay('up', file)).toBe(2);
    // The join task is no_log (it carries a token): the failure shows, its output does not.
    expect(out).toMatch(/fatal: \[any1\]: FAILED! => \{"censored": /);
    expect(out).not.toContain('--token');
    const st = await states();
    for (const name of ['cp1', 'w1', 'w2', 'any1']) expect(st[name]).toEqual({ state: 'error', reason: expect.stringMatching(/^cluster alpha: .*site\.yml failed \(exit 2\)$/) });
    expect([st['cp2'], st['cp3']]).toEqual([{ state: 'ready' }, { state: 'ready' }]);
    expect(readClusterRecord(project, 'alpha')).toMatchObject({ status: 'failed', members: [{ host: 'cp1' }, { host: 'w1' }, { host: 'w2' }, { host: 'any1' }] });
  }, 300_000);

  it('Ctrl-C while the content runs (built CLI): exit 99 as ansible-playbook, the chosen hosts recorded as interrupted, no process left', async () => {
    await cl.lab.exec(cl.machine('any1').host, `rm -f ${FAIL_JOIN_MARKER}`);
    const file = writeCluster('alpha', { controlPlanes: 1, workers: 2, podCIDR: '10.32.0.0/16' });
    const kubeadmBefore = await kubeadmCalls('w1');
    const r = await runCli(['up', file], {
      cwd: project,
      env: { ...process.env, KPLAY_HOME: join(project, '.kplay'), KPLAY_NO_PROGRESS: '1' },
      interrupt: { signal: 'SIGINT', when: (o) => o.includes('TASK [prep') },
    });
    expect([r.code, r.signal]).toEqual([99, null]);
    expect(r.out).toContain('kplay cluster: SIGINT: stopping');
    expect(r.out).not.toContain('PLAY RECAP');
    expect(r.leftovers).toEqual([]);
    stopFigures.push(r.stopMs);
    const reason = 'cluster alpha: interrupted by SIGINT';
    const st = await states();
    expect([st['cp1'], st['w1'], st['w2']]).toEqual(Array(3).fill({ state: 'error', reason }));
    expect(st['any1']).toMatchObject({ state: 'error', reason: expect.stringMatching(/failed \(exit 2\)$/) });
    expect(readClusterRecord(project, 'alpha')).toMatchObject({ status: 'failed', error: 'interrupted by SIGINT', members: [{ host: 'cp1' }, { host: 'w1' }, { host: 'w2' }] });
    expect(() => JSON.parse(readFileSync(join(project, '.kplay/state/hosts.json'), 'utf8'))).not.toThrow();
    expect(existsSync(join(project, '.kplay/state/hosts.json.lock'))).toBe(false);
    expect(await kubeadmCalls('w1')).toEqual(kubeadmBefore);
  }, 300_000);

  it('the rerun resumes: cluster up 1+2 takes its hosts again and builds; kubeadm init/join recorded once each', async () => {
    const file = join(project, 'alpha.yml');
    out = '';
    expect(await kplay('up', file)).toBe(0);
    expect(out).toContain('cluster alpha: ready\n  control_plane: cp1\n  workers:       w1, w2');
    const inv = readFileSync(join(project, '.kplay/clusters/alpha/inventory.yml'), 'utf8');
    expect(inv).toMatch(/workers:\n\s+hosts:\n\s+w1:[\s\S]*w2:/);
    expect(inv).not.toContain('any1');
    expect((await calls('cp1')).filter((c) => c.startsWith('kubeadm init --config'))).toHaveLength(1);
    expect(await calls('cp1')).toContain('kubeadm token create');
    expect((await calls('w1')).filter((c) => c.startsWith('kubeadm'))).toEqual([expect.stringMatching(/^kubeadm join 10\.\d+\.\d+\.\d+:6443/)]);
    expect((await calls('w2')).filter((c) => c.startsWith('kubeadm'))).toEqual([expect.stringMatching(/^kubeadm join /)]);
    expect(await cl.lab.readFile(cl.machine('cp2').host, '/var/log/kplay-standin/calls.log')).toBeUndefined();
    const st = await states();
    expect([st['cp1'], st['w1'], st['w2']]).toEqual(Array(3).fill({ state: 'in-cluster', cluster: 'alpha' }));
    expect(st['any1']).toMatchObject({ state: 'error' });
    const history = (await openHostStateStore(project).get('w1'))?.history ?? [];
    expect(history.map((h) => h.to.state).slice(-4)).toEqual(['ready', 'error', 'ready', 'in-cluster']);
    expect(history.at(-3)?.to).toEqual({ state: 'error', reason: 'cluster alpha: interrupted by SIGINT' });
  }, 300_000);

  it('up again with the same spec: nothing new is picked, the content reruns with no change', async () => {
    const before = { cp1: await kubeadmCalls('cp1'), w1: await kubeadmCalls('w1'), w2: await kubeadmCalls('w2'), states: await states() };
    out = '';
    expect(await kplay('up', join(project, 'alpha.yml'))).toBe(0);
    expect(out).toContain('kplay cluster: cluster alpha exists: rerunning the content on its 3 members');
    for (const h of ['cp1', 'w1', 'w2']) expect(out).toMatch(new RegExp(`\\n${h} +: ok=\\d+ +changed=0 +unreachable=0 +failed=0`));
    expect({ cp1: await kubeadmCalls('cp1'), w1: await kubeadmCalls('w1'), w2: await kubeadmCalls('w2'), states: await states() }).toEqual(before);
    expect(before.cp1).toEqual(['kubeadm init --config']);
    for (const name of ['cp2', 'cp3']) expect(cl.machine(name).bmc.hookLog()).toEqual([]);
  }, 300_000);

  it('not enough hosts: a clear error before anything changes', async () => {
    const file = writeCluster('beta', { controlPlanes: 3, workers: 2 });
    const before = readFileSync(join(project, '.kplay/state/hosts.json'), 'utf8');
    out = '';
    expect(await kplay('up', file)).toBe(1);
    expect(out).toContain('pool rack1 has not enough hosts for cluster beta: it needs 3 control planes, 2 workers, and is short of 1 control plane (hosts with role control-plane or any) and 2 workers');
    expect(out).toContain('eligible (ready or provisioned): cp2 (control-plane), cp3 (control-plane)\n');
    expect(out).toMatch(/not eligible: cp1 \(in-cluster alpha\), w1 \(in-cluster alpha\), w2 \(in-cluster alpha\), any1 \(error: cluster alpha: /);
    expect(readFileSync(join(project, '.kplay/state/hosts.json'), 'utf8')).toBe(before);
    expect(existsSync(join(project, '.kplay/clusters/beta'))).toBe(false);
    for (const name of ['cp2', 'cp3']) expect(cl.machine(name).bmc.hookLog()).toEqual([]);
  });

  it('add --workers 1 takes the host its failed build left in error; existing nodes are not touched', async () => {
    const before = { cp1: await calls('cp1'), w1: await calls('w1'), w2: await calls('w2') };
    out = '';
    expect(await kplay('add', join(project, 'alpha.yml'), '--workers', '1')).toBe(0);
    expect(out).toContain('workers:       w1, w2, any1');
    expect((await states())['any1']).toEqual({ state: 'in-cluster', cluster: 'alpha' });
    expect((await calls('any1')).filter((c) => c.startsWith('kubeadm join'))).toHaveLength(2);
    expect(await calls('w1')).toEqual(before.w1);
    expect(await calls('w2')).toEqual(before.w2);
    expect((await calls('cp1')).filter((c) => c.startsWith('kubeadm init --config'))).toHaveLength(1);
    expect(readClusterRecord(project, 'alpha')).toMatchObject({ status: 'ready', members: [{ host: 'cp1' }, { host: 'w1' }, { host: 'w2' }, { host: 'any1' }] });
  }, 300_000);

  it('controlPlanes 1 → 3: cp2 and cp3 join as control planes with the certificate key; workers untouched; 3 → 1 is refused at the field', async () => {
    const file = writeCluster('alpha', { controlPlanes: 3, workers: 3, podCIDR: '10.32.0.0/16' });
    const before = { w1: await calls('w1'), any1: await calls('any1') };
    out = '';
    expect(await kplay('up', file)).toBe(0);
    expect(out).toContain('kplay cluster: cp2: control-plane (new)');
    expect(out).toContain('control_plane: cp1, cp2, cp3\n  workers:       w1, w2, any1');
    for (const name of ['cp2', 'cp3']) {
      const joins = (await fullCalls(name)).filter((c) => c[0] === 'kubeadm' && c[1] === 'join');
      expect(joins).toHaveLength(1);
      expect(joins[0]).toEqual(expect.arrayContaining(['--control-plane', '--certificate-key', '--token']));
      expect((await states())[name]).toEqual({ state: 'in-cluster', cluster: 'alpha' });
    }
    expect(await calls('cp1')).toContain('kubeadm init phase');
    expect((await calls('cp1')).filter((c) => c.startsWith('kubeadm init --config'))).toHaveLength(1);
    expect(await calls('w1')).toEqual(before.w1);
    expect(await calls('any1')).toEqual(before.any1);
    expect(readFileSync(join(project, '.kplay/clusters/alpha/inventory.yml'), 'utf8')).toMatch(/control_plane:\n\s+hosts:\n\s+cp1:[\s\S]*cp2:[\s\S]*cp3:[\s\S]*workers:/);

    const stateBefore = readFileSync(join(project, '.kplay/state/hosts.json'), 'utf8');
    writeCluster('alpha', { controlPlanes: 1, workers: 3, podCIDR: '10.32.0.0/16' });
    out = '';
    expect(await kplay('up', file)).toBe(4);
    expect(out).toContain('ERROR! cluster alpha has 3 control planes (cp1, cp2, cp3) and cluster.yml asks for 1: kplay cluster up only adds nodes.');
    expect(out).toContain(`The error appears to be in '${file}': line 3, column 1`);
    expect(readFileSync(join(project, '.kplay/state/hosts.json'), 'utf8')).toBe(stateBefore);
    writeCluster('alpha', { controlPlanes: 3, workers: 3, podCIDR: '10.32.0.0/16' });
  }, 300_000);

  it('repair reruns one role on one host: a worker that lost its kubelet.conf joins again', async () => {
    await cl.lab.exec(cl.machine('w2').host, 'rm -f /etc/kubernetes/kubelet.conf');
    const joinsBefore = (await calls('w2')).filter((c) => c.startsWith('kubeadm join')).length;
    out = '';
    expect(await kplay('repair', join(project, 'alpha.yml'), 'w2', '--role', 'kubeadm_join')).toBe(0);
    expect((await calls('w2')).filter((c) => c.startsWith('kubeadm join'))).toHaveLength(joinsBefore + 1);
    expect(out).not.toMatch(/TASK \[containerd/);
    expect(out).toContain('PLAY [Run role kubeadm_init, kubeadm_join]');
    expect(out).toContain('w2: repaired (kubeadm_init, kubeadm_join)');
    expect((await states())['w2']).toEqual({ state: 'in-cluster', cluster: 'alpha' });
  });

  it('remove: kubeadm reset on the host, the node forgotten, powered off, back to ready, out of the inventory', async () => {
    out = '';
    expect(await kplay('remove', join(project, 'alpha.yml'), 'any1')).toBe(0);
    expect((await calls('any1')).at(-1)).toBe('kubeadm reset --force');
    expect((await fullCalls('cp1')).at(-1)).toEqual(['kubectl', '--kubeconfig', '/etc/kubernetes/admin.conf', 'delete', 'node', 'any1', '--ignore-not-found']);
    expect(out).toContain(`note: ${join(project, 'alpha.yml')} still asks for 3 (workers); set workers: 2 there, or the next kplay cluster up picks a host again`);
    expect(cl.machine('any1').bmc.hookLog().at(-1)).toBe('set power 0');
    expect(await sshActive('any1')).toBe(false);
    expect((await states())['any1']).toEqual({ state: 'ready' });
    expect(readFileSync(join(project, '.kplay/clusters/alpha/inventory.yml'), 'utf8')).not.toContain('any1');
    expect(await kplay('remove', join(project, 'alpha.yml'), 'cp1')).toBe(1);
    expect(out).toContain('cp1 is the first control plane of cluster alpha');
  });

  it('the BMC password is in no output, inventory, record or run log', () => {
    const files = [join(project, '.kplay/state/hosts.json'), join(project, '.kplay/clusters/alpha/cluster.json'), join(project, '.kplay/clusters/alpha/inventory.yml')];
    const runs = join(project, '.kplay/runs');
    if (existsSync(runs)) files.push(...readdirSync(runs).map((f) => join(runs, f)));
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain(cl.bmcPassword);
    expect(allOut.length).toBeGreaterThan(1000);
    expect(allOut).not.toContain(cl.bmcPassword);
  });
});
