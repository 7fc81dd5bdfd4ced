/*
 * Where each pool host stands in its life, as plain data. Records hold names, states,
 * times and reasons only: no credentials, no pools.yml objects (the serialiser refuses
 * anything but plain JSON values).
 */

export const HOST_STATES = ['registered', 'provisioning', 'provisioned', 'ready', 'in-cluster', 'deprovisioning', 'error'] as const;
export type HostStateName = (typeof HOST_STATES)[number];

export type HostStatus =
  | { readonly state: 'registered' | 'provisioning' | 'provisioned' | 'deprovisioning' }
  /** OS installed, powered off, waiting for a cluster. */
  | { readonly state: 'ready' }
  | { readonly state: 'in-cluster'; readonly cluster: string }
  | { readonly state: 'error'; readonly reason: string };

export interface TransitionRecord {
  /** ISO 8601, UTC. */
  readonly at: string;
  /** null: the host's first record (registration). */
  readonly from: HostStateName | null;
  readonly to: HostStatus;
  readonly reason?: string;
  /** The kplay run that made the change (events log id). */
  readonly runId?: string;
}

export interface HostRecord {
  readonly host: string;
  readonly pool: string;
  readonly status: HostStatus;
  /** When the host entered `status`. */
  readonly since: string;
  /** Bumped by every transition; 1 after registration. For optimistic checks. */
  readonly version: number;
  /** Oldest first, the most recent `historyLimit` entries. */
  readonly history: readonly TransitionRecord[];
}

export interface TransitionRequest {
  readonly host: string;
  readonly to: HostStatus;
  /** Needed for the first transition (to `registered`); must match afterwards. */
  readonly pool?: string;
  /** The version the caller last saw; 0 means "not in the store yet". Omitted: no check. */
  readonly expectedVersion?: number;
  readonly reason?: string;
  readonly runId?: string;
}

/** `null` is a host the store has never seen. */
const NEXT: Readonly<Record<HostStateName | 'null', readonly HostStateName[]>> = {
  null: ['registered'],
  registered: ['provisioning', 'error'],
  provisioning: ['provisioned', 'error'],
  provisioned: ['ready', 'deprovisioning', 'error'],
  // Reinstalling a ready host goes straight back to provisioning.
  ready: ['in-cluster', 'provisioning', 'deprovisioning', 'error'],
  'in-cluster': ['ready', 'deprovisioning', 'error'],
  deprovisioning: ['registered', 'error'],
  // Out of error: retry the install, wipe, or start over as registered; `ready` again
  // when the error was a failed cluster build (the installed OS is intact).
  error: ['registered', 'provisioning', 'deprovisioning', 'ready'],
};

export function allowedNext(from: HostStateName | null): readonly HostStateName[] {
  return NEXT[from ?? 'null'];
}

export function isAllowed(from: HostStateName | null, to: HostStateName): boolean {
  return allowedNext(from).includes(to);
}
