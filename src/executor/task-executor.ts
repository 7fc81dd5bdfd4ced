import { ArgumentError, aliasWarnings, toBool, validateArgs } from '../modules/argspec.js';
import { moduleForTask } from './module-for-task.js';
import type { ModuleContext } from '../modules/types.js';
import { UnreachableError } from '../connection/types.js';
import { readFileSync } from 'node:fs';
import { SourceError, snippetAt } from '../errors/source-error.js';
import { TemplateError } from '../template/errors.js';
import { VaultError } from '../vault/errors.js';
import { ActionError } from '../modules/action-error.js';
import type { PlayScope } from '../vars/variable-manager.js';
import type { TaskNode } from '../playbook/model.js';
import { collectedWhen, inherited } from '../playbook/model.js';
import { connectionSpecFor } from './connection-vars.js';
import { becomeSpecFor } from './become-vars.js';
import { BecomeConnection, BecomeError } from '../connection/become.js';
import { EnvironmentConnection } from '../connection/environment.js';
import { delegation, environmentOf } from './task-targets.js';
import { withRetries } from './retries.js';
import { findTaskFile } from './find-file.js';
import { ansibleTemplateVars } from '../template/template-vars.js';
import { asyncSeconds, runAsync } from './async-task.js';
import { extendedLoopVars, loopItems, type LoopSpec } from './loop.js';
import { extendedErrorDetails } from '../playbook/error-context.js';
import { stripUnsafe } from '../template/index.js';
import type { Vars } from './ports.js';
import type { RunContext } from './run-context.js';
import { addLines, registrable, type Result } from './task-result.js';

export interface ItemResult {
  readonly label: unknown;
  readonly result: Result;
  readonly ignored: boolean;
}

export interface HostTaskOutcome {
  readonly result: Result;
  /** The delegate_to host, when the task ran elsewhere. */
  readonly delegatedTo?: string;
  readonly items: readonly ItemResult[];
  readonly ignored: boolean;
}

function truthy(ctx: RunContext, v: unknown, vars: Vars): boolean {
  if (v === undefined || v === null) return false;
  const t = ctx.templar.template(v, vars);
  try {
    return toBool(t);
  } catch {
    return Boolean(t);
  }
}

function errorText(e: unknown): string {
  if (e instanceof SourceError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

function undefinedMessage(task: TaskNode, e: unknown): string {
  const why = errorText(e);
  // Only an undefined value gets Ansible's "undefined variable" preface; other template errors
  // (an unknown filter, a filter's own error) keep their words, with where the task is.
  if (e instanceof TemplateError && e.undefinedName === undefined && e.kind !== 'AnsibleUndefinedVariable') return `${why}\n\n${extendedErrorDetails(task.pos.file, task.pos.line, task.pos.column)}`;
  return `The task includes an option with an undefined variable. The error was: ${why}\n\n${extendedErrorDetails(task.pos.file, task.pos.line, task.pos.column)}`;
}

/** Drops arguments templated to the `omit` placeholder, at any depth of dicts. */
function dropOmitted(v: unknown, omit: string): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== omit).map((x) => dropOmitted(x, omit));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== omit) out[k] = dropOmitted(x, omit);
    return out;
  }
  return v;
}

