import { randomInt } from 'node:crypto';
import type { Result } from './task-result.js';

export interface AsyncJob {
  readonly jid: string;
  readonly startedAt: number;
  readonly limitSeconds: number;
  result: Result | undefined;
}

/**
 * Jobs started with `async:`. kplay runs them from the controller over the host's connection
 * (no Python job wrapper on the host); `async_status` reads them here.
 */
export class AsyncJobs {
  private readonly jobs = new Map<string, AsyncJob>();

  start(limitSeconds: number, run: () => Promise<Result>): AsyncJob {
    const jid = `j${randomInt(100_000_000, 999_999_999_999)}.${process.pid}`;
    const job: AsyncJob = { jid, startedAt: Date.now(), limitSeconds, result: undefined };
    this.jobs.set(jid, job);
    const timer = setTimeout(() => {
      if (!job.result) job.result = { failed: true, msg: `async task did not complete within the requested time - ${limitSeconds}s`, timed_out: true };
    }, limitSeconds * 1000);
    timer.unref();
    run().then(
      (r) => {
        clearTimeout(timer);
        job.result ??= r;
      },
      (e: unknown) => {
        clearTimeout(timer);
        job.result ??= { failed: true, msg: e instanceof Error ? e.message : String(e) };
      },
    );
    return job;
  }

  get(jid: string): AsyncJob | undefined {
    return this.jobs.get(jid);
  }
}
