import pLimit from 'p-limit';
import type { PoolHost } from '../pools/model.js';
import type { Pools } from '../pools/pools.js';
import { powerDriverFor } from '../power/drivers.js';
import type { PowerAction, PowerDriver } from '../power/driver.js';
import type { HostStateStore } from '../store/store.js';
import { selectHosts } from './provision-run.js';

export interface PowerResult {
  readonly host: string;
  /** Power after the command ('on' | 'off'), when the BMC answered. */
  readonly power?: string;
  readonly error?: string;
}

export interface PowerRunOptions {
  readonly pools: Pools;
  readonly hosts?: readonly string[];
  readonly concurrency?: number;
  readonly driverFor?: (host: PoolHost) => PowerDriver;
}

async function eachHost(o: PowerRunOptions, work: (h: PoolHost, d: PowerDriver) => Promise<string | undefined>): Promise<PowerResult[]> {
  const hosts = selectHosts(o.pools, o.hosts);
  const [bad] = o.pools.checkPasswords(hosts);
  if (bad) throw bad;
  const limit = pLimit(Math.max(1, o.concurrency ?? 16));
  const driverFor = o.driverFor ?? ((h: PoolHost) => powerDriverFor(h.bmc));
  return Promise.all(
    hosts.map((h) =>
      limit(async (): Promise<PowerResult> => {
        try {
          const power = await work(h, driverFor(h));
          return { host: h.name, ...(power ? { power } : {}) };
        } catch (e) {
          return { host: h.name, error: (e as Error).message };
        }
      }),
    ),
  );
}

/** `kplay pool power on|off|cycle|reset|soft|status`: one BMC command per host, then its power state. */
export function powerHosts(o: PowerRunOptions, action: PowerAction | 'status'): Promise<PowerResult[]> {
  return eachHost(o, async (_h, d) => {
    if (action !== 'status') await d.setPower(action);
    return d.powerStatus();
  });
}

/**
 * `kplay pool release`: the hosts leave kplay's hands: powered off and recorded as
 * `registered` again (through `deprovisioning`), so the next provision reinstalls them.
 * A host in a cluster is refused.
 */
export function releaseHosts(o: PowerRunOptions & { readonly store: HostStateStore; readonly runId?: string }): Promise<PowerResult[]> {
  return eachHost(o, async (h, d) => {
    const rec = await o.store.get(h.name);
    if (rec?.status.state === 'in-cluster') throw new Error(`in cluster ${rec.status.cluster}: remove it from the cluster first`);
    await d.setPower('off');
    const power = await d.powerStatus();
    const runId = o.runId ? { runId: o.runId } : {};
    await o.store.withLock((tx) => {
      const cur = tx.get(h.name);
      if (!cur) return void tx.transition({ host: h.name, pool: h.pool, to: { state: 'registered' }, ...runId });
      if (cur.status.state === 'registered') return;
      if (cur.status.state === 'provisioning') tx.transition({ host: h.name, to: { state: 'error', reason: 'released while provisioning' }, ...runId });
      if (cur.status.state !== 'deprovisioning') tx.transition({ host: h.name, to: { state: 'deprovisioning' }, reason: 'released', ...runId });
      tx.transition({ host: h.name, to: { state: 'registered' }, ...runId });
    });
    return power;
  });
}
