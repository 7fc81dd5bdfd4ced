import { setTimeout as sleep } from 'node:timers/promises';
import type { TaskNode } from '../playbook/model.js';
import type { Vars } from './ports.js';
import type { RunContext } from './run-context.js';
import { registrable, type Result } from './task-result.js';

function num(v: unknown, ctx: RunContext, vars: Vars): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = Number(ctx.templar.template(v, vars));
  return Number.isFinite(n) ? n : undefined;
}

/**
 * `until` / `retries` / `delay` as TaskExecutor does them: retries defaults to 3 attempts, an explicit
 * `retries: N` gives N+1 attempts, and running out marks the result failed.
 */
export async function withRetries(task: TaskNode, host: string, vars: Vars, ctx: RunContext, run: () => Promise<Result>): Promise<Result> {
  const until = task.keywords['until'];
  if (until === undefined || until === null || until === '') return run();
  const given = num(task.keywords['retries'], ctx, vars);
  const attempts = given === undefined ? 3 : given <= 0 ? 1 : given + 1;
  const delay = Math.max(0, num(task.keywords['delay'], ctx, vars) ?? 5);
  const reg = task.keywords['register'];
  let result: Result = {};
  for (let attempt = 1; attempt <= attempts; attempt++) {
    result = await run();
    if (result['unreachable'] === true) return result;
    result['attempts'] = attempt;
    if (attempts <= 1) return result;
    const scoped = typeof reg === 'string' ? { ...vars, [reg]: registrable(result) } : vars;
    if (ctx.templar.conditional(until, scoped, task.pos)) return result;
    if (attempt < attempts) {
      ctx.callback.retry(host, task.name ?? task.actionAsWritten, attempts - attempt);
      if (delay > 0) await sleep(delay * 1000);
    }
  }
  result['attempts'] = attempts - 1;
  result['failed'] = true;
  return result;
}
