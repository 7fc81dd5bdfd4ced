import pLimit from 'p-limit';
import { RunError, formatPos } from '../../errors/source-error.js';
import { BootServices } from '../boot/boot-services.js';
import type { Booter } from '../boot/booter.js';
import type { PoolHost } from '../pools/model.js';
import type { Pools } from '../pools/pools.js';
import type { ProvisioningNetwork } from '../pools/provisioning.js';
import { powerDriverFor } from '../power/drivers.js';
import type { PowerDriver } from '../power/driver.js';
import type { HostStateStore } from '../store/store.js';
import type { HostResult, ProvisionEvent } from './events.js';
import { provisionHost } from './provision-host.js';

/** What the flow needs from the boot services (tests give an HTTP-only or in-memory one). */
export interface RunningBootServices {
  readonly booter: Booter;
  stop(): Promise<void>;
}

export interface ProvisionRunOptions {
  readonly pools: Pools;
  /** Host names; empty: every host of every pool. */
  readonly hosts?: readonly string[];
  readonly store: HostStateStore;
  readonly force?: boolean;
  readonly powerOffAfter?: boolean;
  /** Hosts installed at once. Default 8. */
  readonly concurrency?: number;
  /** Power-on to installer callback. Default 30 min. */
  readonly installTimeoutMs?: number;
  /** Callback to SSH login. Default 10 min. */
  readonly sshTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly runId?: string;
  readonly emit?: (e: ProvisionEvent) => void;
  readonly log?: (line: string) => void;
  readonly driverFor?: (host: PoolHost) => PowerDriver;
  /** Where the running dnsmasq is recorded, so the next run stops one a killed run left (`.kplay/boot/dnsmasq.json`). */
  readonly dnsmasqRecordFile?: string;
  readonly startBootServices?: (network: ProvisioningNetwork, hosts: readonly PoolHost[], onFailure: (detail: string) => void) => Promise<RunningBootServices>;
}

/** The hosts a command names (all when none), in pools.yml order; an unknown name is a PoolLookupError. */
export function selectHosts(pools: Pools, names: readonly string[] = []): PoolHost[] {
  if (names.length === 0) return pools.hosts();
  const wanted = new Set(names.map((n) => pools.host(n).name));
  return pools.hosts().filter((h) => wanted.has(h.name));
}

/**
 * `kplay pool provision`: checks every selected host's BMC password first (nothing is touched
 * if one is missing), starts the boot services, provisions hosts in parallel (one host's
 * failure does not stop the others), and stops the services whatever happens.
 */
export async function provisionHosts(o: ProvisionRunOptions): Promise<HostResult[]> {
  const network = o.pools.provisioning;
  if (!network) throw new RunError(`${o.pools.file} has no provisioning: section (interface, dhcpRange...): kplay does not know where to serve boot files`);
  const hosts = selectHosts(o.pools, o.hosts);
  const [bad] = o.pools.checkPasswords(hosts);
  if (bad) throw bad;
  const imageHost = hosts.find((h) => h.profile.kind === 'image');
  if (imageHost && !network.deploy) {
    throw new RunError(
      `${formatPos(network.pos)}: host ${imageHost.name}'s profile ${imageHost.profile.name} writes an image, and provisioning: has no deployKernel and deployRamdisk (the ramdisk kplay netboots to write it)`,
    );
  }
  const abort = new AbortController();
  const onOuterAbort = (): void => abort.abort(typeof o.signal?.reason === 'string' ? o.signal.reason : 'interrupted');
  if (o.signal?.aborted) onOuterAbort();
  o.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const start =
    o.startBootServices ??
    ((net, all, onFailure) =>
      BootServices.start({ network: net, hosts: all, ...(o.log ? { log: o.log } : {}), ...(o.dnsmasqRecordFile ? { recordFile: o.dnsmasqRecordFile } : {}), onFailure }));
  const services = await start(network, o.pools.hosts(), (detail) => abort.abort(`boot services failed: ${detail}`));
  try {
    const limit = pLimit(Math.max(1, o.concurrency ?? 8));
    return await Promise.all(
      hosts.map((host) =>
        limit(() =>
          provisionHost(host, {
            store: o.store,
            booter: services.booter,
            driverFor: o.driverFor ?? ((h) => powerDriverFor(h.bmc)),
            force: o.force ?? false,
            powerOffAfter: o.powerOffAfter ?? false,
            installTimeoutMs: o.installTimeoutMs ?? 30 * 60_000,
            sshTimeoutMs: o.sshTimeoutMs ?? 10 * 60_000,
            signal: abort.signal,
            ...(o.runId ? { runId: o.runId } : {}),
            emit: o.emit ?? (() => undefined),
          }),
        ),
      ),
    );
  } finally {
    o.signal?.removeEventListener('abort', onOuterAbort);
    await services.stop();
  }
}
