/**
 * bench/provision: wall time of the built `kplay pool provision` for 1 host and for 3 hosts
 * in parallel (target: 3 in parallel <= 1.3 x one), and each host's phases (IPMI, DHCP, boot
 * files, install, callback, SSH), in the QEMU lab of test/provision/e2e (ipmi_sim BMCs,
 * dnsmasq, iPXE, the lab installer): a fresh lab for each host count.
 *
 *   npm run build && npx tsx bench/provision/run.ts [--hosts 1,3] [--profile image|netboot] [--out FILE.json]
 *
 * image (default): the deploy ramdisk writes the lab's disk image, kplay sets boot device disk
 * and power-cycles, SSH answers from the installed disk; netboot: the installer runs from RAM.
 *
 * Needs root (network namespace, taps). Not part of CI. CPU-heavy: the VMs run under TCG.
 */
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingTools, startE2eLab, type LabProfile } from '../../test/provision/e2e/lab.js';
import { observeKplay, type Observation } from './observe.js';
import { hostPhases, PHASE_MEANING, PHASE_NAMES, type HostPhases, type PhaseName } from './phases.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

interface RunResult {
  readonly hosts: number;
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly loadBefore: number;
  readonly perHost: readonly HostPhases[];
  /** CPU time the VMs (QEMU, TCG) and kplay used during the run. */
  readonly cpu: { readonly qemuMs: Readonly<Record<string, number>>; readonly kplayMs: number };
  readonly failure?: string;
}

async function runOnce(count: number, profile: LabProfile): Promise<RunResult> {
  const lab = await startE2eLab(count, { profile });
  try {
    const loadBefore = loadavg()[0] ?? 0;
    const o: Observation = await observeKplay(lab, ['pool', 'provision', 'pools.yml', '--timeout', '900', '--ssh-timeout', '300'], 1_200_000);
    const perHost = lab.nodes.map((n) => hostPhases(o, n));
    const failure = o.code === 0 ? undefined : `exit ${o.code}: ${[...o.stdout, ...o.stderr].map((l) => l.text).join('\n').slice(-800)}`;
    const cpu = { qemuMs: Object.fromEntries(o.qemuCpuMs), kplayMs: o.kplayCpuMs };
    return { hosts: count, wallMs: o.wallMs, exitCode: o.code, loadBefore, perHost, cpu, ...(failure ? { failure } : {}) };
  } finally {
    await lab.destroy();
  }
}

const s = (ms: number | undefined): string => (ms === undefined || Number.isNaN(ms) ? '-' : `${(ms / 1000).toFixed(1)} s`);

function stat(r: RunResult, pick: (h: HostPhases) => number | undefined): { mean?: number; max?: number } {
  const v = r.perHost.map(pick).filter((x): x is number => x !== undefined && !Number.isNaN(x));
  if (v.length === 0) return {};
  return { mean: v.reduce((a, b) => a + b, 0) / v.length, max: Math.max(...v) };
}

function table(results: readonly RunResult[]): string {
  const head = ['phase', ...results.map((r) => (r.hosts === 1 ? '1 host' : `${r.hosts} hosts: mean / max`))];
  const rows: string[][] = [];
  const cell = (r: RunResult, pick: (h: HostPhases) => number | undefined): string => {
    const { mean, max } = stat(r, pick);
    return r.hosts === 1 ? s(mean) : `${s(mean)} / ${s(max)}`;
  };
  const shown = PHASE_NAMES.filter((p) => results.some((r) => r.perHost.some((h) => h.phases[p] !== undefined)));
  for (const p of shown) rows.push([p, ...results.map((r) => cell(r, (h) => h.phases[p as PhaseName]))]);
  rows.push(['(dhcp: DISCOVER -> ACK alone)', ...results.map((r) => cell(r, (h) => h.dhcpExchangeMs))]);
  rows.push(['(install: kernel load + boot)', ...results.map((r) => cell(r, (h) => h.kernelBootMs))]);
  rows.push(['host total (kplay)', ...results.map((r) => cell(r, (h) => h.totalMs))]);
  rows.push(['wall (kplay process)', ...results.map((r) => s(r.wallMs))]);
  const qemuSum = (r: RunResult): number => Object.values(r.cpu.qemuMs).reduce((a, b) => a + b, 0);
  rows.push(['CPU: QEMU per VM (mean)', ...results.map((r) => s(qemuSum(r) / Math.max(1, r.hosts)))]);
  rows.push(['CPU: kplay process', ...results.map((r) => s(r.cpu.kplayMs))]);
  rows.push([`CPU floor: VMs' CPU / ${cpus().length} cores`, ...results.map((r) => s(qemuSum(r) / Math.min(r.hosts, cpus().length)))]);
  rows.push(['load average before', ...results.map((r) => r.loadBefore.toFixed(1))]);
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((row) => (row[i] ?? '').length)));
  const fmt = (row: readonly string[]): string => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(fmt)].join('\n');
}

const missing = missingTools();
if (missing.length) {
  console.log(`bench/provision: skipped (missing: ${missing.join(', ')})`);
  process.exit(0);
}
const counts = arg('hosts', '1,3').split(',').map(Number);
const out = arg('out', join(import.meta.dirname, 'result.json'));
const profile: LabProfile = arg('profile', 'image') === 'netboot' ? 'netboot' : 'image';
console.log(`bench/provision: kplay pool provision, ${profile} profile, ${counts.join(' then ')} host(s), ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`);
const results: RunResult[] = [];
for (const n of counts) {
  const r = await runOnce(n, profile);
  results.push(r);
  console.log(`  ${n} host(s): ${s(r.wallMs)}${r.failure ? ` FAILED (${r.failure.split('\n').slice(-3).join(' / ')})` : ''}`);
}
console.log(`\n${table(results)}\n`);
for (const p of PHASE_NAMES) console.log(`  ${p.padEnd(10)} ${PHASE_MEANING[p]}`);
const one = results.find((r) => r.hosts === 1 && !r.failure);
const many = results.find((r) => r.hosts > 1 && !r.failure);
const ratio = one && many ? many.wallMs / one.wallMs : undefined;
if (ratio !== undefined && many) console.log(`\nratio ${many.hosts} in parallel / 1: ${ratio.toFixed(2)} (target <= 1.3)`);
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), profile, cpus: cpus().length, ratio, phaseMeaning: PHASE_MEANING, results }, null, 2) + '\n');
console.log(`result: ${out}`);
