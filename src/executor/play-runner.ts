import type { BlockNode, PlayNode, TaskNode } from '../playbook/model.js';
import { toBool } from '../modules/argspec.js';
import type { PlayScope } from '../vars/variable-manager.js';
import { HandlerQueue } from './handlers.js';
import { runSectionLinear } from './linear.js';
import { PlayState } from './play-state.js';
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

/** Runs one play with the linear strategy: facts, pre_tasks, tasks, post_tasks, handlers after each. */
export async function runPlay(play: PlayNode, ctx: RunContext, totals: RunTotals, limitHosts: (hosts: string[]) => string[]): Promise<PlayOutcome> {
  const targets = limitHosts(ctx.inventory.selectHosts(play.hosts)).filter((h) => !totals.unreachable.has(h));
  ctx.callback.playStart({ name: play.displayName, checkMode: ctx.settings.check });
  if (targets.length === 0) {
    ctx.callback.noHostsMatched();
    return { breakPlaybook: false };
  }
  const state = new PlayState(targets, totals.failed);
  const scope: PlayScope = { play, activeHosts: () => state.activeHosts(), batch: () => state.activeHosts(), allHosts: targets };
  const selected = (task: TaskNode): boolean => shouldRun(effectiveTags(task), ctx.settings.tags);
  const session = new PlaySession(play, ctx, state, scope, new HandlerQueue(play.handlers), isTrue(play.keywords['force_handlers'], false), selected);
  const failedBefore = new Set(totals.failed);

  if (isTrue(play.keywords['gather_facts'], ctx.settings.gathering !== 'explicit')) await runSectionLinear([gatherBlock(play)], session);
  for (const section of [play.preTasks, [...play.roles, ...play.tasks], play.postTasks]) {
    if (state.activeHosts().length === 0 || session.ended) break;
    await runSectionLinear(section, session);
    if (!session.ended) await session.flushHandlers();
  }

  for (const h of state.failedHosts()) totals.failed.add(h);
  for (const h of state.unreachableHosts()) totals.unreachable.add(h);
  for (const h of targets) ctx.stats.touch(h);
  const newlyDown = targets.filter((h) => !failedBefore.has(h) && (state.failedHosts().has(h) || state.unreachableHosts().has(h)));
  return { breakPlaybook: newlyDown.length === targets.length };
}
