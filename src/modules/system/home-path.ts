// A `path` option as AnsibleModule hands it to the module: `~` and `~user` expanded on the host (os.path.expanduser).
import { shellQuote } from '../../connection/quote.js';
import type { ModuleContext } from '../types.js';
import { run } from './remote.js';

export async function expandHome(ctx: ModuleContext, path: string): Promise<string> {
  const m = /^~([^/]*)(.*)$/s.exec(path);
  if (!m) return path;
  const [, user, rest] = m;
  const home = user ? `getent passwd ${shellQuote(user!)} | cut -d: -f6` : 'printf "%s\\n" "$HOME"';
  const r = await run(ctx, home);
  const dir = r.out.replace(/\n$/, '');
  if (r.rc !== 0 || dir === '') return path;
  return dir.replace(/\/+$/, '') + rest! || '/';
}
