import type { HostStatus } from '../callback/events.js';
import { splitlines } from './py-text.js';

export type Result = Record<string, unknown>;

export const NO_LOG_MESSAGE = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/** Ansible's TaskResult.is_* logic: which status a result dict means. */
export function statusOf(result: Result): HostStatus {
  if (result['unreachable'] === true) return 'unreachable';
  if (result['failed'] === true || result['failed_when_result'] === true) return 'failed';
  if (result['skipped'] === true) return 'skipped';
  if (Array.isArray(result['results'])) {
    const items = result['results'] as Result[];
    if (items.length > 0 && items.every((r) => r['skipped'] === true)) return 'skipped';
  }
  return result['changed'] === true ? 'changed' : 'ok';
}

/** The `*_lines` keys the action layer adds to every module result. */
export function addLines(result: Result): void {
  if (typeof result['stdout'] === 'string' && !('stdout_lines' in result)) result['stdout_lines'] = splitlines(result['stdout']);
  if (typeof result['stderr'] === 'string' && !('stderr_lines' in result)) result['stderr_lines'] = splitlines(result['stderr']);
}

/** What `register:` stores: the result without Ansible's internal keys. */
export function registrable(result: Result): Result {
  const out: Result = {};
  for (const [k, v] of Object.entries(result)) {
    if (k.startsWith('_ansible_') || k === 'invocation') continue;
    out[k] = Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? registrable(x as Result) : x)) : v;
  }
  return out;
}

const PRESERVED_WHEN_CENSORED = ['attempts', 'changed', 'retries'];

/**
 * What callbacks see (TaskResult.clean_copy): the status keys are gone (the event says it),
 * a no_log result keeps only `censored` and a few counters.
 */
export function cleanCopy(result: Result, action: string, noLog: boolean): Result {
  if (noLog) {
    const out: Result = { censored: NO_LOG_MESSAGE };
    for (const k of PRESERVED_WHEN_CENSORED) if (k in result) out[k] = result[k];
    return out;
  }
  const out: Result = { ...result };
  delete out['failed'];
  delete out['skipped'];
  if (action === 'debug') delete out['invocation'];
  return out;
}
