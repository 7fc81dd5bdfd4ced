import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OptionsError, RunError, SourceError } from '../errors/source-error.js';
import {
  ClusterBuildError,
  clusterAddWorkers,
  clusterRemove,
  clusterRepair,
  clusterUp,
  loadClusterSpec,
  previewInventory,
  type BuildResult,
  type ClusterContext,
  type ClusterSpec,
  type PlaybookRunRequest,
} from '../cluster/index.js';
import { loadPools } from '../provision/pools/index.js';
import { openHostStateStore } from '../provision/store/index.js';
import { SIGNAL_EXIT_CODES, endDescendants, onStopSignals, silenceOutput } from './cluster-interrupt.js';
import { formatError } from './format-error.js';
import { numberFlag, parsePoolArgs, type PoolArgs } from './pool-args.js';
import { runPlaybookCommand } from './playbook-command.js';
import { openPoolVault, takeVaultArgs } from './pool-vault.js';
import type { RunVault } from '../vault/run-vault.js';
import type { RunVaultFlags } from './run-vault.js';
import type { PasswordSources } from '../provision/pools/index.js';

const USAGE = `usage: kplay cluster up CLUSTER.yml
       kplay cluster inventory CLUSTER.yml
       kplay cluster add CLUSTER.yml --workers N
       kplay cluster remove CLUSTER.yml HOST
       kplay cluster repair CLUSTER.yml HOST [--role ROLE]
options: --pools POOLS.yml (default: cluster.yml's pools:, else pools.yml beside it), --ssh-timeout SEC,
         --vault-id ID, --vault-password-file FILE, --ask-vault-pass (inline !vault BMC passwords, vaulted content vars)`;

const SITE_YML = fileURLToPath(new URL('../../playbooks/site.yml', import.meta.url));

/** The project (holding `.kplay/`), as `kplay pool` finds it. */
function projectDir(): string {
  return process.env['KPLAY_HOME'] ? resolve(process.env['KPLAY_HOME'], '..') : process.cwd();
}

/** The playbook (or the request's roles) runs in this process, with its usual output, against the generated inventory. */
export function runPlaybookInProcess(cwd: string, vault: RunVault) {
  return (req: PlaybookRunRequest): Promise<number> =>
    runPlaybookCommand({
      playbooks: req.roles ? [] : [req.playbook],
      ...(req.roles ? { roleNames: req.roles, rolePlayDir: dirname(req.playbook) } : {}),
      syntaxCheck: false,
      list: undefined,
      cwd,
      env: process.env,
      out: process.stdout,
      err: process.stderr,
      vault,
      flags: {
        verbosity: 0,
        check: false,
        diff: false,
        inventory: [req.inventory],
        extraVars: {},
        ...(req.limit ? { limit: req.limit } : {}),
        ...(req.tags ? { tags: [...req.tags] } : {}),
        ...(req.roles ? { become: true } : {}),
      },
    });
}

function context(spec: ClusterSpec, args: PoolArgs, vault: { vault: RunVault; sources: PasswordSources }, signal: AbortSignal | undefined): ClusterContext {
  const dir = projectDir();
  const poolsFlag = args.flags.get('pools');
  const pools = loadPools(typeof poolsFlag === 'string' ? resolve(poolsFlag) : spec.poolsFile, vault.sources);
  return {
    projectDir: dir,
    pools,
    store: openHostStateStore(dir),
    runPlaybook: runPlaybookInProcess(dir, vault.vault),
    defaultPlaybook: SITE_YML,
    log: (line) => void process.stdout.write(`kplay cluster: ${line}\n`),
    sshTimeoutMs: numberFlag(args, 'ssh-timeout', 300) * 1000,
    runId: `cluster-${Date.now().toString(36)}`,
    ...(signal ? { signal } : {}),
  };
}

