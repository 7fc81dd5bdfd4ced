/**
 * The test environment of the Kubernetes content: systemd test hosts whose only apt source is
 * a local repository holding the stand-in kubeadm/kubelet/kubectl and real Debian packages
 * (containerd, runc, NFS ...) fetched with apt on the controller, and an inventory with the
 * groups site.yml expects.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildAptRepo, isolateAptSourcesScript, type AptRepo } from '../fixtures/apt-repo.js';
import { startLab, type Lab, type TestHost } from '../lab/index.js';
import { kubernetesStandIns } from './standins.js';

const run = promisify(execFile);

/** Real Debian packages the roles install, and what they need that the controller lacks. */
export const REAL_PACKAGES = ['containerd', 'runc', 'nfs-kernel-server', 'nfs-common', 'systemd-timesyncd', 'ca-certificates', 'curl', 'gnupg'];
const DEB_CACHE = '/var/cache/kplay-test-debs';

async function fetchRealDebs(): Promise<string[]> {
  mkdirSync(join(DEB_CACHE, 'partial'), { recursive: true });
  await run('apt-get', ['install', '--download-only', '-y', '-qq', '--no-install-recommends', '-o', `Dir::Cache::archives=${DEB_CACHE}`, ...REAL_PACKAGES], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 16 << 20 });
  return readdirSync(DEB_CACHE).filter((f) => f.endsWith('.deb'));
}

export interface ClusterEnv {
  readonly lab: Lab;
  readonly repo: AptRepo;
  readonly dir: string;
  readonly inventory: string;
  readonly groups: { controlPlanes: TestHost[]; workers: TestHost[]; nfs: TestHost[] };
  stop(): Promise<void>;
}

export interface ClusterShape {
  readonly controlPlanes: number;
  readonly workers: number;
  readonly nfs: number;
}

/** Variables that adapt the roles to test hosts: what a namespace cannot do is switched off. */
function testVars(repo: AptRepo): string[] {
  return [
    `kube_packages_repo_url=file:${repo.dir}`,
    'kube_packages_repo_suites=./',
    'kube_packages_repo_trusted=true',
    // Loading kernel modules and the kernel's NFS server are not the test hosts' to use.
    'kernel_modules_load_now=false',
    'nfs_server_service_enabled=false',
    // net.bridge.* exist only with br_netfilter loaded in the kernel: write the file, do not apply.
    'sysctl_apply=false',
    'prep_apt_cache_valid_time=0',
    // Test hosts may not set the clock: the lab masks time sync units.
    "prep_time_sync_service=''",
  ];
}

export async function startClusterEnv(shape: ClusterShape): Promise<ClusterEnv> {
  const debs = await fetchRealDebs();
  const dir = mkdtempSync('/var/tmp/kplay-k8s-');
  const repoDir = join(dir, 'repo');
  mkdirSync(repoDir, { recursive: true });
  for (const d of debs) copyFileSync(join(DEB_CACHE, d), join(repoDir, d));
  const repo = await buildAptRepo(kubernetesStandIns(), { dir: repoDir });
  await run('chmod', ['-R', 'a+rX', dir]);
  const total = shape.controlPlanes + shape.workers + shape.nfs;
  const lab = await startLab({ hosts: total, systemd: true });
  try {
    await Promise.all(
      lab.hosts.map(async (h) => {
        const r = await lab.exec(h, `${isolateAptSourcesScript(repo.dir)}\napt-get update -q >/dev/null`);
        if (r.code !== 0) throw new Error(`apt set-up on ${h.name}: ${r.stderr}`);
      }),
    );
    const controlPlanes = lab.hosts.slice(0, shape.controlPlanes);
    const workers = lab.hosts.slice(shape.controlPlanes, shape.controlPlanes + shape.workers);
    const nfs = lab.hosts.slice(shape.controlPlanes + shape.workers);
    const line = (h: TestHost) => `${h.name} ansible_host=${h.address}`;
    const inventory = join(dir, 'inventory.ini');
    writeFileSync(
      inventory,
      [
        '[control_plane]',
        ...controlPlanes.map(line),
        '[workers]',
        ...workers.map(line),
        '[nfs]',
        ...nfs.map(line),
        '[all:vars]',
        'ansible_user=root',
        `ansible_ssh_private_key_file=${lab.keyFile}`,
        'ansible_python_interpreter=/usr/bin/python3',
        "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'",
        ...testVars(repo),
        '',
      ].join('\n'),
    );
    return {
      lab,
      repo,
      dir,
      inventory,
      groups: { controlPlanes, workers, nfs },
      stop: async () => {
        await lab.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
