// Small host operations the system modules share: run, probe several commands at once, read and write files.
import { shellQuote } from '../../connection/quote.js';
import type { ModuleContext } from '../types.js';

export interface RunResult {
  readonly rc: number;
  readonly out: string;
  readonly err: string;
}

/** Runs one shell command line on the host (the C locale, as AnsibleModule.run_command). */
export async function run(ctx: ModuleContext, command: string, stdin?: string): Promise<RunResult> {
  const conn = await ctx.connection();
  const r = await conn.exec(`LANG=C LC_ALL=C LC_MESSAGES=C; export LANG LC_ALL LC_MESSAGES; ${command}`, stdin === undefined ? {} : { stdin });
  return { rc: r.code ?? -1, out: r.stdout, err: r.stderr };
}

/**
 * Runs several read-only commands in one round trip; each gets its own rc, stdout and stderr
 * (outputs travel base64-encoded so any byte survives).
 */
export async function probe<K extends string>(ctx: ModuleContext, commands: Readonly<Record<K, string>>): Promise<Record<K, RunResult>> {
  const keys = Object.keys(commands) as K[];
  const parts = keys.map((k, i) => `o=$( { ${commands[k]} ; } 2>"$t" </dev/null; r=$?; printf x; exit $r); rc=$?; printf '%s\\n' "@@${i}:$rc"; printf '%s' "\${o%x}" | base64 -w0; echo; base64 -w0 <"$t"; echo`);
  const script = `t=$(mktemp) || exit 1; ${parts.join('; ')}; rm -f "$t"`;
  const r = await run(ctx, script);
  const lines = r.out.split('\n');
  const out = {} as Record<K, RunResult>;
  keys.forEach((k, i) => {
    const at = lines.findIndex((l) => l.startsWith(`@@${i}:`));
    if (at < 0) throw new Error(`probe failed on ${ctx.hostName}: ${r.err.trim()}`);
    const rc = Number(lines[at]!.slice(`@@${i}:`.length));
    const decode = (s: string | undefined): string => Buffer.from(s ?? '', 'base64').toString('utf8');
    out[k] = { rc, out: decode(lines[at + 1]), err: decode(lines[at + 2]) };
  });
  return out;
}

/** A file's text, or undefined when it does not exist. */
export async function readText(ctx: ModuleContext, path: string): Promise<string | undefined> {
  const r = await run(ctx, `if [ -e ${shellQuote(path)} ]; then base64 -w0 < ${shellQuote(path)}; else echo __absent__; fi`);
  if (r.out.trim() === '__absent__') return undefined;
  if (r.rc !== 0) throw new Error(`cannot read ${path}: ${r.err.trim()}`);
  return Buffer.from(r.out.trim(), 'base64').toString('utf8');
}

/**
 * Replaces a file atomically (temp file in the same directory, then rename), keeping an existing
 * file's mode and owner as Ansible's atomic_move does; a new file gets `mode` (default 0644).
 */
export async function writeText(ctx: ModuleContext, path: string, content: string, mode = 0o644): Promise<void> {
  const conn = await ctx.connection();
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) || '/' : '.';
  const tmp = `${dir}/.kplay-${process.pid}-${Date.now().toString(36)}.tmp`;
  await conn.putFile(tmp, Buffer.from(content, 'utf8'), mode);
  const p = shellQuote(path);
  const t = shellQuote(tmp);
  const r = await run(ctx, `if [ -e ${p} ]; then chmod --reference=${p} ${t} && chown --reference=${p} ${t}; else chmod ${mode.toString(8)} ${t}; fi && mv -f ${t} ${p} || { rm -f ${t}; exit 1; }`);
  if (r.rc !== 0) throw new Error(`cannot write ${path}: ${r.err.trim()}`);
}

/** Ansible's backup_local name: `path.PID.YYYY-MM-DD@HH:MM:SS~`, a copy keeping mode and times. */
export async function backupFile(ctx: ModuleContext, path: string): Promise<string | undefined> {
  const r = await run(ctx, `p=${shellQuote(path)}; [ -e "$p" ] || exit 3; b="$p.$$.$(date +%Y-%m-%d@%H:%M:%S)~"; cp -p "$p" "$b" && printf '%s' "$b"`);
  if (r.rc === 3) return undefined;
  if (r.rc !== 0) throw new Error(`cannot back up ${path}: ${r.err.trim()}`);
  return r.out;
}
