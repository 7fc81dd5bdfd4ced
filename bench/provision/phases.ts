/**
 * One host's provisioning, cut into the phases from what kplay reported (its
 * `done` line: each flow phase's duration from HostResult; its progress lines: when each
 * phase began and each boot file was asked for) and what dnsmasq logged (DHCP per MAC).
 */
import type { Line, Observation } from './observe.js';

export const PHASE_NAMES = ['ipmi', 'dhcp', 'boot files', 'install', 'callback', 'reboot', 'ssh', 'finish'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

export const PHASE_MEANING: Readonly<Record<PhaseName, string>> = {
  ipmi: 'IPMI: power off if on, boot device PXE, power on (kplay phase ipmi)',
  dhcp: 'power on -> first DHCPACK to the boot MAC (VM start, firmware, DHCP)',
  'boot files': 'first DHCPACK -> last boot file asked for (iPXE script, kernel, initrd)',
  install: 'initrd asked for -> installer calls back (kernel boot, answer file, image write)',
  callback: 'callback received -> kplay in its next phase',
  reboot: 'image profiles: boot device disk, power cycle (kplay phase reboot)',
  ssh: 'SSH answers with the profile key, boot MAC checked (kplay phase ssh)',
  finish: 'boot device disk, state provisioned (kplay phase finish)',
};

export interface HostPhases {
  readonly host: string;
  readonly outcome: string;
  /** kplay's own figure for the host (HostResult.totalMs). */
  readonly totalMs: number | undefined;
  readonly phases: Partial<Record<PhaseName, number>>;
  /** Milliseconds since kplay started, for every mark seen. */
  readonly marks: Record<string, number>;
  /** dnsmasq's DHCPDISCOVER -> DHCPACK for the first lease, the exchange alone. */
  readonly dhcpExchangeMs?: number;
  /** Part of install: initrd asked for -> the installer's first request (answer file or image): kernel and initrd loaded, kernel boots. */
  readonly kernelBootMs?: number;
}

const secs = (s: string): number => Math.round(Number(s.replace(/s$/, '')) * 1000);

/** `node1: provisioned in 41.2s at 10.77.0.11 (ipmi 1.1s, install 30.0s, ssh 9.1s, finish 0.4s; boot: kernel +6.0s, …)` */
function doneLine(lines: readonly Line[], host: string): { outcome: string; totalMs: number; phases: Record<string, number> } | undefined {
  for (const { text } of lines) {
    const m = new RegExp(`^${host}: (provisioned|ready) in ([\\d.]+)s at \\S+ \\((.*); boot: .*\\)$`).exec(text);
    if (!m) continue;
    const phases: Record<string, number> = {};
    for (const part of (m[3] ?? '').split(', ')) {
      const [name, value] = part.split(' ');
      if (name && value) phases[name] = secs(value);
    }
    return { outcome: m[1] ?? '', totalMs: secs(m[2] ?? '0'), phases };
  }
  const failed = lines.find((l) => l.text.startsWith(`${host}: FAILED`));
  return failed ? { outcome: failed.text, totalMs: NaN, phases: {} } : undefined;
}

function firstAt(lines: readonly Line[], test: (text: string) => boolean): number | undefined {
  return lines.find((l) => test(l.text))?.t;
}

export function hostPhases(o: Observation, node: { name: string; mac: string }): HostPhases {
  const host = node.name;
  const marks: Record<string, number> = {};
  for (const { t, text } of o.stdout) {
    const m = /^(\S+): (?:served )?([a-z-]+)$/.exec(text);
    if (m?.[1] === host && m[2]) marks[text.includes('served') ? `served ${m[2]}` : m[2]] ??= t;
  }
  const mac = node.mac.toLowerCase();
  const discover = firstAt(o.dnsmasq, (s) => /DHCPDISCOVER\(/.test(s) && s.toLowerCase().includes(mac));
  const ack = firstAt(o.dnsmasq, (s) => /DHCPACK\(/.test(s) && s.toLowerCase().includes(mac));
  if (discover !== undefined) marks['dhcp discover'] = discover;
  if (ack !== undefined) marks['dhcp ack'] = ack;
  const qemu = o.qemuStarts.get(host)?.[0]?.t;
  if (qemu !== undefined) marks['qemu started'] = qemu;
  const done = doneLine(o.stdout, host);
  const span = (from: number | undefined, to: number | undefined): number | undefined => (from !== undefined && to !== undefined ? Math.round(to - from) : undefined);
  const lastFile = marks['served initrd'] ?? marks['served kernel'] ?? marks['served ipxe-script'];
  const afterCallback = marks['reboot'] ?? marks['ssh'];
  const measured: Partial<Record<PhaseName, number | undefined>> = {
    ipmi: done?.phases['ipmi'],
    dhcp: span(marks['install'], ack),
    'boot files': span(ack, lastFile),
    install: span(lastFile, marks['served callback']),
    callback: span(marks['served callback'], afterCallback),
    reboot: done?.phases['reboot'],
    ssh: done?.phases['ssh'],
    finish: done?.phases['finish'],
  };
  const phases = Object.fromEntries(Object.entries(measured).filter((e): e is [PhaseName, number] => e[1] !== undefined)) as Partial<Record<PhaseName, number>>;
  const exchange = span(discover, ack);
  const installerAsks = [marks['served answer-file'], marks['served image']].filter((t): t is number => t !== undefined);
  const kernelBoot = span(lastFile, installerAsks.length ? Math.min(...installerAsks) : undefined);
  return {
    host,
    outcome: done?.outcome ?? 'no result',
    totalMs: done?.totalMs,
    phases,
    marks,
    ...(exchange !== undefined ? { dhcpExchangeMs: exchange } : {}),
    ...(kernelBoot !== undefined ? { kernelBootMs: kernelBoot } : {}),
  };
}