function summary(spec: ClusterSpec, r: BuildResult): string {
  const of = (role: string): string => r.members.filter((m) => m.role === role).map((m) => m.host).join(', ') || '-';
  return `\ncluster ${spec.name}: ready\n  control_plane: ${of('control-plane')}\n  workers:       ${of('worker')}\n  nfs:           ${of('storage')}\n  inventory:     ${r.inventory}\n`;
}

async function dispatch(action: string | undefined, args: PoolArgs, vaultFlags: RunVaultFlags, signal: AbortSignal | undefined): Promise<number> {
  const [file, host, ...extra] = args.positional;
  if (!file || extra.length > 0) throw new OptionsError(USAGE);
  const spec = loadClusterSpec(resolve(file));
  const hostArg = (): string => {
    if (!host) throw new OptionsError(`kplay cluster ${action} needs a HOST\n${USAGE}`);
    return host;
  };
  if (action !== 'remove' && action !== 'repair' && host) throw new OptionsError(USAGE);
  const ctx = context(spec, args, await openPoolVault(vaultFlags, process.cwd()), signal);
  switch (action) {
    case 'up':
      process.stdout.write(summary(spec, await clusterUp(ctx, spec)));
      return 0;
    case 'inventory':
      process.stdout.write((await previewInventory(ctx, spec)).text);
      return 0;
    case 'add': {
      if (!args.flags.has('workers')) throw new OptionsError(`kplay cluster add needs --workers N\n${USAGE}`);
      const n = numberFlag(args, 'workers', 1);
      if (!Number.isInteger(n)) throw new OptionsError(`--workers must be a whole number, got ${n}`);
      process.stdout.write(summary(spec, await clusterAddWorkers(ctx, spec, n)));
      return 0;
    }
    case 'remove': {
      const r = await clusterRemove(ctx, spec, hostArg());
      process.stdout.write(`\n${r.host}: removed from cluster ${spec.name}, powered off, ready\n  inventory: ${r.inventory}\n${r.note ? `  note: ${r.note}\n` : ''}`);
      return 0;
    }
    case 'repair': {
      const role = args.flags.get('role');
      const r = await clusterRepair(ctx, spec, hostArg(), typeof role === 'string' ? role : undefined);
      process.stdout.write(`\n${r.host}: repaired${r.roles.length ? ` (${r.roles.join(', ')})` : ''}\n`);
      return 0;
    }
  }
  throw new OptionsError(USAGE);
}

function exitCodeOf(e: unknown): number {
  if (e instanceof ClusterBuildError) return e.exitCode;
  return e instanceof OptionsError ? 5 : e instanceof SourceError ? 4 : e instanceof RunError ? 1 : 250;
}

/**
 * `kplay cluster up|inventory|add|remove|repair cluster.yml …`. Ctrl-C/SIGTERM during a
 * command that changes hosts: it records what it started (see src/cluster/README.md), the
 * process's own children are ended, and it exits 99/143 without waiting for the in-process
 * playbook run (leaving ends it and drops its SSH connections).
 */
export async function runClusterCli(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (!['up', 'inventory', 'add', 'remove', 'repair'].includes(action ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const stops = action === 'inventory' ? undefined : onStopSignals((line) => void process.stderr.write(`\nkplay cluster: ${line}\n`));
  let code: number;
  try {
    const { rest: withoutVault, flags } = takeVaultArgs(rest);
    code = await dispatch(action, parsePoolArgs(withoutVault, ['pools', 'ssh-timeout', 'workers', 'role'], []), flags, stops?.signal);
  } catch (e) {
    process.stderr.write(formatError(e) + '\n');
    code = exitCodeOf(e);
  }
  const got = stops?.received();
  stops?.dispose();
  // Interrupted: the in-process playbook run may still be going; leaving ends it.
  if (got && code !== 0) {
    silenceOutput();
    await endDescendants();
    process.exit(SIGNAL_EXIT_CODES[got]);
  }
  return code;
}
