/** Waiting for a systemd host to finish booting, and saying why when it does not. */
import type { TestHost } from './api.js';
import { execInHost } from './host-ops.js';

export class SystemdBootError extends Error {
  constructor(
    readonly host: string,
    readonly state: string,
    readonly failedUnits: string,
  ) {
    super(`systemd on ${host} is "${state}", not "running"; failed units:\n${failedUnits}`);
    this.name = 'SystemdBootError';
  }
}

/** Resolves when `systemctl is-system-running` says running; throws on degraded and the rest. */
export async function settleSystemd(host: TestHost): Promise<void> {
  const r = await execInHost(host, 'timeout 60 systemctl is-system-running --wait');
  const state = r.stdout.trim().split('\n').pop() ?? '';
  if (state === 'running') return;
  const failed = await execInHost(host, 'systemctl --failed --no-legend --plain; tail -n 30 /dev/console 2>/dev/null || true');
  throw new SystemdBootError(host.name, state || `exit ${r.code}: ${r.stderr.trim()}`, failed.stdout.trim());
}
