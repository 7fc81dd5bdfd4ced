/**
 * The cluster tests' machines: systemd lab hosts whose apt source is a local repository with
 * the stand-in Kubernetes packages (and the real Debian ones the roles install), one ipmi_sim
 * BMC per host powering its sshd, and a project directory with pools.yml and a state store
 * in which every host is `ready` (its OS installed ahead of time).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openHostStateStore } from '../../../src/provision/store/index.js';
import { buildAptRepo, isolateAptSourcesScript, type AptRepo } from '../../fixtures/apt-repo.js';
import { REAL_PACKAGES } from '../../k8s/cluster-env.js';
import { startLab, type Lab, type TestHost } from '../../lab/index.js';
import { startLabBmc, type LabBmc } from './lab-bmc.js';
import { clusterStandIns } from './standins.js';

const run = promisify(execFile);
const DEB_CACHE = '/var/cache/kplay-test-debs';

export interface PoolMachine {
  readonly name: string;
  readonly role: 'control-plane' | 'worker' | 'storage' | 'any';
  readonly order: number;
}

export interface ClusterLab {
  readonly lab: Lab;
  readonly repo: AptRepo;
  readonly dir: string;
  readonly bmcPassword: string;
  readonly machines: readonly (PoolMachine & { readonly host: TestHost; readonly bmc: LabBmc })[];
  machine(name: string): PoolMachine & { readonly host: TestHost; readonly bmc: LabBmc };
  /** A fresh project directory: pools.yml for the machines, every host `ready` in its store. */
  newProject(): Promise<string>;
  /** Role variables that fit test hosts (as test/k8s does). */
  readonly testVars: Record<string, unknown>;
  stop(): Promise<void>;
}

async function repoWithStandIns(dir: string): Promise<AptRepo> {
  mkdirSync(join(DEB_CACHE, 'partial'), { recursive: true });
  await run('apt-get', ['install', '--download-only', '-y', '-qq', '--no-install-recommends', '-o', `Dir::Cache::archives=${DEB_CACHE}`, ...REAL_PACKAGES], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 16 << 20 });
  const repoDir = join(dir, 'repo');
  mkdirSync(repoDir, { recursive: true });
  for (const d of readdirSync(DEB_CACHE).filter((f) => f.endsWith('.deb'))) copyFileSync(join(DEB_CACHE, d), join(repoDir, d));
  const repo = await buildAptRepo(clusterStandIns(), { dir: repoDir });
  await run('chmod', ['-R', 'a+rX', dir]);
  return repo;
}

function poolsYaml(machines: ClusterLab['machines'], keyFile: string): string {
  const hosts = machines.map(
    (m, i) =>
      `      - {name: ${m.name}, order: ${m.order}, role: ${m.role}, bootMACAddress: "52:54:00:c1:00:${(16 + i).toString(16)}", bmc: {address: "ipmi://127.0.0.1:${m.bmc.port}"}, ssh: {address: ${m.host.address}}}`,
  );
  return `profiles:
  installed: {image: http://127.0.0.1/unused.img}
pools:
  rack1:
    defaults:
      profile: installed
      bmc: {username: admin, password: {file: bmc-password}}
      ssh: {user: root, privateKeyFile: ${keyFile}}
    hosts:
${hosts.join('\n')}
`;
}

export async function startClusterLab(machines: readonly PoolMachine[]): Promise<ClusterLab> {
  const dir = mkdtempSync('/var/tmp/kplay-cluster-');
  const bmcPassword = `bmc${Math.random().toString(36).slice(2, 12)}`;
  const repo = await repoWithStandIns(dir);
  const lab = await startLab({ hosts: machines.length, systemd: true });
  const bmcs: LabBmc[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(bmcs.map((b) => b.stop()));
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(
      lab.hosts.map(async (h) => {
        const r = await lab.exec(h, `${isolateAptSourcesScript(repo.dir)}\napt-get update -q >/dev/null`);
        if (r.code !== 0) throw new Error(`apt set-up on ${h.name}: ${r.stderr}`);
      }),
    );
    for (const h of lab.hosts) bmcs.push(await startLabBmc(h, bmcPassword));
    const list = machines.map((m, i) => ({ ...m, host: lab.hosts[i]!, bmc: bmcs[i]! }));
    let projects = 0;
    return {
      lab,
      repo,
      dir,
      bmcPassword,
      machines: list,
      machine: (name) => {
        const m = list.find((x) => x.name === name);
        if (!m) throw new Error(`no machine ${name}`);
        return m;
      },
      testVars: {
        kube_packages_repo_url: `file:${repo.dir}`,
        kube_packages_repo_suites: './',
        kube_packages_repo_trusted: true,
        kernel_modules_load_now: false,
        nfs_server_service_enabled: false,
        sysctl_apply: false,
        prep_apt_cache_valid_time: 0,
        prep_time_sync_service: '',
        ansible_ssh_common_args: '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null',
      },
      async newProject() {
        const project = join(dir, `project${++projects}`);
        mkdirSync(project);
        writeFileSync(join(project, 'bmc-password'), bmcPassword, { mode: 0o600 });
        writeFileSync(join(project, 'pools.yml'), poolsYaml(list, lab.keyFile));
        const store = openHostStateStore(project);
        for (const m of list) {
          for (const to of [{ state: 'registered' }, { state: 'provisioning' }, { state: 'provisioned' }, { state: 'ready' }] as const) {
            await store.transition({ host: m.name, pool: 'rack1', to });
          }
        }
        return project;
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
