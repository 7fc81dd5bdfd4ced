import type { BlockNode, TaskNode } from '../playbook/model.js';
import { wrapUnsafe } from '../template/native-helpers.js';
import { inherited, roleOf } from '../playbook/model.js';
import { toBool } from '../modules/argspec.js';
import { iterateSection, taskOrder, type HostIterator, type TaskOutcome } from './host-iterator.js';
import { runInclude } from './includes.js';
import { runMeta } from './meta.js';
import type { PlaySession } from './play-session.js';
import { runTaskOnHosts } from './run-task.js';
import { registrable } from './task-result.js';
import { serializeTask } from './task-info.js';

type Step = (host: string, outcome: TaskOutcome) => void;

function truthy(v: unknown): boolean {
  try {
    return toBool(v);
  } catch {
    return Boolean(v);
  }
}

/** any_errors_fatal and max_fail_percentage: once tripped, every host of the batch stops. */
export function checkFailureLimits(task: TaskNode, session: PlaySession): void {
  const { state, play, ctx } = session;
  const fatalRaw = inherited(task, 'any_errors_fatal');
  const fatal = fatalRaw !== undefined && truthy(ctx.templar.template(fatalRaw, play.vars));
  const pctRaw = play.keywords['max_fail_percentage'];
  const pct = pctRaw === undefined || pctRaw === null ? undefined : Number(ctx.templar.template(pctRaw, play.vars));
  const tooMany = pct !== undefined && state.downCount() / state.hosts.length > pct / 100;
  if (!fatal && !tooMany) return;
  for (const h of state.activeHosts()) state.markFailed(h);
  session.breakPlay = true;
  ctx.callback.noHostsRemaining();
}

/** Runs one task for its hosts and feeds each host's outcome back to its iterator. */
export async function runStep(task: TaskNode, allHosts: string[], session: PlaySession, order: Map<TaskNode, number>, step: Step): Promise<void> {
  const { state, ctx } = session;
  const role = task.isHandler ? undefined : roleOf(task);
  // A host that has run this role object already passes its tasks by without a word.
  const hosts = allHosts.filter((h) => !session.roleRuns.hasRun(role, h));
  for (const h of allHosts) if (!hosts.includes(h)) step(h, { failed: false });
  if (hosts.length === 0) return;
  if (task.implicit && task.action === 'meta') {
    for (const h of hosts) {
      session.roleRuns.complete(role, h);
      step(h, { failed: false });
    }
    return;
  }
  if (task.action === 'meta') {
    const effects = await runMeta(task, hosts, session);
    for (const h of hosts) {
      if (effects.get(h)?.endHost) state.endHost(h);
      else step(h, { failed: false });
    }
    return;
  }
  if (task.action === 'include_tasks' || task.action === 'include_role' || task.action === 'include') {
    const name = task.action === 'include_role' && typeof task.args['name'] === 'string' && task.name === undefined ? `include_role : ${task.args['name']}` : undefined;
    const incRole = roleOf(task);
    // IncludeRole.get_name has no role prefix; include_tasks in a role has one.
    const rolePrefix = incRole && task.action !== 'include_role' ? `${incRole.name} : ` : '';
    ctx.callback.taskStart({ uuid: `inc-${task.pos.file}:${task.pos.line}`, name: rolePrefix + (name ?? task.name ?? task.actionAsWritten), action: task.action, isHandler: task.isHandler, noLog: false, checkMode: ctx.settings.check, hasLoop: false });
    const base = order.get(task) ?? 0;
    for (const o of runInclude(task, hosts, session)) {
      const now = Date.now();
      const ev = { task: { uuid: `inc-${task.pos.file}:${task.pos.line}`, name: task.name ?? task.actionAsWritten, action: 'include_tasks', isHandler: false, noLog: false, checkMode: false, hasLoop: false }, host: o.host, status: o.status, result: o.result, ignored: false, startedAt: now, endedAt: now };
      // Ansible counts an include's ok when it loads the file; include_role loads none, so no ok.
      // Each included file (one per loop item) counts one ok.
      if (o.status !== 'ok') ctx.stats.record(ev);
      else if (task.action !== 'include_role') for (let i = 0; i < Math.max(1, o.included.length); i++) ctx.stats.record(ev);
      if (o.status !== 'ok') ctx.callback.hostResult(ev);
      session.roleRuns.taskDone(role, o.host, o.status);
      const inner = taskOrder(o.included);
      for (const [t, i] of inner) if (!order.has(t)) order.set(t, base + (i + 1) / (inner.size + 2));
      step(o.host, { failed: o.status === 'failed', included: o.included });
    }
    return;
  }
  for (const r of await runTaskOnHosts(task, hosts, session.scope, ctx)) {
    session.report(task, r);
    session.roleRuns.taskDone(role, r.host, r.status);
    if (r.status === 'failed' && !r.ignored) session.lastFailure.set(r.host, { task, result: r.result });
    if (r.status === 'unreachable' && !r.ignored) {
      state.markUnreachable(r.host);
      continue;
    }
    step(r.host, { failed: r.status === 'failed' && !r.ignored });
  }
}

/**
 * The `linear` strategy over one play section: every host runs the same task before any host
 * moves on (Ansible's lockstep over all_tasks in document order).
 */
export async function runSectionLinear(blocks: readonly BlockNode[], session: PlaySession): Promise<void> {
  const { state, ctx } = session;
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
          const failure = session.lastFailure.get(host);
          if (failure) {
            ctx.vars.setHostVar(host, 'ansible_failed_task', serializeTask(failure.task));
            ctx.vars.setHostVar(host, 'ansible_failed_result', wrapUnsafe(registrable(failure.result)));
          }
        },
        selected: session.selected,
      }),
    );
  }
  const step: Step = (host, outcome) => {
    const it = iterators.get(host);
    if (!it) return;
    const next = it.next(outcome);
    if (next.done) {
      iterators.delete(host);
      if (next.value) state.markFailed(host);
    } else pending.set(host, next.value);
  };
  for (const [host, it] of iterators) {
    const first = it.next(undefined as never);
    if (first.done) iterators.delete(host);
    else pending.set(host, first.value);
  }

  let cursor = 0;
  while (pending.size > 0 && !session.ended) {
    for (const host of [...pending.keys()]) {
      if (!state.isActive(host)) pending.delete(host);
    }
    if (pending.size === 0) break;
    const candidates = [...new Set(pending.values())];
    const after = candidates.filter((t) => (order.get(t) ?? 0) >= cursor);
    const pool = after.length > 0 ? after : candidates;
    const task = pool.reduce((a, b) => ((order.get(a) ?? 0) <= (order.get(b) ?? 0) ? a : b));
    cursor = order.get(task) ?? 0;
    const hosts = state.activeHosts().filter((h) => pending.get(h) === task);
    for (const h of hosts) pending.delete(h);
    const downBefore = state.downCount();
    await runStep(task, hosts, session, order, step);
    if (state.downCount() > downBefore) checkFailureLimits(task, session);
  }
}
