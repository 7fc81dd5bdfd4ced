import { SourceError } from '../errors/source-error.js';
import type { PoolHost } from '../provision/pools/model.js';
import { bringUpHosts } from './bring-up.js';
import { claimsOfOtherClusters, writeClusterRecord, writeInventoryFile } from './cluster-record.js';
import type { ClusterContext } from './context.js';
import { ClusterBuildError, ClusterInterruptedError } from './errors.js';
import { abortReason, untilAborted } from './interrupt.js';
import { buildInventory, renderInventory } from './inventory.js';
import { failedFor, failurePrefix, markFailed, markInCluster } from './membership.js';
import type { HostRecord } from '../provision/store/model.js';
import { selectClusterHosts } from './select-hosts.js';
import type { ClusterMember, ClusterRecord, ClusterSpec, StorageRequest } from './model.js';

/** The pool's hosts; an unknown pool is an error at `pool:` in cluster.yml. */
export function poolHosts(ctx: Pick<ClusterContext, 'pools'>, spec: ClusterSpec): PoolHost[] {
  if (!ctx.pools.poolNames().includes(spec.pool)) {
    const known = ctx.pools.poolNames();
    throw new SourceError(`pool '${spec.pool}' is not in ${ctx.pools.file}${known.length ? ` (pools: ${known.join(', ')})` : ''}`, {
      code: 'KPLAY_CLUSTER',
      ...(spec.positions['pool'] ? { pos: spec.positions['pool'] } : {}),
    });
  }
  const hosts = ctx.pools.hosts(spec.pool);
  const storage = spec.storage;
  if (storage.kind === 'host' && !hosts.some((h) => h.name === storage.host)) {
    throw new SourceError(`storage host '${storage.host}' is not in pool ${spec.pool} (${ctx.pools.file})`, { code: 'KPLAY_CLUSTER', pos: storage.pos });
  }
  return hosts;
}

/** Refuses to start when a BMC password cannot be read (before any host is touched). */
export function checkPasswords(ctx: ClusterContext, hosts: readonly PoolHost[]): void {
  if (ctx.driverFor) return;
  const [bad] = ctx.pools.checkPasswords(hosts);
  if (bad) throw bad;
}

export function writeInventory(ctx: ClusterContext, spec: ClusterSpec, members: readonly ClusterMember[]): string {
  const inventory = buildInventory(spec, members, (name) => ctx.pools.host(name));
  return writeInventoryFile(ctx.projectDir, spec.name, renderInventory(spec, inventory));
}

export function firstControlPlane(members: readonly ClusterMember[]): string | undefined {
  return members.find((m) => m.role === 'control-plane')?.host;
}

export interface BuildPlan {
  readonly members: readonly ClusterMember[];
  /** Hosts joining in this build: powered on, and moved to in-cluster on success. */
  readonly joining: readonly string[];
  /** Hosts that must answer SSH besides the joining ones (the first control plane for an add). */
  readonly alsoUp: readonly string[];
  /** --limit for the run (absent: every member). */
  readonly limit?: string;
  /** The record to go back to if the build fails (an add); absent: the record says `failed`. */
  readonly previous?: ClusterRecord;
}

export interface BuildResult {
  readonly inventory: string;
  readonly members: readonly ClusterMember[];
}

/**
 * The part every build shares: record `building`, write the inventory, bring hosts up, run
 * the playbook, then record the outcome. Failure or interruption (ctx.signal): the joining
 * hosts go to `error` with the reason and ClusterBuildError (ClusterInterruptedError) is
 * thrown; nobody is dropped from the store, no record stays `building`.
 */
