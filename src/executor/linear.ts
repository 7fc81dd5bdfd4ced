import type { BlockNode, TaskNode } from '../playbook/model.js';
import type { PlayScope } from '../vars/variable-manager.js';
import { iterateSection, taskOrder, type HostIterator } from './host-iterator.js';
import type { PlayState } from './play-state.js';
import type { RunContext } from './run-context.js';
import { runTaskOnHosts, type HostTaskReport } from './run-task.js';

/**
 * The `linear` strategy over one play section: every host runs the same task before any host
 * moves on (Ansible's lockstep over all_tasks in document order).
 */
export async function runSectionLinear(
  blocks: readonly BlockNode[],
  state: PlayState,
  scope: PlayScope,
  ctx: RunContext,
  selected: (task: TaskNode) => boolean,
  onReport: (task: TaskNode, r: HostTaskReport) => void,
): Promise<void> {
  const order = taskOrder(blocks);
  const iterators = new Map<string, HostIterator>();
  const pending = new Map<string, TaskNode>();
  for (const host of state.activeHosts()) {
    iterators.set(
      host,
      iterateSection(blocks, {
        onRescue: () => {
          state.rescuing(host);
          ctx.stats.rescued(host);
        },
        selected,
      }),
    );
  }
  const advance = (host: string, failed: boolean, first: boolean): void => {
    const it = iterators.get(host)!;
    const step = first ? it.next(undefined as never) : it.next({ failed });
    if (step.done) {
      iterators.delete(host);
      if (step.value) state.markFailed(host);
    } else pending.set(host, step.value);
  };
  for (const host of [...iterators.keys()]) advance(host, false, true);

  let cursor = 0;
  while (pending.size > 0) {
    for (const host of [...pending.keys()]) {
      if (!state.isActive(host)) {
        pending.delete(host);
        iterators.delete(host);
      }
    }
    if (pending.size === 0) break;
    const candidates = [...new Set(pending.values())];
    const after = candidates.filter((t) => (order.get(t) ?? 0) >= cursor);
    const pool = after.length > 0 ? after : candidates;
    const task = pool.reduce((a, b) => ((order.get(a) ?? 0) <= (order.get(b) ?? 0) ? a : b));
    cursor = order.get(task) ?? 0;
    const hosts = state.activeHosts().filter((h) => pending.get(h) === task);
    for (const h of hosts) pending.delete(h);
    const reports = await runTaskOnHosts(task, hosts, scope, ctx);
    for (const r of reports) {
      onReport(task, r);
      if (r.status === 'unreachable' && !r.ignored) {
        state.markUnreachable(r.host);
        iterators.delete(r.host);
        continue;
      }
      advance(r.host, r.status === 'failed' && !r.ignored, false);
    }
  }
}
