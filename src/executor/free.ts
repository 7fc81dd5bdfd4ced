import pLimit from 'p-limit';
import { wrapUnsafe } from '../template/native-helpers.js';
import type { BlockNode, TaskNode } from '../playbook/model.js';
import { iterateSection, taskOrder, type TaskOutcome } from './host-iterator.js';
import { checkFailureLimits, runStep } from './linear.js';
import type { PlaySession } from './play-session.js';
import { registrable } from './task-result.js';
import { serializeTask } from './task-info.js';

/** The `free` strategy: each host runs through the section as fast as it can, up to forks at once. */
export async function runSectionFree(blocks: readonly BlockNode[], session: PlaySession): Promise<void> {
  const { state, ctx } = session;
  const limit = pLimit(Math.max(1, ctx.settings.forks));
  const order = taskOrder(blocks);
  const runHost = async (host: string): Promise<void> => {
    const it = iterateSection(blocks, {
      onRescue: () => {
        state.rescuing(host);
        ctx.stats.rescued(host);
        const failure = session.lastFailure.get(host);
        if (failure) {
          ctx.vars.setHostVar(host, 'ansible_failed_task', serializeTask(failure.task));
          ctx.vars.setHostVar(host, 'ansible_failed_result', wrapUnsafe(registrable(failure.result)));
        }
      },
      selected: session.selected,
    });
    let next = it.next(undefined as never);
    while (!next.done && state.isActive(host) && !session.ended) {
      const task: TaskNode = next.value;
      let outcome: TaskOutcome | undefined;
      const downBefore = state.downCount();
      await limit(() => runStep(task, [host], session, order, (_h, o) => (outcome = o)));
      if (state.downCount() > downBefore) checkFailureLimits(task, session);
      if (!outcome || !state.isActive(host)) return;
      next = it.next(outcome);
    }
    if (next.done && next.value) state.markFailed(host);
  };
  await Promise.all(state.activeHosts().map(runHost));
}
