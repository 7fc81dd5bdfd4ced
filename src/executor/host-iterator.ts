import type { BlockNode, Node, TaskNode } from '../playbook/model.js';

/** What the strategy tells a host's iterator after running the task it asked for. */
export interface TaskOutcome {
  readonly failed: boolean;
  /** Blocks an include_tasks/include_role loaded for this host: run next, in place. */
  readonly included?: readonly BlockNode[];
}

export interface IteratorHooks {
  /** A failed task hands this host to a block's rescue section. */
  onRescue(block: BlockNode): void;
  /** Tasks deselected by tags are not run at all. */
  selected(task: TaskNode): boolean;
}

/**
 * One host's walk through a play section: blocks, then rescue on failure, then always.
 * It yields the next task and receives that task's outcome; it returns true when the host failed.
 */
export type HostIterator = Generator<TaskNode, boolean, TaskOutcome>;

function* runNodes(nodes: readonly Node[], hooks: IteratorHooks): HostIterator {
  for (const n of nodes) {
    if (n.kind === 'task') {
      if (!hooks.selected(n)) continue;
      const outcome = yield n;
      if (outcome.failed) return true;
      if (outcome.included && (yield* runNodes(outcome.included, hooks))) return true;
    } else if (yield* runBlock(n, hooks)) return true;
  }
  return false;
}

function* runBlock(block: BlockNode, hooks: IteratorHooks): HostIterator {
  let failed = yield* runNodes(block.block, hooks);
  if (failed && block.rescue.length > 0) {
    hooks.onRescue(block);
    failed = yield* runNodes(block.rescue, hooks);
  }
  if (block.always.length > 0) {
    const alwaysFailed = yield* runNodes(block.always, hooks);
    failed = failed || alwaysFailed;
  }
  return failed;
}

export function iterateSection(blocks: readonly BlockNode[], hooks: IteratorHooks): HostIterator {
  return runNodes(blocks, hooks);
}

/** Document order of every task in a section (Ansible's all_tasks), used for lockstep. */
export function taskOrder(blocks: readonly BlockNode[]): Map<TaskNode, number> {
  const order = new Map<TaskNode, number>();
  const walk = (nodes: readonly Node[]): void => {
    for (const n of nodes) {
      if (n.kind === 'task') order.set(n, order.size);
      else {
        walk(n.block);
        walk(n.rescue);
        walk(n.always);
      }
    }
  };
  walk(blocks);
  return order;
}
