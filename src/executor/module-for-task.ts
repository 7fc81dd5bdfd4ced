/*
 * Which implementation runs a task's module: kplay's native one when it has it, else the
 * module Ansible would find on the controller (library/ dirs, collections), run with the
 * host's Python. -vvv says which, as ansible-playbook's "Using module file …" does.
 */
import { toBool } from '../modules/argspec.js';
import { foreignModule, type ForeignModule } from '../modules/python/foreign-module.js';
import { getModule, type ModuleName } from '../modules/registry.js';
import type { ModuleDefinition } from '../modules/types.js';
import { moduleFinderOf } from '../playbook/foreign-modules.js';
import { inherited, type TaskNode } from '../playbook/model.js';
import type { Vars } from './ports.js';
import type { RunContext } from './run-context.js';

const resolved = new WeakMap<TaskNode, ForeignModule | null>();

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
      // The library/ dirs of every role loaded so far count, not only the task's own (module-finder.ts).
      foreignModule({ name: task.actionAsWritten, finder: moduleFinderOf(ctx.loaderEnv), collections: collectionsOf(task) }) ?? null;
    resolved.set(task, found);
  }
  if (!found) return undefined;
  ctx.callback.verbose?.(`Using module file ${found.source}`, 3);
  return found.definition(noLogOf(task, vars, ctx));
}
