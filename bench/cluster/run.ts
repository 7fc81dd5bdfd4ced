/**
 * bench/cluster: how long a cluster build takes with hosts provisioned ahead of time
 * (power on + SSH + content) versus with provisioning in the loop (PXE install + content),
 * as a ratio (the seed claim: <= 0.5), with each phase's time.
 *
 *   npm run build && npx tsx bench/cluster/run.ts [--workers 2] [--profile image|netboot] [--no-pxe]
 *
 * Machines: QEMU VMs of the test/provision/e2e lab, driven by the built kplay (see
 * vm-bring-up.ts): in the loop = `kplay pool provision` + `kplay cluster up` until its
 * playbook starts; ahead = the provisioned VMs powered off, `kplay cluster up` until its
 * playbook starts (IPMI power on, boot from the installed disk, SSH).
 * Content: the VMs' minimal OS cannot run the Kubernetes content, so playbooks/site.yml is
 * timed on systemd lab hosts (lab-content.ts) and that one figure is added to both sides.
 * Needs root. Not part of CI.
 */
import { missingTools, startE2eLab, type LabProfile } from '../../test/provision/e2e/lab.js';
import type { HostPhases, PhaseName } from '../provision/phases.js';
import { contentOnLabHosts } from './lab-content.js';
import { vmBringUp, type VmBringUp } from './vm-bring-up.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function onVms(hosts: number, profile: LabProfile): Promise<VmBringUp | string> {
  const missing = missingTools();
  if (missing.length) return `skipped (missing: ${missing.join(', ')})`;
  const lab = await startE2eLab(hosts, { profile });
  try {
    return await vmBringUp(lab, profile === 'image');
  } catch (e) {
    return `failed: ${(e as Error).message}`;
  } finally {
    await lab.destroy();
  }
}

const s = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

function meanPhase(phases: readonly HostPhases[], p: PhaseName): number | undefined {
  const v = phases.map((h) => h.phases[p]).filter((x): x is number => x !== undefined);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
}

const workers = Number(arg('workers', '2'));
const profile: LabProfile = arg('profile', 'image') === 'netboot' ? 'netboot' : 'image';
console.log(`bench/cluster: 1 control plane + ${workers} workers, VMs installed with the lab's ${profile} profile`);
const lab = await contentOnLabHosts(workers);
const vm = process.argv.includes('--no-pxe') ? 'skipped (--no-pxe)' : await onVms(1 + workers, profile);

const rows: Array<[string, string, string]> = [];
let ahead: number | undefined;
let inLoop: number | undefined;
if (typeof vm === 'string') {
  rows.push(['VMs', vm, vm]);
} else {
  const aheadVm = typeof vm.ahead === 'string' ? undefined : vm.ahead;
  rows.push(['PXE install: kplay pool provision (VMs in parallel)', '-', s(vm.provisionMs)]);
  for (const p of ['ipmi', 'dhcp', 'boot files', 'install', 'callback', 'reboot', 'ssh', 'finish'] as const) {
    const m = meanPhase(vm.provisionPhases, p);
    if (m !== undefined) rows.push([`  ${p} (mean per host)`, '-', s(m)]);
  }
  const dash = typeof vm.ahead === 'string' ? vm.ahead : '-';
  rows.push(['cluster up: kplay start, pick hosts', aheadVm ? s(aheadVm.pickMs) : dash, s(vm.loop.pickMs)]);
  rows.push(['cluster up: power on (IPMI) + boot + SSH', aheadVm ? s(aheadVm.powerAndSshMs) : dash, `${s(vm.loop.powerAndSshMs)} (already on)`]);
  rows.push(['cluster up: to playbook start (all of it)', aheadVm ? s(aheadVm.totalMs) : dash, s(vm.loop.totalMs)]);
  ahead = aheadVm === undefined ? undefined : aheadVm.totalMs + lab.content;
  inLoop = vm.provisionMs + vm.loop.totalMs + lab.content;
}
rows.push(['content: playbooks/site.yml (lab hosts)', s(lab.content), s(lab.content)]);
rows.push(['total', s(ahead), s(inLoop)]);
const w = [52, 16, 30];
console.log(['phase', 'ahead', 'in the loop'].map((c, i) => c.padEnd(w[i] ?? 10)).join(' | '));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i] ?? 10)).join(' | '));
console.log(`\nlab hosts (content side): pick ${s(lab.select)}, power on (sshd starts) + SSH ${s(lab.powerAndSsh)}, content ${s(lab.content)}, cluster up ${s(lab.total)}`);
if (typeof vm !== 'string' && !vm.imageProfile) console.log('the lab VMs were PXE-booted with the netboot installer profile: no installed disk, so "ahead" has no VM figure');
if (ahead !== undefined && inLoop !== undefined) console.log(`ratio ahead / in the loop: ${(ahead / inLoop).toFixed(2)} (target <= 0.5)`);
else if (inLoop !== undefined) {
  const standIn = lab.select + lab.powerAndSsh + lab.content;
  console.log(`ratio with the lab hosts' power on (sshd start, not a boot) as "ahead": ${(standIn / inLoop).toFixed(2)} (a lower bound; target <= 0.5)`);
}
