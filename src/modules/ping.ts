// Follows ansible.builtin.ping: proves the host can be logged into and run a command.
import type { ModuleDefinition } from './types.js';

export const ping: ModuleDefinition = {
  name: 'ping',
  spec: { supportsCheckMode: true, options: { data: { default: 'pong' } } },
  async run(args, ctx) {
    const data = args['data'];
    if (data === 'crash') return { failed: true, msg: 'boom', changed: false };
    const conn = await ctx.connection();
    const r = await conn.exec('true');
    if (r.code !== 0) return { failed: true, msg: r.stderr.trim() || 'ping failed', changed: false };
    return { ping: data, changed: false };
  },
};
