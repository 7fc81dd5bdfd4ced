/**
 * The machine side of bench/cluster, on QEMU VMs (the test/provision/e2e lab), with the
 * built kplay in the lab's namespace:
 *  - in the loop: `kplay pool provision` (PXE install, all hosts in parallel), then
 *    `kplay cluster up` until its playbook starts (the hosts are on: power check + SSH);
 *  - ahead: the same hosts powered off, then `kplay cluster up` (from a copy of the store as
 *    provisioning left it) until its playbook starts: IPMI power on, boot from the installed
 *    disk, SSH. Only an image profile leaves a bootable disk; without one this is not measured.
 * The playbook is a one-task stand-in (the VMs' minimal OS cannot run the Kubernetes content).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { E2eLab } from '../../test/provision/e2e/lab.js';
import { observeKplay, type Observation } from '../provision/observe.js';
import { hostPhases, type HostPhases } from '../provision/phases.js';

export interface VmBringUp {
  readonly hosts: number;
  readonly imageProfile: boolean;
  /** `kplay pool provision`, the process's wall time. */
  readonly provisionMs: number;
  readonly provisionPhases: readonly HostPhases[];
  /** `kplay cluster up` start -> its playbook starting, hosts already on (in the loop). */
  readonly loop: BringUp;
  /** The same, hosts off before (ahead); a string says why it is missing. */
  readonly ahead: BringUp | string;
}

export interface BringUp {
  /** kplay start -> its playbook starting. */
  readonly totalMs: number;
  /** kplay start -> hosts picked (process start, cluster.yml and pools.yml read, store locked). */
  readonly pickMs: number;
  /** hosts picked -> the last host's `SSH up` (IPMI power on, boot, SSH). */
  readonly powerAndSshMs: number;
}

/** From `kplay cluster up`'s lines: picked (`HOST: ROLE`), `HOST: SSH up`, `running PLAYBOOK`. */
function bringUp(o: Observation, what: string): BringUp {
  const at = (re: RegExp): number[] => o.stdout.filter((l) => re.test(l.text)).map((l) => l.t);
  const [running] = at(/^kplay cluster: running /);
  const [picked] = at(/^kplay cluster: \S+: (control-plane|worker|storage)$/);
  const sshUp = at(/^kplay cluster: \S+: SSH up$/);
  if (o.code !== 0 || running === undefined || picked === undefined || sshUp.length === 0) {
    throw new Error(`${what}: exit ${o.code}: ${[...o.stdout, ...o.stderr].map((l) => l.text).join('\n').slice(-1200)}`);
  }
  return { totalMs: running, pickMs: picked, powerAndSshMs: Math.max(...sshUp) - picked };
}

function writeClusterFiles(lab: E2eLab): void {
  // The lab's hosts are all workers; a cluster needs a control plane: let any host be either.
  writeFileSync(lab.poolsFile, readFileSync(lab.poolsFile, 'utf8').replace(/\brole: worker\b/g, 'role: any'));
  writeFileSync(join(lab.dir, 'noop.yml'), stringify([{ name: 'stand-in content', hosts: 'all', gather_facts: false, tasks: [{ name: 'reach every host', raw: 'true' }] }]));
  writeFileSync(
    join(lab.dir, 'cluster.yml'),
    stringify({ name: 'bench', pool: 'rack1', controlPlanes: 1, workers: lab.nodes.length - 1, playbook: 'noop.yml' }),
  );
}

export async function vmBringUp(lab: E2eLab, imageProfile: boolean): Promise<VmBringUp> {
  writeClusterFiles(lab);
  const provision = await observeKplay(lab, ['pool', 'provision', 'pools.yml', '--timeout', '900', '--ssh-timeout', '300'], 1_200_000);
  if (provision.code !== 0) throw new Error(`kplay pool provision: exit ${provision.code}: ${provision.stdout.map((l) => l.text).join('\n').slice(-1200)}`);
  const provisionPhases = lab.nodes.map((n) => hostPhases(provision, n));
  // The ahead build starts from the store as provisioning left it, in a project of its own.
  const aheadHome = join(lab.dir, 'ahead', '.kplay');
  mkdirSync(join(aheadHome, 'state'), { recursive: true });
  copyFileSync(join(lab.dir, '.kplay', 'state', 'hosts.json'), join(aheadHome, 'state', 'hosts.json'));

  // Fresh VMs, fresh host keys: as a lab would run it (ansible.cfg or the environment).
  const env = { ANSIBLE_HOST_KEY_CHECKING: 'False' };
  const loop = await observeKplay(lab, ['cluster', 'up', 'cluster.yml', '--ssh-timeout', '300'], 600_000, { env });
  const loopBringUp = bringUp(loop, 'in the loop: kplay cluster up');
  let ahead: BringUp | string = 'not measured: without an image profile the lab VMs have no installed disk to boot';
  if (imageProfile) {
    const off = await lab.kplay(['pool', 'power', 'off', 'pools.yml'], 120_000);
    if (off.code !== 0) throw new Error(`kplay pool power off: ${off.stdout}${off.stderr}`);
    const aheadRun = await observeKplay(lab, ['cluster', 'up', 'cluster.yml', '--ssh-timeout', '300'], 600_000, { env: { ...env, KPLAY_HOME: aheadHome } });
    ahead = bringUp(aheadRun, 'ahead: kplay cluster up');
  }
  return { hosts: lab.nodes.length, imageProfile, provisionMs: provision.wallMs, provisionPhases, loop: loopBringUp, ahead };
}
