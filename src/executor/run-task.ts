import pLimit from 'p-limit';
import { wrapUnsafe } from '../template/native-helpers.js';
import type { HostResultEvent, HostStatus, TaskInfo } from '../callback/events.js';
import type { TaskNode } from '../playbook/model.js';
import { inherited, roleOf } from '../playbook/model.js';
import { toBool } from '../modules/argspec.js';
import type { PlayScope } from '../vars/variable-manager.js';
import { loopOf } from './loop.js';
import type { RunContext } from './run-context.js';
import { executeTaskOnHost, type HostTaskOutcome } from './task-executor.js';
import { taskInfo } from './task-info.js';
import { cleanCopy, registrable, statusOf, type Result } from './task-result.js';

export interface HostTaskReport {
  readonly host: string;
  readonly status: HostStatus;
  readonly ignored: boolean;
  readonly result: Result;
  readonly notified: readonly string[];
}

function bannerName(task: TaskNode, ctx: RunContext, scope: PlayScope, firstHost: string | undefined): string {
  const role = roleOf(task);
  const prefix = role ? `${role.name} : ` : '';
  if (task.name === undefined) return prefix + task.actionAsWritten;
  if (!firstHost) return prefix + task.name;
  try {
    return prefix + String(ctx.templar.template(task.name, ctx.vars.forTask(firstHost, scope, task)));
  } catch {
    return prefix + task.name;
  }
}

function isTrue(v: unknown): boolean {
  try {
    return toBool(v);
  } catch {
    return Boolean(v);
  }
}

function notifyList(task: TaskNode): string[] {
  const n = task.keywords['notify'];
  if (n === undefined || n === null) return [];
  return (Array.isArray(n) ? n : [n]).map(String);
}

/** add_host / group_by results change the in-memory inventory (Ansible's _add_host/_add_group). */
function applyInventoryChanges(host: string, result: Result, ctx: RunContext): void {
  const results = Array.isArray(result['results']) ? (result['results'] as Result[]) : [result];
  for (const r of results) {
    const add = r['add_host'] as { host_name?: string; groups?: string[]; host_vars?: Record<string, unknown> } | undefined;
    if (add?.host_name) r['changed'] = ctx.inventory.addHost(add.host_name, add.groups ?? [], add.host_vars ?? {}).changed;
    if (typeof r['add_group'] === 'string') r['changed'] = ctx.inventory.groupBy(host, r['add_group'], (r['parent_groups'] as string[] | undefined) ?? []).changed;
  }
  if (Array.isArray(result['results'])) result['changed'] = results.some((r) => r['changed'] === true);
}

/** Keeps what a result leaves behind: registered variables and facts. */
function keepEffects(task: TaskNode, host: string, result: Result, ctx: RunContext, factsHost: string): void {
  applyInventoryChanges(host, result, ctx);
  const reg = task.keywords['register'];
  // Registered results are unsafe (TaskExecutor wrap_var): text in them is never templated again.
  if (typeof reg === 'string') ctx.vars.setHostVar(host, reg, wrapUnsafe(registrable(result)));
  const facts = result['ansible_facts'];
  if (facts && typeof facts === 'object' && result['failed'] !== true) {
    if (task.action === 'set_fact') for (const [k, v] of Object.entries(facts)) ctx.vars.setHostVar(factsHost, k, v);
    else if (task.action === 'include_vars') ctx.vars.setIncludedVars(factsHost, facts as Record<string, unknown>);
    else if (task.action !== 'debug') ctx.vars.setFacts(factsHost, facts as Record<string, unknown>);
  }
}

