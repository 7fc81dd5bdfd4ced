/**
 * The content side of bench/cluster: `kplay cluster up` in-process on systemd lab hosts
 * (test/cluster's lab: an ipmi_sim BMC per host, power = the host's sshd) with the real
 * playbooks/site.yml and stand-in kubeadm. Its content phase is the figure both sides of the
 * ratio use; its power-on phase is a namespace starting sshd, not a machine booting.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { runPlaybookCommand } from '../../src/cli/playbook-command.js';
import { clusterUp, loadClusterSpec } from '../../src/cluster/index.js';
import { loadPools } from '../../src/provision/pools/index.js';
import { openHostStateStore } from '../../src/provision/store/index.js';
import { startClusterLab } from '../../test/cluster/helpers/cluster-lab.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface LabHostPhases {
  /** Spec loaded, hosts picked and recorded (up to the first "HOST: ROLE" line). */
  select: number;
  /** Picked -> playbook started: IPMI power on (the lab host's sshd starts) + SSH + inventory. */
  powerAndSsh: number;
  /** playbooks/site.yml with the stand-in Kubernetes packages. */
  content: number;
  total: number;
}

export async function contentOnLabHosts(workers: number): Promise<LabHostPhases> {
  const machines = [{ name: 'cp1', role: 'control-plane', order: 1 } as const, ...Array.from({ length: workers }, (_, i) => ({ name: `w${i + 1}`, role: 'worker', order: i + 2 }) as const)];
  const cl = await startClusterLab(machines);
  try {
    await Promise.all(cl.machines.map((m) => cl.lab.exec(m.host, 'systemctl stop ssh.socket ssh.service')));
    const project = await cl.newProject();
    const file = join(project, 'cluster.yml');
    writeFileSync(file, stringify({ name: 'bench', pool: 'rack1', controlPlanes: 1, workers, vars: cl.testVars }));
    const log = createWriteStream(join(cl.dir, 'playbook.log'));
    const marks: Record<string, number> = {};
    let content = 0;
    const t0 = performance.now();
    const spec = loadClusterSpec(file);
    await clusterUp(
      {
        projectDir: project,
        pools: loadPools(spec.poolsFile),
        store: openHostStateStore(project),
        defaultPlaybook: join(ROOT, 'playbooks', 'site.yml'),
        log: (line) => {
          if (/^\S+: (control-plane|worker|storage)$/.test(line)) marks['picked'] ??= performance.now();
        },
        runPlaybook: async (req) => {
          const s = performance.now();
          marks['content'] = s;
          const code = await runPlaybookCommand({
            playbooks: [req.playbook],
            syntaxCheck: false,
            list: undefined,
            cwd: project,
            env: { ...process.env, KPLAY_HOME: join(project, '.kplay') },
            out: log,
            err: log,
            flags: { verbosity: 0, check: false, diff: false, inventory: [req.inventory], extraVars: {} },
          });
          content = performance.now() - s;
          return code;
        },
      },
      spec,
    );
    const total = performance.now() - t0;
    const picked = marks['picked'] ?? t0;
    return { select: picked - t0, powerAndSsh: (marks['content'] ?? picked) - picked, content, total };
  } finally {
    await cl.stop();
  }
}
