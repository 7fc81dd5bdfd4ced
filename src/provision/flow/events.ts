import type { BootEventKind } from '../boot/booter.js';

/** `reboot`: image profiles only, the image is written; boot device disk and a power cycle. */
export const PHASES = ['claim', 'ipmi', 'install', 'reboot', 'ssh', 'finish'] as const;
export type Phase = (typeof PHASES)[number];

/** What the CLI shows while hosts are provisioned; immutable records, no live objects. */
export type ProvisionEvent =
  | { readonly kind: 'phase'; readonly host: string; readonly phase: Phase; readonly at: number }
  | { readonly kind: 'boot'; readonly host: string; readonly step: BootEventKind; readonly at: number }
  | { readonly kind: 'done'; readonly host: string; readonly result: HostResult; readonly at: number };

export type HostOutcome = 'provisioned' | 'ready' | 'skipped' | 'error';

export interface HostResult {
  readonly host: string;
  readonly outcome: HostOutcome;
  /** Why it was skipped or failed. */
  readonly reason?: string;
  /** Milliseconds spent in each phase that ran. */
  readonly phases: Partial<Record<Phase, number>>;
  /** Milliseconds from power-on to each boot step kplay's servers saw (iPXE script, kernel, answer file, callback). */
  readonly boot: Partial<Record<BootEventKind, number>>;
  readonly totalMs: number;
  /** Where SSH answered. */
  readonly address?: string;
}