function emit(ctx: RunContext, info: TaskInfo, host: string, outcome: HostTaskOutcome, noLog: boolean, started: number): HostStatus {
  const delegated = outcome.delegatedTo ? { delegatedTo: outcome.delegatedTo } : {};
  const now = Date.now();
  for (const item of outcome.items) {
    // A no_log item's result reaches the callback censored (TaskResult.clean_copy): no label, `(item=None)`.
    const itemNoLog = noLog || item.result['_ansible_no_log'] === true;
    const r = cleanCopy(item.result, info.action, itemNoLog);
    ctx.callback.hostResult({ task: info, host, ...delegated, status: statusOf(item.result), result: r, ignored: item.ignored, item: { label: itemNoLog ? null : item.label }, startedAt: started, endedAt: now });
  }
  const status = statusOf(outcome.result);
  const result = cleanCopy(outcome.result, info.action, noLog);
  const ev: HostResultEvent = { task: info, host, ...delegated, status, result, ignored: status === 'failed' ? outcome.ignored : status === 'unreachable' ? outcome.ignored : false, startedAt: started, endedAt: now };
  ctx.stats.record(ev);
  ctx.callback.hostResult(ev);
  return status;
}

/** Action plugins with BYPASS_HOST_LOOP = True in ansible-core. */
const BYPASS_HOST_LOOP: ReadonlySet<string> = new Set(['add_host', 'pause']);

/** Runs one task on a group of hosts in parallel (up to forks), reporting each result as it lands. */
export async function runTaskOnHosts(task: TaskNode, hosts: readonly string[], scope: PlayScope, ctx: RunContext): Promise<HostTaskReport[]> {
  const loop = loopOf(task);
  const info = { ...taskInfo(task, bannerName(task, ctx, scope, hosts[0]), ctx.settings.check, loop !== undefined, ctx.settings.diff), hostCount: hosts.length };
  ctx.callback.taskStart(info);
  const throttle = Number(templated(task, 'throttle', ctx, scope, hosts[0]) ?? 0);
  const limit = pLimit(Math.max(1, throttle > 0 ? Math.min(throttle, ctx.settings.forks) : ctx.settings.forks));
  const ignoreUnreachable = isTrue(inherited(task, 'ignore_unreachable'));
  // add_host and pause bypass the host loop (BYPASS_HOST_LOOP): they run on the first host only.
  const runOnce = isTrue(templated(task, 'run_once', ctx, scope, hosts[0]));
  const once = runOnce || BYPASS_HOST_LOOP.has(task.action);
  const delegateFacts = isTrue(inherited(task, 'delegate_facts'));
  const targets = once ? hosts.slice(0, 1) : hosts;
  const reports = await Promise.all(
    targets.map((host) =>
      limit(async (): Promise<HostTaskReport> => {
        const started = Date.now();
        let outcome = await executeTaskOnHost(task, host, scope, ctx, loop);
        if (outcome.result['unreachable'] === true && ignoreUnreachable) outcome = { ...outcome, ignored: true };
        const noLog = info.noLog || outcome.result['_ansible_no_log'] === true;
        keepEffects(task, host, outcome.result, ctx, delegateFacts && outcome.delegatedTo ? outcome.delegatedTo : host);
        const status = emit(ctx, info, host, outcome, noLog, started);
        const notified = status === 'changed' ? notifyList(task) : [];
        return { host, status, ignored: outcome.ignored, result: outcome.result, notified };
      }),
    ),
  );
  if (!once || reports.length === 0) return reports;
  const first = reports[0]!;
  if (!runOnce) {
    // Bypassing the loop alone: the others take no result (nothing registered, nothing shown).
    for (const host of hosts.slice(1)) reports.push({ host, status: 'ok', ignored: false, result: {}, notified: [] });
    return reports;
  }
  // run_once: the one result stands for every host of the batch (register, facts, notify).
  for (const host of hosts.slice(1)) {
    keepEffects(task, host, first.result, ctx, host);
    reports.push({ ...first, host });
  }
  return reports;
}

function templated(task: TaskNode, keyword: string, ctx: RunContext, scope: PlayScope, host: string | undefined): unknown {
  const v = inherited(task, keyword);
  if (v === undefined || v === null || host === undefined) return v;
  return ctx.templar.template(v, ctx.vars.forTask(host, scope, task));
}
