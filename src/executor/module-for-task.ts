/*
 * Which implementation runs a task's module: kplay's native one when it has it, else the
 * module Ansible would find on the controller (library/ dirs, collections), run with the
 * host's Python. -vvv says which, as ansible-playbook's "Using module file …" does.
 */
import { toBool } from '../modules/argspec.js';
import { foreignModule, type ForeignModule } from '../modules/python/foreign-module.js';
import { getModule, type ModuleName } from '../modules/registry.js';
import type { ModuleDefinition } from '../modules/types.js';
import { inherited, roleOf, type BlockNode, type Node, type PlayNode, type TaskNode } from '../playbook/model.js';
import type { Vars } from './ports.js';
import type { RunContext } from './run-context.js';

const resolved = new WeakMap<TaskNode, ForeignModule | null>();
const playRoleDirs = new WeakMap<PlayNode, string[]>();

/** Every role of the task's play: Ansible adds each loaded role's library/ to the module path. */
function rolesOfPlay(task: TaskNode): string[] {
  let top: BlockNode | undefined = task.parent;
  while (top?.parent) top = top.parent;
  const play = top?.play;
  if (!play) return [];
  let dirs = playRoleDirs.get(play);
  if (!dirs) {
    const found = new Set<string>();
    const walk = (nodes: readonly Node[]): void => {
      for (const n of nodes) {
        if (n.kind !== 'block') continue;
        if (n.role) found.add(n.role.path);
        walk(n.block);
        walk(n.rescue);
        walk(n.always);
      }
    };
    walk([...play.preTasks, ...play.roles, ...play.tasks, ...play.postTasks, ...play.handlers]);
    dirs = [...found];
    playRoleDirs.set(play, dirs);
  }
  return dirs;
}

function noLogOf(task: TaskNode, vars: Vars, ctx: RunContext): boolean {
  const v = inherited(task, 'no_log');
  if (v === undefined || v === null) return false;
  const t = ctx.templar.template(v, vars);
  try {
    return toBool(t);
  } catch {
    return Boolean(t);
  }
}

function collectionsOf(task: TaskNode): string[] {
  const c = inherited(task, 'collections');
  return Array.isArray(c) ? c.filter((x): x is string => typeof x === 'string') : [];
}

export function moduleForTask(task: TaskNode, host: string, vars: Vars, ctx: RunContext): ModuleDefinition | undefined {
  const native = getModule(task.action as ModuleName) as ModuleDefinition | undefined;
  if (native) {
    ctx.callback.verbose?.(`<${host}> Using kplay's native module '${native.name}' for ${task.actionAsWritten}`, 3);
    return native;
  }
  let found = resolved.get(task);
  if (found === undefined) {
    found =
      foreignModule({
        name: task.actionAsWritten,
        taskFile: task.pos.file,
        roleDir: roleOf(task)?.path,
        playRoleDirs: rolesOfPlay(task),
        playbookDir: ctx.loaderEnv.playbookDir,
        configFile: ctx.settings.configFile,
        collections: collectionsOf(task),
      }) ?? null;
    resolved.set(task, found);
  }
  if (!found) return undefined;
  ctx.callback.verbose?.(`Using module file ${found.source}`, 3);
  return found.definition(noLogOf(task, vars, ctx));
}
