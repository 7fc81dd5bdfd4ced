import type { BlockNode, PlayNode, TaskNode } from '../playbook/model.js';
import { toBool } from '../modules/argspec.js';
import type { PlayScope } from '../vars/variable-manager.js';
import { HandlerQueue } from './handlers.js';
import { runSectionLinear } from './linear.js';
import { PlayState } from './play-state.js';
import { orderHosts, serialBatches } from './batches.js';
import { runSectionFree } from './free.js';
import { SourceError } from '../errors/source-error.js';
import { effectiveTags, shouldRun } from './tags.js';
import type { RunContext } from './run-context.js';
import { PlaySession } from './play-session.js';

export interface RunTotals {
  readonly failed: Set<string>;
  readonly unreachable: Set<string>;
}

export interface PlayOutcome {
  /** Every host of the play failed or became unreachable: later plays do not run. */
  readonly breakPlaybook: boolean;
}

function isTrue(v: unknown, fallback: boolean): boolean {
  if (v === undefined || v === null) return fallback;
  try {
    return toBool(v);
  } catch {
    return Boolean(v);
  }
}

function gatherBlock(play: PlayNode): BlockNode {
  const args: Record<string, unknown> = {};
  if (play.keywords['gather_subset'] !== undefined) args['gather_subset'] = play.keywords['gather_subset'];
  if (play.keywords['gather_timeout'] !== undefined) args['gather_timeout'] = play.keywords['gather_timeout'];
  if (play.keywords['fact_path'] !== undefined) args['fact_path'] = play.keywords['fact_path'];
  const task: TaskNode = { kind: 'task', name: 'Gathering Facts', action: 'setup', actionAsWritten: 'gather_facts', args, keywords: { tags: ['always'] }, pos: play.pos, parent: undefined, isHandler: false };
  const block: BlockNode = { kind: 'block', name: undefined, block: [task], rescue: [], always: [], keywords: {}, pos: play.pos, parent: undefined, implicit: true, play };
  task.parent = block;
  return block;
}

function playName(play: PlayNode, ctx: RunContext): string {
  try {
    return String(ctx.templar.template(play.displayName, { ...play.vars, ...ctx.settings.extraVars }));
  } catch {
    return play.displayName;
  }
}

/** `hosts:` templated with play vars and extra vars (`hosts: "{{ target }}"` with `-e target=web`). */
function playHosts(play: PlayNode, ctx: RunContext): string {
  try {
    return String(ctx.templar.template(play.hosts, { ...play.vars, ...ctx.settings.extraVars }));
  } catch {
    return play.hosts;
  }
}

/** Runs one play: serial batches, each with facts, pre_tasks, roles+tasks, post_tasks and handlers. */
export async function runPlay(play: PlayNode, ctx: RunContext, totals: RunTotals, limitHosts: (hosts: string[]) => string[]): Promise<PlayOutcome> {
  ctx.vars.preloadPlayVarsFiles(play);
  const all = orderHosts(limitHosts(ctx.inventory.selectHosts(playHosts(play, ctx))).filter((h) => !totals.unreachable.has(h)), play.keywords['order']);
  const name = playName(play, ctx);
  if (all.length === 0) {
    ctx.callback.playStart({ name, checkMode: ctx.settings.check });
    ctx.callback.noHostsMatched();
    return { breakPlaybook: false };
  }
  const serial = play.keywords['serial'] === undefined ? undefined : ctx.templar.template(play.keywords['serial'], { ...play.vars, ...ctx.settings.extraVars });
  for (const batch of serialBatches(all, serial)) {
    ctx.callback.playStart({ name, checkMode: ctx.settings.check });
    const outcome = await runBatch(play, batch, all, ctx, totals);
    for (const h of batch) ctx.stats.touch(h);
    if (outcome.breakPlaybook) return outcome;
  }
  return { breakPlaybook: false };
}

async function runBatch(play: PlayNode, batch: string[], all: string[], ctx: RunContext, totals: RunTotals): Promise<PlayOutcome> {
  const state = new PlayState(batch, totals.failed);
  const inBatch = new Set(batch);
  // ansible_play_hosts spans every batch: the play's hosts minus those removed by failure so far.
  const playHosts = (): string[] => all.filter((h) => (inBatch.has(h) ? state.isActive(h) : !totals.failed.has(h) && !totals.unreachable.has(h)));
  const scope: PlayScope = { play, activeHosts: playHosts, batch: () => state.activeHosts(), allHosts: all };
  const selected = (task: TaskNode): boolean => shouldRun(effectiveTags(task), ctx.settings.tags) && ctx.startAt.reached(task);
  const session = new PlaySession(play, ctx, state, scope, new HandlerQueue(play.handlers), isTrue(play.keywords['force_handlers'], ctx.settings.forceHandlers), selected);
  const failedBefore = new Set(totals.failed);
  const run = strategyOf(play, ctx);
  // Ansible reads each host's group_vars/host_vars before the first task's banner: a vault
  // or parse error there stops the play right after its PLAY banner.
  for (const h of batch) ctx.inventory.hostVars(h);

  if (isTrue(play.keywords['gather_facts'], ctx.settings.gathering !== 'explicit')) await runSectionLinear([gatherBlock(play)], session);
  for (const section of [play.preTasks, [...play.roles, ...play.tasks], play.postTasks]) {
    if (state.activeHosts().length === 0 || session.ended) break;
    await run(section, session);
    if (!session.ended) await session.flushHandlers();
  }

  for (const h of state.failedHosts()) totals.failed.add(h);
  for (const h of state.unreachableHosts()) totals.unreachable.add(h);
  const newlyDown = batch.filter((h) => !failedBefore.has(h) && (state.failedHosts().has(h) || state.unreachableHosts().has(h)));
  return { breakPlaybook: session.breakPlay || newlyDown.length === batch.length };
}

function strategyOf(play: PlayNode, ctx: RunContext): (blocks: readonly BlockNode[], session: PlaySession) => Promise<void> {
  const name = String(ctx.templar.template(play.keywords['strategy'] ?? process.env['ANSIBLE_STRATEGY'] ?? 'linear', play.vars));
  const short = name.replace(/^ansible\.builtin\./, '');
  if (short === 'linear') return runSectionLinear;
  if (short === 'free') return runSectionFree;
  throw new SourceError(`Invalid play strategy specified: ${name}`, { code: 'KPLAY_PARSE', pos: play.pos });
}
