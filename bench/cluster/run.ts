/**
 * bench/cluster: how long a cluster build takes with hosts provisioned ahead of time
 * (power on + SSH + content) versus with provisioning in the loop (PXE install + content),
 * as a ratio (the seed claim: ≤ 0.5), with each phase's time.
 *
 *   npm run build && npx tsx bench/cluster/run.ts [--workers 2] [--no-pxe]
 *
 * Ahead: systemd lab hosts with an ipmi_sim BMC each (power = the host's sshd), state
 * `ready`, `kplay cluster up` in-process with the real content and stand-in kubeadm.
 * In the loop: QEMU VMs PXE-installed by the built `kplay pool provision` (the
 * test/provision/e2e lab: ipmi_sim + dnsmasq + iPXE + the lab installer). The installed
 * VMs' minimal OS cannot run the Kubernetes content, so the in-loop content phase is the
 * one measured on the lab hosts: in-loop total = PXE install (all hosts in parallel) + content.
 * Needs root. Not part of CI.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { runPlaybookCommand } from '../../src/cli/playbook-command.js';
import { clusterUp, loadClusterSpec } from '../../src/cluster/index.js';
import { loadPools } from '../../src/provision/pools/index.js';
import { openHostStateStore } from '../../src/provision/store/index.js';
import { startClusterLab } from '../../test/cluster/helpers/cluster-lab.js';
import { missingTools, startE2eLab } from '../../test/provision/e2e/lab.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

interface AheadPhases {
  select: number;
  powerAndSsh: number;
  content: number;
  total: number;
}

async function ahead(workers: number): Promise<AheadPhases> {
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
          if (/power (on|was on)/.test(line)) marks['power'] ??= performance.now();
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
    const power = marks['power'] ?? t0;
    return { select: power - t0, powerAndSsh: (marks['content'] ?? power) - power, content, total };
  } finally {
    await cl.stop();
  }
}

async function pxeInstall(hosts: number): Promise<{ wall: number; perHost: string[] } | string> {
  const missing = missingTools();
  if (missing.length) return `skipped (missing: ${missing.join(', ')})`;
  const lab = await startE2eLab(hosts);
  try {
    const t0 = performance.now();
    const r = await lab.kplay(['pool', 'provision', 'pools.yml', '--timeout', '300', '--ssh-timeout', '120'], 600_000);
    const wall = performance.now() - t0;
    if (r.code !== 0) return `failed (exit ${r.code}): ${r.stderr.slice(-400)}`;
    return { wall, perHost: r.stdout.split('\n').filter((l) => / provisioned in /.test(l)) };
  } finally {
    await lab.destroy();
  }
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const workers = Number(arg('workers', '2'));
console.log(`bench/cluster: 1 control plane + ${workers} workers`);
const a = await ahead(workers);
const pxe = process.argv.includes('--no-pxe') ? 'skipped (--no-pxe)' : await pxeInstall(1 + workers);
const rows: Array<[string, string, string]> = [
  ['pick hosts, record, inventory', s(a.select), '(same)'],
  ['power on (IPMI) + SSH up', s(a.powerAndSsh), '-'],
  ['PXE install (all hosts in parallel)', '-', typeof pxe === 'string' ? pxe : s(pxe.wall)],
  ['content (playbooks/site.yml)', s(a.content), s(a.content) + ' (lab figure)'],
];
const inLoop = typeof pxe === 'string' ? undefined : a.select + pxe.wall + a.content;
rows.push(['total', s(a.total), inLoop === undefined ? '-' : s(inLoop)]);
const w = [38, 12, 34];
console.log(['phase', 'ahead', 'in the loop'].map((c, i) => c.padEnd(w[i] ?? 10)).join(' | '));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i] ?? 10)).join(' | '));
if (typeof pxe !== 'string') for (const l of pxe.perHost) console.log(`  ${l}`);
if (inLoop !== undefined) console.log(`ratio ahead / in the loop: ${(a.total / inLoop).toFixed(2)} (target <= 0.5)`);
