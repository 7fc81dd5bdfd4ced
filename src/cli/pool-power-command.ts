import { resolve } from 'node:path';
import { OptionsError } from '../errors/source-error.js';
import { powerHosts, releaseHosts, type PowerResult } from '../provision/flow/index.js';
import { loadPools, type PasswordSources } from '../provision/pools/index.js';
import { POWER_ACTIONS, type PowerAction } from '../provision/power/index.js';
import type { HostStateStore } from '../provision/store/index.js';
import type { PoolArgs } from './pool-args.js';

function print(results: readonly PowerResult[]): number {
  for (const r of results) process.stdout.write(r.error ? `${r.host}: FAILED: ${r.error}\n` : `${r.host}: power ${r.power ?? '?'}\n`);
  return results.some((r) => r.error) ? 2 : 0;
}

/** `kplay pool power on|off|cycle|reset|soft|status POOLS.yml [HOST…]` */
export async function runPoolPower(args: PoolArgs, sources: PasswordSources = {}): Promise<number> {
  const [action, file, ...names] = args.positional;
  const actions: readonly string[] = [...POWER_ACTIONS, 'status'];
  if (!action || !actions.includes(action) || !file) throw new OptionsError(`usage: kplay pool power ${actions.join('|')} POOLS.yml [HOST …]`);
  const pools = loadPools(resolve(file), sources);
  return print(await powerHosts({ pools, hosts: names }, action as PowerAction | 'status'));
}

/** `kplay pool release POOLS.yml [HOST…]`: power off, state back to `registered`. */
export async function runPoolRelease(args: PoolArgs, openStore: () => HostStateStore, sources: PasswordSources = {}): Promise<number> {
  const [file, ...names] = args.positional;
  if (!file) throw new OptionsError('usage: kplay pool release POOLS.yml [HOST …]');
  const pools = loadPools(resolve(file), sources);
  return print(await releaseHosts({ pools, hosts: names, store: openStore() }));
}