export async function runBuild(ctx: ClusterContext, spec: ClusterSpec, plan: BuildPlan): Promise<BuildResult> {
  const now = (): string => new Date().toISOString();
  const record = (status: ClusterRecord['status'], members: readonly ClusterMember[], error?: string): ClusterRecord => ({
    name: spec.name,
    pool: spec.pool,
    status,
    members: [...members],
    ...(error ? { error } : {}),
    updated: now(),
  });
  const marking = { cluster: spec.name, pool: spec.pool, ...(ctx.runId ? { runId: ctx.runId } : {}) };
  /** Returns the hosts now in `error`. */
  const recordFailure = async (reason: string, perHost: ReadonlyMap<string, string> = new Map()): Promise<string[]> => {
    const marked = await ctx.store.withLock((tx) => plan.joining.filter((host) => markFailed({ ...marking, tx }, host, perHost.get(host) ?? reason)));
    if (plan.previous) {
      writeClusterRecord(ctx.projectDir, { ...plan.previous, updated: now() });
      writeInventory(ctx, spec, plan.previous.members);
    } else writeClusterRecord(ctx.projectDir, record('failed', plan.members, reason));
    return marked;
  };
  const fail = async (reason: string, perHost: ReadonlyMap<string, string> = new Map(), code = 2): Promise<never> => {
    await recordFailure(reason, perHost);
    throw new ClusterBuildError(`cluster ${spec.name}: ${reason}`, code);
  };
  const stopIfInterrupted = async (): Promise<void> => {
    if (!ctx.signal?.aborted) return;
    const reason = abortReason(ctx.signal);
    const marked = await recordFailure(reason);
    const hosts = marked.length ? `${marked.join(', ')} recorded as error (${failurePrefix(spec.name)}${reason})` : 'no host changed state';
    throw new ClusterInterruptedError(`cluster ${spec.name}: ${reason}: ${hosts}; kplay cluster up ${spec.file} resumes`, reason);
  };
  const inventory = writeInventory(ctx, spec, plan.members);
  ctx.log?.(`inventory: ${inventory}`);
  await stopIfInterrupted();
  const up = [...new Set([...plan.alsoUp, ...plan.joining])].map((h) => ctx.pools.host(h));
  const down = await bringUpHosts(ctx, up);
  await stopIfInterrupted();
  if (down.length > 0) {
    const perHost = new Map(down.map((d) => [d.host, `bring-up: ${d.error}`]));
    const names = down.map((d) => d.host).join(', ');
    await fail(`bring-up failed on ${names}: ${down[0]?.error ?? ''}`, perHost);
  }
  const playbook = spec.playbook ?? ctx.defaultPlaybook;
  ctx.log?.(`running ${playbook}${plan.limit ? ` --limit ${plan.limit}` : ''}`);
  let code: number;
  try {
    const run = ctx.runPlaybook({ playbook, inventory, ...(plan.limit ? { limit: plan.limit } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
    code = await untilAborted(run, ctx.signal);
  } catch (e) {
    await stopIfInterrupted();
    return fail(`${playbook}: ${(e as Error).message}`);
  }
  await stopIfInterrupted();
  if (code !== 0) await fail(`${playbook} failed (exit ${code})`, new Map(), code);
  await ctx.store.withLock((tx) => {
    for (const host of plan.joining) markInCluster({ ...marking, tx }, host);
  });
  writeClusterRecord(ctx.projectDir, record('ready', plan.members));
  return { inventory, members: plan.members };
}

/** selectClusterHosts for this cluster: other clusters' hosts excluded, its own failed ones allowed again. */
export function pickHosts(
  ctx: Pick<ClusterContext, 'projectDir'>,
  spec: ClusterSpec,
  hosts: readonly PoolHost[],
  records: readonly HostRecord[],
  want: { readonly controlPlanes: number; readonly workers: number; readonly storage: StorageRequest },
): ClusterMember[] {
  const byHost = new Map(records.map((r) => [r.host, r]));
  return selectClusterHosts({
    cluster: spec.name,
    pool: spec.pool,
    hosts,
    records: byHost,
    claimedBy: claimsOfOtherClusters(ctx.projectDir, spec.name),
    retry: new Set(hosts.filter((h) => failedFor(spec.name, byHost.get(h.name))).map((h) => h.name)),
    ...want,
  });
}
