import { dirname } from 'node:path';
import type { HostStatus } from '../callback/events.js';
import { loadSection } from '../playbook/load-task.js';
import { isFalse, resolveTaskFile } from '../playbook/imports.js';
import { roleBlock, roleDependencyBlocks } from '../playbook/play-roles.js';
import type { LoadContext } from '../playbook/loader-env.js';
import type { BlockNode, TaskNode } from '../playbook/model.js';
import { roleOf } from '../playbook/model.js';
import { loadRole, parseRoleEntry } from '../playbook/roles.js';
import { loadYamlFile } from '../yaml/load.js';
import { collectedWhen } from '../playbook/model.js';
import { loopItems, loopOf } from './loop.js';
import { stripUnsafe } from '../template/index.js';
import { addPublicRole } from '../vars/variable-manager.js';
import type { PlaySession } from './play-session.js';
import type { Vars } from './ports.js';

export interface IncludeOutcome {
  readonly host: string;
  readonly status: HostStatus;
  readonly result: Record<string, unknown>;
  readonly included: BlockNode[];
}

type Ds = Record<string, unknown>;

function argsFor(task: TaskNode, vars: Vars, session: PlaySession): Ds {
  return stripUnsafe(session.ctx.templar.template(task.args, vars, task.pos)) as Ds;
}

/** The loader context an include runs in: its file's directory and role. */
function loadContextFor(task: TaskNode, session: PlaySession): LoadContext {
  const role = roleOf(task);
  return {
    file: task.pos.file,
    handler: task.isHandler,
    dir: dirname(task.pos.file),
    playVars: session.play.vars,
    env: session.ctx.loaderEnv,
    ...(role ? { role } : {}),
    handlerSink: [],
  };
}

/*
 * A dynamic include is not statically loaded, so what it includes inherits no keyword from
 * it (tags, become, when …: they apply to the include alone), only from its parents; `apply:`
 * is how keywords reach the included tasks (Task._get_parent_attribute, build_parent_block).
 */
function wrap(inner: BlockNode[], task: TaskNode, vars: Ds, role?: BlockNode['role'], apply?: unknown): BlockNode {
  const keywords: Ds = apply !== null && typeof apply === 'object' && !Array.isArray(apply) ? { ...(apply as Ds) } : {};
  if (Object.keys(vars).length) keywords['vars'] = vars;
  const block: BlockNode = { kind: 'block', name: undefined, block: inner, rescue: [], always: [], keywords, pos: task.pos, parent: task.parent, implicit: false, play: task.parent?.play, include: true, ...(role ? { role } : {}) };
  for (const b of inner) b.parent = block;
  return block;
}

function loadIncludedTasks(task: TaskNode, args: Ds, itemVars: Ds, session: PlaySession): { file: string; block: BlockNode } {
  const name = String(args['file'] ?? args['_raw_params'] ?? '');
  const ctx = loadContextFor(task, session);
  const file = resolveTaskFile(name, ctx, task.pos);
  const params = Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'file' && k !== '_raw_params' && k !== 'apply'));
  const vars = { ...((task.keywords['vars'] as Ds | undefined) ?? {}), ...params, ...itemVars };
  const key = `tasks\0${file}\0${JSON.stringify(vars)}\0${String(task.pos.line)}`;
  let cached = session.includeCache.get(key);
  if (!cached) {
    const data = loadYamlFile(file, ctx.env.vault);
    cached = [wrap(loadSection(data, { ...ctx, file, dir: dirname(file) }, 'tasks', data), task, vars, undefined, args['apply'])];
    session.includeCache.set(key, cached);
  }
  return { file, block: cached[0]! };
}

function loadIncludedRole(task: TaskNode, args: Ds, itemVars: Ds, session: PlaySession): BlockNode {
  const key = `role\0${JSON.stringify(args)}\0${JSON.stringify(itemVars)}\0${String(task.pos.line)}`;
  let cached = session.includeCache.get(key);
  if (!cached) {
    const ctx = loadContextFor(task, session);
    const entry = parseRoleEntry({ role: args['name'] }, ctx, task.pos);
    const str = (k: string): string | undefined => (typeof args[k] === 'string' ? (args[k] as string) : undefined);
    const opts = { tasksFrom: str('tasks_from'), varsFrom: str('vars_from'), defaultsFrom: str('defaults_from'), handlersFrom: str('handlers_from') };
    const loaded = loadRole(entry, ctx, { ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)), fromInclude: true, allowDuplicates: !isFalse(args['allow_duplicates']), validate: !isFalse(args['rolespec_validate']) });
    // Its meta dependencies come first, as Role.compile puts them (shared with the play's roles).
    const depHandlers: BlockNode[] = [];
    const deps = roleDependencyBlocks(loaded.dependencies, ctx, depHandlers);
    session.handlers.add([...depHandlers, ...loaded.handlers]);
    if (args['public'] === true || args['public'] === 'yes' || args['public'] === 'true') addPublicRole(session.play, loaded.info);
    cached = [wrap([...deps, roleBlock(loaded, {}, task.pos)], task, { ...((task.keywords['vars'] as Ds | undefined) ?? {}), ...itemVars }, loaded.info, args['apply'])];
    session.includeCache.set(key, cached);
  }
  return cached[0]!;
}

/** include_tasks / include_role for each host: evaluated at run time, per host and per item. */
export function runInclude(task: TaskNode, hosts: readonly string[], session: PlaySession): IncludeOutcome[] {
  const { ctx } = session;
  const loop = loopOf(task);
  const byFile = new Map<string, string[]>();
  const out: IncludeOutcome[] = [];
  for (const host of hosts) {
    const vars = ctx.vars.forTask(host, session.scope, task);
    try {
      const when = collectedWhen(task);
      if (!when.every((c) => ctx.templar.conditional(c, vars, task.pos))) {
        out.push({ host, status: 'skipped', result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' }, included: [] });
        continue;
      }
      const items: Array<Ds | undefined> = loop ? loopItems(loop, vars, ctx, task).map((it) => ({ [loop.loopVar]: it })) : [undefined];
      const included: BlockNode[] = [];
      for (const itemVars of items) {
        const args = argsFor(task, { ...vars, ...(itemVars ?? {}) }, session);
        if (task.action === 'include_role') included.push(loadIncludedRole(task, args, itemVars ?? {}, session));
        else {
          const { file, block } = loadIncludedTasks(task, args, itemVars ?? {}, session);
          included.push(block);
          const label = itemVars && loop ? ` => (item=${String(itemVars[loop.loopVar])})` : '';
          const k = `${file}${label}`;
          byFile.set(k, [...(byFile.get(k) ?? []), host]);
        }
      }
      out.push({ host, status: 'ok', result: { changed: false }, included });
    } catch (e) {
      out.push({ host, status: 'failed', result: { failed: true, msg: e instanceof Error ? e.message : String(e) }, included: [] });
    }
  }
  for (const [k, hs] of byFile) {
    const [file, label = ''] = k.split(' => ');
    ctx.callback.included(file!, hs, label ? label.replace(/^\(item=(.*)\)$/, '$1') : undefined);
  }
  return out;
}
