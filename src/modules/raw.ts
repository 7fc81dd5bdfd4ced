// Follows ansible.builtin.raw: the command line goes to the host's shell as is, over a PTY like `ssh -tt`.
import { shellQuote } from '../connection/quote.js';
import type { ModuleDefinition } from './types.js';

export const raw: ModuleDefinition = {
  name: 'raw',
  spec: { freeForm: true, options: { _raw_params: { required: true }, executable: {} } },
  async run(args, ctx) {
    const conn = await ctx.connection();
    const command = args['_raw_params'] as string;
    const executable = args['executable'] as string | null;
    const line = executable ? `exec ${shellQuote(executable)} -c ${shellQuote(command)}` : command;
    const r = await conn.exec(line, { pty: true });
    const rc = r.code ?? -1;
    const result = { changed: true, rc, stdout: r.stdout, stderr: r.stderr, stdout_lines: r.stdout.split(/\r?\n/).filter((l, i, a) => i < a.length - 1 || l !== ''), stderr_lines: r.stderr.split(/\r?\n/).filter((l, i, a) => i < a.length - 1 || l !== '') };
    return rc === 0 ? result : { ...result, failed: true, msg: 'non-zero return code' };
  },
};
