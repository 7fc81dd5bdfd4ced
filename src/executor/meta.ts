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

/* These run for each host at the task; the others run once, for the first host, and act on the play's hosts. */
const PER_HOST = new Set(['noop', 'reset_connection', 'end_host', 'role_complete', 'flush_handlers']);

/**
 * `meta:` actions, run by the strategy itself (Ansible's _execute_meta, called by the linear
 * strategy per host): a banner each time it runs, `skipping:` when its `when` is false.
 */
export async function runMeta(task: TaskNode, hosts: readonly string[], session: PlaySession): Promise<Map<string, MetaEffect>> {
  const action = String(task.args['_raw_params'] ?? '').trim();
  if (!KNOWN.has(action)) throw new SourceError(`invalid meta action requested: ${action}`, { code: 'KPLAY_PARSE', pos: task.pos });
  const { ctx } = session;
  const info = { uuid: `meta-${task.pos.file}:${task.pos.line}`, name: task.name ?? task.actionAsWritten, action: 'meta', isHandler: task.isHandler, noLog: false, checkMode: ctx.settings.check, hasLoop: false };
  const effects = new Map<string, MetaEffect>();
  const none: MetaEffect = { endHost: false };
  for (const host of hosts) effects.set(host, none);
  let banner = info;
  const skipped = (host: string): void => {
    const now = Date.now();
    ctx.callback.hostResult({ task: banner, host, status: 'skipped', result: { changed: false, skipped: true, skip_reason: `${action} conditional evaluated to False` }, ignored: false, startedAt: now, endedAt: now });
  };
  let flush = false;
  for (const [i, target] of (PER_HOST.has(action) ? hosts : hosts.slice(0, 1)).entries()) {
    // The callback prints a banner per task start it has not printed yet: one per host here.
    banner = { ...info, uuid: `${info.uuid}#${i}` };
    ctx.callback.taskStart(banner);
    const ok = action === 'noop' || action === 'reset_connection' || holds(task, target, session);
    switch (action) {
      case 'flush_handlers':
        if (ok) flush = true;
        break;
      case 'end_play':
      case 'end_batch':
        if (ok) {
          if (action === 'end_play') session.ended = true;
          for (const h of hosts) effects.set(h, { endHost: true });
        }
        break;
      case 'end_host':
        if (ok) effects.set(target, { endHost: true });
        break;
      case 'clear_facts':
        if (ok) for (const h of session.state.hosts) ctx.vars.clearFacts(h);
        break;
      case 'clear_host_errors':
        if (ok) for (const h of session.state.hosts) session.state.clearFailure(h);
        break;
      case 'reset_connection': {
        const vars = ctx.vars.forTask(target, session.scope, task);
        await ctx.connections.reset(connectionSpecFor(target, vars, task, ctx));
        break;
      }
      default:
        break;
    }
    if (!ok && action !== 'role_complete') skipped(target);
  }
  // Handlers run after every host's banner, as the iterator switches each host to HANDLERS.
  if (flush) await session.flushHandlers();
  return effects;
}
