import { resolve } from 'node:path';
import { OptionsError, RunError, SourceError } from '../errors/source-error.js';
import { loadPools, poolStatusRows, renderPoolStatus } from '../provision/pools/index.js';
import { openHostStateStore, type HostStateStore } from '../provision/store/index.js';
import { formatError } from './format-error.js';
import { parsePoolArgs, type PoolArgs } from './pool-args.js';
import { runPoolPower, runPoolRelease } from './pool-power-command.js';
import { runPoolProvision } from './pool-provision-command.js';
import { openPoolVault, takeVaultArgs } from './pool-vault.js';

const USAGE = `usage: kplay pool status POOLS.yml [HOST …]
       kplay pool provision POOLS.yml [HOST …] [--force] [--power-off-after] [--concurrency N] [--timeout SEC] [--ssh-timeout SEC]
       kplay pool power on|off|cycle|reset|soft|status POOLS.yml [HOST …]
       kplay pool release POOLS.yml [HOST …]
vault (for inline !vault BMC passwords): --vault-id ID, --vault-password-file FILE, --ask-vault-pass`;

/** The project (holding `.kplay/`): `$KPLAY_HOME/..` when KPLAY_HOME names a `.kplay` directory, else the current directory. */
function projectDir(): string {
  return process.env['KPLAY_HOME'] ? resolve(process.env['KPLAY_HOME'], '..') : process.cwd();
}

function openStore(): HostStateStore {
  return openHostStateStore(projectDir());
}

/** `kplay pool status|provision|power|release pools.yml [HOST…]`. */
export async function runPoolCli(argv: string[]): Promise<number> {
  const [action, ...withVault] = argv;
  try {
    const { rest, flags } = takeVaultArgs(withVault);
    // Flags are checked before the vault is opened (it may prompt) and any file is read.
    const parsers: Readonly<Record<string, (() => PoolArgs) | undefined>> = {
      status: () => parsePoolArgs(rest, [], []),
      provision: () => parsePoolArgs(rest, ['concurrency', 'timeout', 'ssh-timeout'], ['force', 'power-off-after']),
      power: () => parsePoolArgs(rest, [], []),
      release: () => parsePoolArgs(rest, [], []),
    };
    const parsed = parsers[action ?? '']?.();
    if (!parsed) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const { sources } = await openPoolVault(flags, process.cwd());
    if (action === 'status') {
      const [file, ...hosts] = parsed.positional;
      if (!file) throw new OptionsError(USAGE);
      const pools = loadPools(resolve(file), sources);
      const rows = poolStatusRows(pools, await openStore().list(), hosts.length ? { hosts } : {});
      process.stdout.write(renderPoolStatus(rows, new Date()));
      return 0;
    }
    if (action === 'provision') return await runPoolProvision(parsed, projectDir(), sources);
    if (action === 'power') return await runPoolPower(parsed, sources);
    return await runPoolRelease(parsed, openStore, sources);
  } catch (e) {
    process.stderr.write(formatError(e) + '\n');
    return e instanceof OptionsError ? 5 : e instanceof SourceError ? 4 : e instanceof RunError ? 1 : 250;
  }
}
