import { resolve } from 'node:path';
import { OptionsError, RunError, SourceError } from '../errors/source-error.js';
import { loadPools, poolStatusRows, renderPoolStatus } from '../provision/pools/index.js';
import { openHostStateStore, type HostStateStore } from '../provision/store/index.js';
import { formatError } from './format-error.js';
import { parsePoolArgs } from './pool-args.js';
import { runPoolPower, runPoolRelease } from './pool-power-command.js';
import { runPoolProvision } from './pool-provision-command.js';

const USAGE = `usage: kplay pool status POOLS.yml [HOST …]
       kplay pool provision POOLS.yml [HOST …] [--force] [--power-off-after] [--concurrency N] [--timeout SEC] [--ssh-timeout SEC]
       kplay pool power on|off|cycle|reset|soft|status POOLS.yml [HOST …]
       kplay pool release POOLS.yml [HOST …]`;

/** The project (holding `.kplay/`): `$KPLAY_HOME/..` when KPLAY_HOME names a `.kplay` directory, else the current directory. */
function projectDir(): string {
  return process.env['KPLAY_HOME'] ? resolve(process.env['KPLAY_HOME'], '..') : process.cwd();
}

function openStore(): HostStateStore {
  return openHostStateStore(projectDir());
}

/** `kplay pool status|provision|power|release pools.yml [HOST…]`. */
export async function runPoolCli(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  try {
    if (action === 'status') {
      const [file, ...hosts] = parsePoolArgs(rest, [], []).positional;
      if (!file) throw new OptionsError(USAGE);
      const pools = loadPools(resolve(file));
      const rows = poolStatusRows(pools, await openStore().list(), hosts.length ? { hosts } : {});
      process.stdout.write(renderPoolStatus(rows, new Date()));
      return 0;
    }
    if (action === 'provision') return await runPoolProvision(parsePoolArgs(rest, ['concurrency', 'timeout', 'ssh-timeout'], ['force', 'power-off-after']), projectDir());
    if (action === 'power') return await runPoolPower(parsePoolArgs(rest, [], []));
    if (action === 'release') return await runPoolRelease(parsePoolArgs(rest, [], []), openStore);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } catch (e) {
    process.stderr.write(formatError(e) + '\n');
    return e instanceof OptionsError ? 5 : e instanceof SourceError ? 4 : e instanceof RunError ? 1 : 250;
  }
}
