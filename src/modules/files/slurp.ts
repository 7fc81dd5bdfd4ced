// Follows ansible.builtin.slurp (ansible-core 2.14: modules/slurp.py).
import { shellQuote } from '../../connection/quote.js';
import type { ModuleDefinition, ModuleSpec } from '../types.js';
import { expandRemotePath } from './support/remote-path.js';

export const slurpSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: { src: { type: 'path', required: true, aliases: ['path'] } },
};

export const slurp: ModuleDefinition = {
  name: 'slurp',
  spec: slurpSpec,
  async run(args, ctx) {
    const conn = await ctx.connection();
    const source = args['src'] as string;
    const p = shellQuote(await expandRemotePath(conn, source));
    // base64 on the host keeps the bytes intact through a text channel (and through become).
    const r = await conn.exec(`if [ ! -e ${p} ]; then echo ENOENT; exit 2; elif [ -d ${p} ]; then echo EISDIR; exit 2; elif [ ! -r ${p} ]; then echo EACCES; exit 2; fi; base64 -w0 < ${p}`);
    if (r.code !== 0) {
      const why = r.stdout.trim();
      const msg = why === 'ENOENT' ? `file not found: ${source}` : why === 'EISDIR' ? `source is a directory and must be a file: ${source}` : why === 'EACCES' ? `file is not readable: ${source}` : `unable to slurp file: ${r.stderr.trim()}`;
      return { failed: true, msg };
    }
    return { changed: false, content: r.stdout.trim(), source, encoding: 'base64' };
  },
};
