import pLimit from 'p-limit';
import { waitForSsh } from '../provision/flow/ssh-wait.js';
import type { PoolHost } from '../provision/pools/model.js';
import { powerDriverFor } from '../provision/power/drivers.js';
import type { PowerDriver } from '../provision/power/driver.js';
import type { ClusterContext } from './context.js';

export interface HostFailure {
  readonly host: string;
  readonly error: string;
}

function driver(ctx: ClusterContext, h: PoolHost): PowerDriver {
  return ctx.driverFor ? ctx.driverFor(h) : powerDriverFor(h.bmc);
}

/** Powers a host on (if it is off) and waits until SSH lets the pool's user in. */
async function bringUp(ctx: ClusterContext, h: PoolHost): Promise<void> {
  const d = driver(ctx, h);
  let power: string;
  try {
    power = await d.powerStatus();
    if (power === 'off') await d.setPower('on');
  } catch (e) {
    throw new Error(`power on via BMC ${d.bmc}: ${(e as Error).message}`);
  }
  ctx.log?.(`${h.name}: power ${power === 'off' ? 'on' : 'was on'}, waiting for SSH`);
  const deadline = Date.now() + (ctx.sshTimeoutMs ?? 300_000);
  await waitForSsh(
    {
      host: h.ssh.address ?? h.name,
      port: h.ssh.port,
      username: h.ssh.user ?? 'root',
      ...(h.ssh.privateKeyFile ? { privateKeyFile: h.ssh.privateKeyFile } : {}),
    },
    deadline,
    ctx.signal,
    500,
  );
  ctx.log?.(`${h.name}: SSH up`);
}

/** Brings every host up at once; returns the ones that failed (an empty list: all up). */
export async function bringUpHosts(ctx: ClusterContext, hosts: readonly PoolHost[]): Promise<HostFailure[]> {
  const limit = pLimit(16);
  const results = await Promise.all(
    hosts.map((h) =>
      limit(async (): Promise<HostFailure | undefined> => {
        try {
          await bringUp(ctx, h);
          return undefined;
        } catch (e) {
          return { host: h.name, error: (e as Error).message };
        }
      }),
    ),
  );
  return results.filter((r): r is HostFailure => r !== undefined);
}

export async function powerOff(ctx: ClusterContext, h: PoolHost): Promise<void> {
  const d = driver(ctx, h);
  if ((await d.powerStatus()) !== 'off') await d.setPower('off');
}
