// Follows ansible.builtin.tempfile (ansible-core 2.14): mkstemp/mkdtemp naming, no check mode.
import { shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { shellPath } from './find-listing.js';
import { pathInfo } from './path-info.js';

const spec: ModuleSpec = {
  supportsCheckMode: false,
  options: {
    state: { type: 'str', default: 'file', choices: ['file', 'directory'] },
    path: { type: 'path' },
    prefix: { type: 'str', default: 'ansible.' },
    suffix: { type: 'str', default: '' },
  },
};

/* Python's tempfile picks TMPDIR, TEMP, TMP, then /tmp, /var/tmp, /usr/tmp, then the cwd. */
const DEFAULT_DIR = 'for d in "$TMPDIR" "$TEMP" "$TMP" /tmp /var/tmp /usr/tmp "$PWD"; do [ -n "$d" ] && [ -d "$d" ] && [ -w "$d" ] && break; done';

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const dir = args['path'] as string | null;
  const prefix = args['prefix'] as string;
  const suffix = args['suffix'] as string;
  if (prefix.includes('/') || suffix.includes('/')) return { failed: true, msg: `[Errno 2] No such file or directory: '${dir ?? '/tmp'}/${prefix}XXXXXXXX${suffix}'` };
  const conn = await ctx.connection();
  const where = dir === null ? `${DEFAULT_DIR}; ` : `d=${shellPath(dir)}; `;
  // mktemp wants its X's in the last path component: the suffix goes through --suffix.
  const make = `mktemp ${args['state'] === 'directory' ? '-d ' : ''}--suffix=${shellQuote(suffix)} -- "$d"/${shellQuote(prefix)}XXXXXXXX`;
  const r = await conn.exec(`${where}${make}`);
  if (r.code !== 0) {
    const why = /No such file or directory/.test(r.stderr) ? '[Errno 2] No such file or directory' : /Permission denied/.test(r.stderr) ? '[Errno 13] Permission denied' : r.stderr.trim();
    return { failed: true, msg: `${why}: '${dir ?? ''}/${prefix}XXXXXXXX${suffix}'` };
  }
  const path = r.stdout.replace(/\n$/, '');
  return { changed: true, path, ...(await pathInfo(conn, path)) };
}

export const tempfile: ModuleDefinition = { name: 'tempfile', spec, run };
