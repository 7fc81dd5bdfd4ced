import { resolve } from 'node:path';
import { SourceError, RunError } from '../errors/source-error.js';
import { loadPools, poolStatusRows, renderPoolStatus } from '../provision/pools/index.js';
import { openHostStateStore } from '../provision/store/index.js';
import { formatError } from './format-error.js';

const USAGE = 'usage: kplay pool status POOLS.yml [HOST …]';

/** `kplay pool status pools.yml [HOST…]`: each host's pool, role, order, state and last error. */
export async function runPoolCli(argv: string[]): Promise<number> {
  const [action, file, ...hosts] = argv;
  if (action !== 'status' || !file) {
    process.stderr.write(`${USAGE}\n(provision, power and release are not available yet)\n`);
    return 2;
  }
  try {
    const pools = loadPools(resolve(file));
    const store = openHostStateStore(process.env['KPLAY_HOME'] ? resolve(process.env['KPLAY_HOME'], '..') : process.cwd());
    const rows = poolStatusRows(pools, await store.list(), hosts.length ? { hosts } : {});
    process.stdout.write(renderPoolStatus(rows, new Date()));
    return 0;
  } catch (e) {
    process.stderr.write(formatError(e) + '\n');
    return e instanceof SourceError ? 4 : e instanceof RunError ? 1 : 250;
  }
}
