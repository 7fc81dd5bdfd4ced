// Replacing and removing small files on a host as Ansible's atomic_move does.
import { shellQuote } from '../../../connection/quote.js';
import type { ModuleContext } from '../../types.js';

/**
 * Writes `content` to `path` through a temp file in the same directory and a rename; an existing
 * file keeps its mode and owner, a new one gets `mode` (atomic_move: 0666 & ~umask, so 0644).
 */
export async function replaceFile(ctx: ModuleContext, path: string, content: string, mode?: number): Promise<{ ok: boolean; err: string }> {
  const conn = await ctx.connection();
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const tmp = `${dir}/.kplay-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  const mk = await conn.exec(`mkdir -p ${shellQuote(dir)}`);
  if (mk.code !== 0) return { ok: false, err: mk.stderr };
  await conn.putFile(tmp, Buffer.from(content, 'utf8'), 0o600);
  const p = shellQuote(path);
  const t = shellQuote(tmp);
  const setMode = mode === undefined ? '' : ` && chmod ${mode.toString(8)} ${p}`;
  const r = await conn.exec(`if [ -e ${p} ]; then chmod --reference=${p} ${t} && chown --reference=${p} ${t}; else chmod 644 ${t}; fi && mv -f ${t} ${p}${setMode} || { rm -f ${t}; exit 1; }`);
  return { ok: r.code === 0, err: r.stderr };
}

export async function removeFile(ctx: ModuleContext, path: string): Promise<void> {
  const conn = await ctx.connection();
  await conn.exec(`rm -f ${shellQuote(path)}`);
}

/** Ansible's mode argument: an int, or an octal string ('0644', '644'); symbolic modes are not handled here. */
export function parseMode(mode: unknown): number | undefined | { error: string } {
  if (mode === null || mode === undefined) return undefined;
  if (typeof mode === 'number') return mode;
  if (typeof mode === 'string' && /^0?[0-7]{3,4}$/.test(mode)) return parseInt(mode, 8);
  return { error: `mode must be in octal form (got ${String(mode)})` };
}
