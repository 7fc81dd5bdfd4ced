import type { Playbook } from '../playbook/model.js';
import { runPlay, type RunTotals } from './play-runner.js';
import type { RunContext } from './run-context.js';

/* ansible-playbook's exit codes for a run that got to the plays. */
export const EXIT_OK = 0;
export const EXIT_FAILED_HOSTS = 2;
export const EXIT_UNREACHABLE_HOSTS = 4;

/** Runs every play in order; returns ansible-playbook's exit code. */
export async function runPlaybook(playbook: Playbook, ctx: RunContext, limitHosts: (hosts: string[]) => string[]): Promise<number> {
  const totals: RunTotals = { failed: new Set(), unreachable: new Set() };
  ctx.callback.playbookStart(playbook.file);
  try {
    for (const play of playbook.plays) {
      const outcome = await runPlay(play, ctx, totals, limitHosts);
      if (outcome.breakPlaybook) break;
    }
  } finally {
    await ctx.connections.closeAll();
  }
  ctx.callback.stats(ctx.stats.snapshot());
  if (totals.unreachable.size > 0) return EXIT_UNREACHABLE_HOSTS;
  if (totals.failed.size > 0) return EXIT_FAILED_HOSTS;
  return EXIT_OK;
}
