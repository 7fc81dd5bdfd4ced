/**
 * The Kubernetes content end to end on systemd test hosts: playbooks/site.yml under kplay and
 * under ansible-playbook, the stand-in kubeadm's recorded calls, the files the roles leave,
 * idempotence, extra control planes, and the repair of one host with `kplay role`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from '../lab/index.js';
import { startClusterEnv, type ClusterEnv } from './cluster-env.js';
import { CALLS_LOG, parseCalls } from './standins.js';

const ROOT = resolve(import.meta.dirname, '../..');
const root = process.getuid?.() === 0;

interface Run {
  code: number | null;
  stdout: string;
}

function runTool(tool: 'kplay' | 'ansible', env: ClusterEnv, args: string[]): Promise<Run> {
  const [cmd, argv] = tool === 'kplay' ? ['node', [join(ROOT, 'bin/kplay.js'), ...args]] : ['ansible-playbook', args];
  return new Promise((done) => {
    const child = spawn(cmd, argv as string[], {
      cwd: ROOT,
      env: { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0', KPLAY_HOME: join(env.dir, '.kplay') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => out.push(d));
    child.on('close', (code) => done({ code, stdout: Buffer.concat(out).toString() }));
  });
}

/** host → changed count from the PLAY RECAP. */
function changedByHost(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stdout.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

async function calls(env: ClusterEnv, h: TestHost) {
  return parseCalls(await env.lab.readFile(h, CALLS_LOG));
}

async function sh(env: ClusterEnv, h: TestHost, command: string): Promise<string> {
  const r = await env.lab.exec(h, command);
  return r.stdout.trim();
}

async function expectNodeConfigured(env: ClusterEnv, h: TestHost): Promise<void> {
  expect(await env.lab.readFile(h, '/etc/containerd/config.toml')).toContain('SystemdCgroup = true');
  expect(await env.lab.readFile(h, '/etc/modules-load.d/kubernetes.conf')).toMatch(/^overlay\nbr_netfilter\n$/m);
  const sysctl = (await env.lab.readFile(h, '/etc/sysctl.d/99-kubernetes.conf')) ?? '';
  for (const key of ['net.bridge.bridge-nf-call-iptables=1', 'net.bridge.bridge-nf-call-ip6tables=1', 'net.ipv4.ip_forward=1']) expect(sysctl).toContain(key);
  const fstab = (await env.lab.readFile(h, '/etc/fstab')) ?? '';
  expect(fstab.split('\n').filter((l) => /\sswap\s/.test(l) && !l.startsWith('#'))).toEqual([]);
  expect(await sh(env, h, 'systemctl is-enabled containerd kubelet')).toBe('enabled\nenabled');
  expect(await sh(env, h, "dpkg-query -W -f='${Version} ${Status}\\n' kubeadm")).toBe('1.30.2-1.1 hold ok installed');
  expect(await env.lab.readFile(h, '/etc/kubernetes/kubelet.conf')).toContain('stand-in kubelet.conf');
}

describe.skipIf(!root).each(['kplay', 'ansible'] as const)('site.yml under %s: 1 control plane, 2 workers, 1 NFS host', (tool) => {
  let env: ClusterEnv;
  let first: Run;
  let second: Run;

  beforeAll(async () => {
    env = await startClusterEnv({ controlPlanes: 1, workers: 2, nfs: 1 });
    // Fstab with a swap line, so swap_off has something to comment out.
    for (const h of env.lab.hosts) await env.lab.exec(h, "printf '/swapfile none swap sw 0 0\\n' >> /etc/fstab");
    first = await runTool(tool, env, ['playbooks/site.yml', '-i', env.inventory]);
    second = await runTool(tool, env, ['playbooks/site.yml', '-i', env.inventory]);
  }, 900_000);

  afterAll(async () => {
    await env?.stop();
  });

  it('builds the cluster, then changes nothing on a second run', () => {
    expect(first.code, first.stdout).toBe(0);
    expect(second.code, second.stdout).toBe(0);
    expect(Object.values(changedByHost(second.stdout))).toEqual([0, 0, 0, 0]);
  });

  it('calls kubeadm init once, then joins the workers with the token it made', async () => {
    const [cp] = env.groups.controlPlanes;
    const cpCalls = await calls(env, cp!);
    expect(cpCalls.filter((c) => c.prog === 'kubeadm' && c.args[0] === 'init')).toEqual([{ prog: 'kubeadm', args: ['init', '--config', '/etc/kubernetes/kubeadm-config.yaml', '--upload-certs'] }]);
    for (const w of env.groups.workers) {
      const joins = (await calls(env, w)).filter((c) => c.prog === 'kubeadm');
      expect(joins.length).toBe(1);
      expect(joins[0]!.args.slice(0, 3)).toEqual(['join', `${cp!.address}:6443`, '--token']);
      expect(joins[0]!.args).not.toContain('--control-plane');
    }
    const config = (await env.lab.readFile(cp!, '/etc/kubernetes/kubeadm-config.yaml')) ?? '';
    expect(config).toContain('podSubnet: 10.244.0.0/16');
    expect(config).toContain(`controlPlaneEndpoint: ${cp!.address}:6443`);
  });

  it('leaves every node configured, and the NFS export', async () => {
    for (const h of [...env.groups.controlPlanes, ...env.groups.workers]) await expectNodeConfigured(env, h);
    expect(await env.lab.readFile(env.groups.nfs[0]!, '/etc/exports')).toContain('/srv/nfs/kubernetes *(rw,sync,no_subtree_check,no_root_squash)');
    const applied = (await calls(env, env.groups.controlPlanes[0]!)).filter((c) => c.prog === 'kubectl').map((c) => c.args.at(-1));
    expect(applied).toContain('/etc/kubernetes/cni/calico.yaml');
    expect(applied).toContain('/etc/kubernetes/nfs-provisioner.yaml');
    expect(await env.lab.readFile(env.groups.controlPlanes[0]!, '/etc/kubernetes/cni/calico.yaml')).toContain('cidr: 10.244.0.0/16');
  });

  it.runIf(tool === 'kplay')('repairs one worker with `kplay role containerd`, touching no other host', async () => {
    const [w1, w2] = env.groups.workers;
    await env.lab.exec(w2!, 'rm /etc/containerd/config.toml && systemctl stop containerd');
    const before = await sh(env, w1!, 'stat -c %Y /etc/containerd/config.toml');
    const r = await runTool('kplay', env, ['role', 'containerd', '-i', env.inventory, '-l', w2!.name]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toMatch(new RegExp(`\\[(${[w1!, ...env.groups.controlPlanes].map((h) => h.name).join('|')})\\]`));
    expect(await env.lab.readFile(w2!, '/etc/containerd/config.toml')).toContain('SystemdCgroup = true');
    expect(await sh(env, w2!, 'systemctl is-active containerd')).toBe('active');
    expect(await sh(env, w1!, 'stat -c %Y /etc/containerd/config.toml')).toBe(before);
  });
});

describe.skipIf(!root)('site.yml under kplay: 3 control planes, 2 workers', () => {
  let env: ClusterEnv;
  let run: Run;

  beforeAll(async () => {
    env = await startClusterEnv({ controlPlanes: 3, workers: 2, nfs: 0 });
    run = await runTool('kplay', env, ['playbooks/site.yml', '-i', env.inventory]);
  }, 900_000);

  afterAll(async () => {
    await env?.stop();
  });

  it('joins the extra control planes with --control-plane and the certificate key, never printed', async () => {
    expect(run.code, run.stdout).toBe(0);
    const keys = new Set<string>();
    for (const cp of env.groups.controlPlanes.slice(1)) {
      const join = (await calls(env, cp)).find((c) => c.prog === 'kubeadm' && c.args[0] === 'join');
      expect(join?.args).toContain('--control-plane');
      const key = join!.args[join!.args.indexOf('--certificate-key') + 1]!;
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      keys.add(key);
    }
    expect(keys.size).toBe(1);
    const [key] = [...keys];
    const token = (await calls(env, env.groups.workers[0]!)).find((c) => c.args[0] === 'join')!.args[3]!;
    const logs = readdirSync(join(env.dir, '.kplay/runs')).map((f) => readFileSync(join(env.dir, '.kplay/runs', f), 'utf8'));
    for (const secret of [key!, token]) {
      expect(run.stdout).not.toContain(secret);
      for (const log of logs) expect(log).not.toContain(secret);
    }
    for (const w of env.groups.workers) expect((await calls(env, w)).find((c) => c.args[0] === 'join')?.args).not.toContain('--control-plane');
  });
});
