import { SourceError } from '../errors/source-error.js';
import type { TaskNode } from '../playbook/model.js';
import { collectedWhen } from '../playbook/model.js';
import { connectionSpecFor } from './connection-vars.js';
import type { PlaySession } from './play-session.js';

const KNOWN = new Set(['noop', 'flush_handlers', 'end_play', 'end_host', 'end_batch', 'clear_facts', 'clear_host_errors', 'reset_connection', 'refresh_inventory', 'role_complete']);

/** What a meta task did to one host's iteration. */
export interface MetaEffect {
  /** The host stops here without failing (end_host, end_play, end_batch). */
  readonly endHost: boolean;
}

function holds(task: TaskNode, host: string, session: PlaySession): boolean {
  const conds = collectedWhen(task);
  if (conds.length === 0) return true;
  const vars = session.ctx.vars.forTask(host, session.scope, task);
  return conds.every((c) => session.ctx.templar.conditional(c, vars, task.pos));
}

/** `meta:` actions, run by the strategy itself (Ansible's _execute_meta), once for the hosts at this task. */
export async function runMeta(task: TaskNode, hosts: readonly string[], session: PlaySession): Promise<Map<string, MetaEffect>> {
  const action = String(task.args['_raw_params'] ?? '').trim();
  if (!KNOWN.has(action)) throw new SourceError(`invalid meta action requested: ${action}`, { code: 'KPLAY_PARSE', pos: task.pos });
  const { ctx } = session;
  ctx.callback.taskStart({ uuid: `meta-${task.pos.file}:${task.pos.line}`, name: task.name ?? task.actionAsWritten, action: 'meta', isHandler: task.isHandler, noLog: false, checkMode: ctx.settings.check, hasLoop: false });
  const effects = new Map<string, MetaEffect>();
  const none: MetaEffect = { endHost: false };
  for (const host of hosts) effects.set(host, none);
  switch (action) {
    case 'flush_handlers':
      await session.flushHandlers();
      break;
    case 'end_play':
    case 'end_batch':
      if (hosts.some((h) => holds(task, h, session))) {
        if (action === 'end_play') session.ended = true;
        for (const h of hosts) effects.set(h, { endHost: true });
      }
      break;
    case 'end_host':
      for (const h of hosts) if (holds(task, h, session)) effects.set(h, { endHost: true });
      break;
    case 'clear_facts':
      for (const h of hosts) if (holds(task, h, session)) ctx.vars.clearFacts(h);
      break;
    case 'clear_host_errors':
      for (const h of session.state.hosts) if (holds(task, h, session)) session.state.clearFailure(h);
      break;
    case 'reset_connection':
      for (const h of hosts) {
        const vars = ctx.vars.forTask(h, session.scope, task);
        await ctx.connections.reset(connectionSpecFor(h, vars, task, ctx));
      }
      break;
    default:
      break;
  }
  return effects;
}
