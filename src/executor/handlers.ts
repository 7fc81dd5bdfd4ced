import type { BlockNode, Node, TaskNode } from '../playbook/model.js';
import type { PlaySession } from './play-session.js';
import { runTaskOnHosts } from './run-task.js';

function handlerTasks(nodes: readonly Node[]): TaskNode[] {
  return nodes.flatMap((n) => (n.kind === 'task' ? [n] : [...handlerTasks(n.block), ...handlerTasks(n.rescue), ...handlerTasks(n.always)]));
}

function topRole(task: TaskNode): string | undefined {
  for (let b = task.parent; b; b = b.parent) if (b.role) return b.role.name;
  return undefined;
}

/** Handlers notified per host, run at the end of each section in definition order. */
export class HandlerQueue {
  private readonly handlers: TaskNode[];
  private readonly notified = new Map<TaskNode, Set<string>>();

  constructor(blocks: readonly BlockNode[]) {
    this.handlers = handlerTasks(blocks);
  }

  /** Handlers of roles included at run time join the play's handlers. */
  add(blocks: readonly BlockNode[]): void {
    for (const t of handlerTasks(blocks)) if (!this.handlers.includes(t)) this.handlers.push(t);
  }

  /** `notify:` names a handler by name or by a `listen` topic. */
  notify(host: string, name: string): boolean {
    let found = false;
    for (const h of this.handlers) {
      const listen = h.keywords['listen'];
      const topics = listen === undefined ? [] : (Array.isArray(listen) ? listen : [listen]).map(String);
      const role = topRole(h);
      if (h.name === name || h.actionAsWritten === name || topics.includes(name) || (role && h.name !== undefined && `${role} : ${h.name}` === name)) {
        let set = this.notified.get(h);
        if (!set) this.notified.set(h, (set = new Set()));
        set.add(host);
        found = true;
      }
    }
    return found;
  }

  async flush(session: PlaySession): Promise<void> {
    const { state, scope, ctx } = session;
    const force = session.forceHandlers;
    for (const handler of this.handlers) {
      const hosts = this.notified.get(handler);
      if (!hosts || hosts.size === 0) continue;
      this.notified.delete(handler);
      const targets = state.hosts.filter((h) => hosts.has(h) && (state.isActive(h) || (force && !state.unreachableHosts().has(h))));
      if (targets.length === 0) continue;
      const reports = await runTaskOnHosts(handler, targets, scope, ctx);
      for (const r of reports) {
        session.report(handler, r);
        if (r.status === 'unreachable' && !r.ignored) state.markUnreachable(r.host);
        else if (r.status === 'failed' && !r.ignored) state.markFailed(r.host);
      }
    }
  }
}
