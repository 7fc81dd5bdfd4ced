import { setTimeout as sleep } from 'node:timers/promises';
import type { TaskNode } from '../playbook/model.js';
import type { Vars } from './ports.js';
import type { RunContext } from './run-context.js';
import type { Result } from './task-result.js';

function num(v: unknown, ctx: RunContext, vars: Vars, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  const n = Number(ctx.templar.template(v, vars));
  return Number.isFinite(n) ? n : fallback;
}

export function asyncSeconds(task: TaskNode, ctx: RunContext, vars: Vars): number {
  return num(task.keywords['async'], ctx, vars, 0);
}

/** `async:`/`poll:`: fire and forget (poll 0) or poll until done or out of time, as Ansible reports it. */
export async function runAsync(task: TaskNode, host: string, vars: Vars, ctx: RunContext, run: () => Promise<Result>): Promise<Result> {
  const limit = asyncSeconds(task, ctx, vars);
  const poll = num(task.keywords['poll'], ctx, vars, 10);
  const job = ctx.asyncJobs.start(limit, run);
  const resultsFile = `~/.ansible_async/${job.jid}`;
  const header = { ansible_job_id: job.jid, results_file: resultsFile, started: 1 };
  if (poll <= 0) return { ...header, finished: 0, changed: true, failed: 0 };
  for (;;) {
    await sleep(poll * 1000);
    if (job.result) break;
    ctx.callback.asyncPoll(host, job.jid, 'poll');
  }
  const r = job.result;
  if (r['timed_out'] === true) {
    ctx.callback.asyncPoll(host, job.jid, 'failed');
    return { failed: true, changed: false, msg: r['msg'], async_result: { ...header, finished: 0, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [] } };
  }
  ctx.callback.asyncPoll(host, job.jid, r['failed'] === true ? 'failed' : 'ok');
  return { ...header, ...r, finished: 1 };
}
