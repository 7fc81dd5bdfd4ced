// Follows ansible.builtin.wait_for_connection (ansible-core 2.14 plugins/action/wait_for_connection.py):
// retries a trivial command (Ansible's ping module, here `echo pong`) until the host answers.
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';

const spec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    connect_timeout: { type: 'int', default: 5 },
    delay: { type: 'int', default: 0 },
    sleep: { type: 'int', default: 1 },
    timeout: { type: 'int', default: 600 },
  },
};

const pause = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000));

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  if (ctx.checkMode) return { skipped: true };
  const start = Date.now();
  const end = start + (args['timeout'] as number) * 1000;
  if ((args['delay'] as number) > 0) await pause(args['delay'] as number);
  let error = '';
  for (;;) {
    try {
      const conn = await ctx.connection();
      const r = await conn.exec('echo pong', { timeoutMs: (args['connect_timeout'] as number) * 1000 });
      if (r.stdout.trim() === 'pong') return { changed: false, elapsed: Math.floor((Date.now() - start) / 1000) };
      error = 'ping test failed';
    } catch (e) {
      error = (e as Error).message;
    }
    if (Date.now() >= end) break;
    await pause(args['sleep'] as number);
  }
  return { changed: false, failed: true, msg: `timed out waiting for ping module test: ${error}`, elapsed: Math.floor((Date.now() - start) / 1000) };
}

export const wait_for_connection: ModuleDefinition = { name: 'wait_for_connection', spec, run };