/** Runs one task (one item) on one host: template, run the module, apply changed_when/failed_when. */
async function runOnce(task: TaskNode, host: string, vars: Vars, ctx: RunContext): Promise<Result> {
  let args: Record<string, unknown>;
  try {
    // Unsafe marks only matter to templating: modules get plain strings.
    args = dropOmitted(stripUnsafe(ctx.templar.template(task.args, vars, task.pos)), ctx.omit) as Record<string, unknown>;
    if ('_variable_params' in args) {
      // Task._post_validate_args: a templated dict of arguments under the task's own.
      const { _variable_params: vp, ...rest } = args;
      if (vp === null || typeof vp !== 'object' || Array.isArray(vp)) return { failed: true, msg: `invalid or malformed argument: '${String(vp)}'` };
      args = { ...(vp as Record<string, unknown>), ...rest };
    }
  } catch (e) {
    // A `!vault` value no secret decrypts fails the task with Ansible's vault message.
    if (e instanceof VaultError) return { failed: true, msg: e.message, _ansible_no_log: false };
    return { failed: true, msg: undefinedMessage(task, e), _ansible_no_log: false };
  }
  // kplay's own module, else the one Ansible would find (library/, collections) run with the host's Python.
  const mod = moduleForTask(task, host, vars, ctx);
  if (!mod) return { failed: true, msg: `kplay does not implement the module '${task.actionAsWritten}' (Ansible would run it from its collection or library path)` };
  let validated: Record<string, unknown>;
  try {
    // AnsibleModule names the module as it was resolved: short names through ansible.legacy.
    validated = validateArgs(task.actionAsWritten.includes('.') ? task.actionAsWritten : `ansible.legacy.${task.action}`, mod.spec, args);
  } catch (e) {
    // A module's fail_json carries changed=false; an action plugin's own check does not.
    if (e instanceof ArgumentError) return mod.controllerOnly ? { failed: true, msg: e.message } : { failed: true, changed: false, msg: e.message };
    throw e;
  }
  const checkMode = inherited(task, 'check_mode') !== undefined ? truthy(ctx, inherited(task, 'check_mode'), vars) : ctx.settings.check;
  const diff = inherited(task, 'diff') !== undefined ? truthy(ctx, inherited(task, 'diff'), vars) : ctx.settings.diff;
  if (checkMode && !mod.controllerOnly && mod.spec.supportsCheckMode === false) {
    return { changed: false, skipped: true, msg: 'remote module does not support check mode' };
  }
  const target = mod.controllerOnly ? undefined : delegation(task, host, vars, ctx);
  const spec = target ? connectionSpecFor(target.host, target.vars, task, ctx) : undefined;
  const become = mod.controllerOnly ? undefined : becomeSpecFor(vars, task, ctx);
  const env = mod.controllerOnly ? undefined : environmentOf(task, vars, ctx);
  const mctx: ModuleContext = {
    connection: async () => {
      if (!spec) throw new Error(`${task.action} runs on the controller`);
      const conn = ctx.connections.get(spec);
      const escalated = become ? new BecomeConnection(conn, become) : conn;
      return env ? new EnvironmentConnection(escalated, env) : escalated;
    },
    hostName: host,
    checkMode,
    diff,
    verbosity: ctx.settings.verbosity,
    template: (v) => ctx.templar.template(v, vars, task.pos),
    conditional: (c) => ctx.templar.conditional(c, vars, task.pos),
    lookupVar: (n) => vars[n],
    asyncJob: (jid) => ctx.asyncJobs.get(jid),
    findFile: (kind, name) => findTaskFile(task, ctx.loaderEnv.playbookDir, kind, name),
    renderTemplateFile: (text, fullPath, srcArg, dest) => ctx.templar.renderTemplateFile(text, { ...vars, ...ansibleTemplateVars({ path: srcArg, fullpath: fullPath, destPath: dest }) }, fullPath),
    ...(ctx.loaderEnv.vault ? { vault: ctx.loaderEnv.vault } : {}),
  };
  // AnsibleModule warns (in the module's result) when an option is set by its name and an alias.
  const bothNamed = mod.controllerOnly ? [] : aliasWarnings(mod.spec, args);
  let result: Result;
  try {
    const runModule = async (): Promise<Result> => {
      const r: Result = await mod.run(validated, mctx);
      if (bothNamed.length) r['warnings'] = [...bothNamed, ...(Array.isArray(r['warnings']) ? (r['warnings'] as unknown[]) : [])];
      if (!mod.noModuleLines) addLines(r);
      return r;
    };
    const timeout = Number(ctx.templar.template(inherited(task, 'timeout') ?? 0, vars)) || 0;
    const timed = timeout > 0 ? () => withTimeout(runModule(), timeout * 1000, { failed: true, msg: `The ${task.action} action failed to execute in the expected time frame (${timeout}) and was terminated` }) : runModule;
    result = asyncSeconds(task, ctx, vars) > 0 && !mod.controllerOnly ? await runAsync(task, host, vars, ctx, runModule) : await timed();
  } catch (e) {
    if (e instanceof BecomeError) return { failed: true, msg: e.message };
    if (e instanceof VaultError) return { failed: true, msg: e.message };
    if (e instanceof ActionError) return { failed: true, msg: e.message };
    throw e;
  }
  if (!mod.noModuleLines) addLines(result);
  if (!('failed' in result)) result['failed'] = 'rc' in result && result['rc'] !== 0 && result['rc'] !== '0' && result['rc'] !== null;
  if (!('changed' in result)) result['changed'] = false;
  applyConditions(task, result, vars, ctx);
  return result;
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function applyConditions(task: TaskNode, result: Result, vars: Vars, ctx: RunContext): void {
  if ('skipped' in result && result['skipped'] === true) return;
  const reg = task.keywords['register'];
  const scoped: Vars = typeof reg === 'string' ? { ...vars, [reg]: registrable(result) } : vars;
  let which = 'changed';
  try {
    const cw = task.keywords['changed_when'];
    if (cw !== undefined && cw !== null && cw !== '') result['changed'] = ctx.templar.conditional(cw, scoped, task.pos);
    which = 'failed';
    const fw = task.keywords['failed_when'];
    if (fw !== undefined && fw !== null && fw !== '') {
      const f = ctx.templar.conditional(fw, scoped, task.pos);
      result['failed_when_result'] = f;
      result['failed'] = f;
    }
  } catch (e) {
    result['failed'] = true;
    result[`${which}_when_result`] = errorText(e);
  }
}

function conditionalFailure(task: TaskNode, cond: unknown, e: unknown): Result {
  if (e instanceof VaultError) return { failed: true, msg: vaultConditionalMessage(task, e), _ansible_no_log: false };
  return {
    failed: true,
    msg: `The conditional check '${String(cond)}' failed. The error was: error while evaluating conditional (${String(cond)}): ${errorText(e)}\n\nThe error appears to be in '${task.pos.file}': line ${task.pos.line}, column ${task.pos.column}, but may\nbe elsewhere in the file depending on the exact syntax problem.`,
    _ansible_no_log: false,
  };
}

/** A `when` that used a `!vault` value no secret decrypts: Ansible's message, position and line. */
function vaultConditionalMessage(task: TaskNode, e: VaultError): string {
  const { file, line, column } = task.pos;
  let snippet = '';
  try {
    snippet = `\n\nThe offending line appears to be:\n\n${snippetAt(readFileSync(file, 'utf8'), line, column)}\n`;
  } catch {
    snippet = '';
  }
  return `${e.message}\n\nThe error appears to be in '${file}': line ${line}, column ${column}, but may\nbe elsewhere in the file depending on the exact syntax problem.${snippet}`;
}

/** `when` for this host (and item): undefined if it holds, else the skip or failure result. */
function checkWhen(task: TaskNode, vars: Vars, ctx: RunContext): Result | undefined {
  for (const cond of collectedWhen(task)) {
    try {
      if (!ctx.templar.conditional(cond, vars, task.pos)) {
        return { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
      }
    } catch (e) {
      return conditionalFailure(task, cond, e);
    }
  }
  return undefined;
}

function delegatedTo(task: TaskNode, host: string, vars: Vars, ctx: RunContext): { delegatedTo?: string } {
  const d = delegation(task, host, vars, ctx);
  return d.host === host ? {} : { delegatedTo: d.host };
}

function ignoreErrors(task: TaskNode, vars: Vars, ctx: RunContext): boolean {
  const v = inherited(task, 'ignore_errors');
  return v !== undefined && truthy(ctx, v, vars);
}

/** Runs a task on a host, with its loop if it has one; unreachable hosts surface as results. */
export async function executeTaskOnHost(task: TaskNode, host: string, scope: PlayScope, ctx: RunContext, loop: LoopSpec | undefined): Promise<HostTaskOutcome> {
  const vars = ctx.vars.forTask(host, scope, task);
  const ignored = ignoreErrors(task, vars, ctx);
  try {
    if (!loop) {
      const skip = checkWhen(task, vars, ctx);
      const result = skip ?? (await withRetries(task, host, vars, ctx, () => runOnce(task, host, vars, ctx)));
      return { result, items: [], ignored, ...delegatedTo(task, host, vars, ctx) };
    }
    let items: unknown[];
    try {
      items = loopItems(loop, vars, ctx, task);
    } catch (e) {
      const skip = checkWhen(task, vars, ctx);
      if (skip) return { result: skip, items: [], ignored };
      if (e instanceof VaultError) return { result: { failed: true, msg: e.message }, items: [], ignored };
      return { result: { failed: true, msg: undefinedMessage(task, e) }, items: [], ignored };
    }
    if (items.length === 0) return { result: { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] }, items: [], ignored };
    const itemResults: ItemResult[] = [];
    const results: Result[] = [];
    for (const [index, item] of items.entries()) {
      const itemVars: Vars = { ...vars, [loop.loopVar]: item, ansible_loop_var: loop.loopVar };
      if (loop.indexVar) itemVars[loop.indexVar] = index;
      if (loop.extended) itemVars['ansible_loop'] = extendedLoopVars(items, index, loop.extendedAllitems);
      if (loop.pause > 0 && index > 0) await new Promise((done) => setTimeout(done, loop.pause * 1000));
      const skip = checkWhen(task, itemVars, ctx);
      const r: Result = skip ?? (await withRetries(task, host, itemVars, ctx, () => runOnce(task, host, itemVars, ctx)));
      const label = loop.label !== undefined ? ctx.templar.template(loop.label, itemVars, task.pos) : stripUnsafe(item);
      r[loop.loopVar] = item;
      r['ansible_loop_var'] = loop.loopVar;
      if (loop.extended) r['ansible_loop'] = itemVars['ansible_loop'];
      if (loop.indexVar) {
        r[loop.indexVar] = index;
        r['ansible_index_var'] = loop.indexVar;
      }
      r['_ansible_item_label'] = label;
      results.push(r);
      itemResults.push({ label, result: r, ignored });
      if (r['unreachable'] === true) break;
    }
    const agg: Result = { results, changed: results.some((r) => r['changed'] === true) };
    if (results.some((r) => r['failed'] === true)) {
      agg['failed'] = true;
      agg['msg'] = 'One or more items failed';
    } else agg['msg'] = results.every((r) => r['skipped'] === true) ? 'All items skipped' : 'All items completed';
    if (results.every((r) => r['skipped'] === true)) agg['skipped'] = true;
    else agg['skipped'] = false;
    return { result: agg, items: itemResults, ignored };
  } catch (e) {
    if (e instanceof UnreachableError) return { result: { unreachable: true, changed: false, msg: e.message }, items: [], ignored: false };
    throw e;
  }
}

