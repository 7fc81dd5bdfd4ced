import type { BlockNode, PlayNode, TaskNode } from '../playbook/model.js';
import type { PlayScope } from '../vars/variable-manager.js';
import type { HandlerQueue } from './handlers.js';
import type { PlayState } from './play-state.js';
import { RoleRuns } from './role-runs.js';
import type { RunContext } from './run-context.js';
import type { HostTaskReport } from './run-task.js';

/** One play while it runs: its hosts' state, handlers, and what strategies share. */
export class PlaySession {
  /** Set by `meta: end_play`. */
  ended = false;
  /** any_errors_fatal or max_fail_percentage tripped: no later batch or play runs. */
  breakPlay = false;
  /** Files loaded by include_tasks/include_role, shared by hosts so they stay in lockstep. */
  readonly includeCache = new Map<string, BlockNode[]>();
  /** The last failed task per host: what a rescue sees as ansible_failed_task/_result. */
  readonly lastFailure = new Map<string, { task: TaskNode; result: Record<string, unknown> }>();
  /** Which hosts have run which role object (for roles named more than once). */
  readonly roleRuns = new RoleRuns();

  constructor(
    readonly play: PlayNode,
    readonly ctx: RunContext,
    readonly state: PlayState,
    readonly scope: PlayScope,
    readonly handlers: HandlerQueue,
    readonly forceHandlers: boolean,
    readonly selected: (task: TaskNode) => boolean,
  ) {}

  report(_task: TaskNode, r: HostTaskReport): void {
    for (const name of r.notified) this.handlers.notify(r.host, name);
  }

  flushHandlers(): Promise<void> {
    return this.handlers.flush(this);
  }
}
