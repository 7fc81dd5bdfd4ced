import { randomBytes } from 'node:crypto';
import { OptionsError } from '../errors/source-error.js';
import { join, resolve } from 'node:path';
import { provisionHosts, type HostResult, type ProvisionEvent } from '../provision/flow/index.js';
import { loadPools, poolStatusRows, renderPoolStatus, type PasswordSources } from '../provision/pools/index.js';
import { openHostStateStore } from '../provision/store/index.js';
import { numberFlag, type PoolArgs } from './pool-args.js';

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

function describe(r: HostResult): string {
  const phases = Object.entries(r.phases)
    .filter(([p]) => p !== 'claim')
    .map(([p, ms]) => `${p} ${secs(ms)}`)
    .join(', ');
  const boot = Object.entries(r.boot)
    .map(([k, ms]) => `${k} +${secs(ms)}`)
    .join(', ');
  if (r.outcome === 'skipped') return `${r.host}: skipped (${r.reason ?? ''})`;
  if (r.outcome === 'error') return `${r.host}: FAILED after ${secs(r.totalMs)}: ${r.reason ?? ''}`;
  return `${r.host}: ${r.outcome} in ${secs(r.totalMs)} at ${r.address ?? '?'} (${phases}; boot: ${boot})`;
}

function progress(e: ProvisionEvent): string | undefined {
  if (e.kind === 'phase' && e.phase !== 'claim') return `${e.host}: ${e.phase}`;
  if (e.kind === 'boot') return `${e.host}: served ${e.step}`;
  if (e.kind === 'done') return describe(e.result);
  return undefined;
}

/**
 * `kplay pool provision POOLS.yml [HOST…] [--force] [--power-off-after] [--concurrency N]
 * [--timeout SEC] [--ssh-timeout SEC]`. Exit 0 when every host is provisioned or skipped,
 * 2 when one failed, 99 when interrupted (Ctrl-C: hosts in flight are recorded as `error`).
 */
export async function runPoolProvision(args: PoolArgs, projectDir: string, sources: PasswordSources = {}): Promise<number> {
  const [file, ...names] = args.positional;
  if (!file) throw new OptionsError('usage: kplay pool provision POOLS.yml [HOST …]');
  const concurrency = numberFlag(args, 'concurrency', 8);
  const installTimeoutMs = numberFlag(args, 'timeout', 1800) * 1000;
  const sshTimeoutMs = numberFlag(args, 'ssh-timeout', 600) * 1000;
  const pools = loadPools(resolve(file), sources);
  const store = openHostStateStore(projectDir);
  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    process.stderr.write(`\n${sig}: stopping; hosts in flight are recorded as error (rerun to resume)\n`);
    abort.abort(`interrupted by ${sig}`);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const results = await provisionHosts({
      pools,
      hosts: names,
      store,
      force: args.flags.has('force'),
      powerOffAfter: args.flags.has('power-off-after'),
      concurrency,
      installTimeoutMs,
      sshTimeoutMs,
      signal: abort.signal,
      dnsmasqRecordFile: join(projectDir, '.kplay', 'boot', 'dnsmasq.json'),
      runId: randomBytes(6).toString('hex'),
      emit: (e) => {
        const line = progress(e);
        if (line) process.stdout.write(`${line}\n`);
      },
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write('\n' + renderPoolStatus(poolStatusRows(pools, await store.list(), { hosts: results.map((r) => r.host) }), new Date()));
    if (abort.signal.aborted) return 99;
    return results.some((r) => r.outcome === 'error') ? 2 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
