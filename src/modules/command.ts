// Follows ansible.builtin.command / ansible.builtin.shell (ansible-core 2.14 docs and return values).
import { shellQuote } from '../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from './types.js';
import { shlexSplit } from './util/shlex.js';
import { timed } from './util/timing.js';

export const commandSpec: ModuleSpec = {
  freeForm: true,
  supportsCheckMode: true,
  options: {
    _raw_params: {},
    _uses_shell: { type: 'bool', default: false },
    argv: { type: 'list', elements: 'str' },
    chdir: { type: 'path' },
    executable: {},
    creates: { type: 'path' },
    removes: { type: 'path' },
    stdin: {},
    stdin_add_newline: { type: 'bool', default: true },
    strip_empty_ends: { type: 'bool', default: true },
  },
};

const CHDIR_FAILED = '__kplay_chdir_failed__';

/*
 * The command module runs argv without a shell but expands ~ and $VAR in each word
 * (os.path.expanduser/expandvars); unknown variables stay as written.
 */
function commandWord(arg: string): string {
  let out = '';
  let rest = arg;
  const tilde = /^~[A-Za-z0-9_.-]*(?=\/|$)/.exec(rest);
  if (tilde) {
    out += tilde[0];
    rest = rest.slice(tilde[0].length);
  }
  const re = /\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/g;
  let last = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index > last) out += shellQuote(rest.slice(last, m.index));
    const name = m[1] ?? m[2]!;
    out += `"\${${name}-${m[0].replace('$', '\\$')}}"`;
    last = m.index + m[0].length;
  }
  if (last < rest.length || out === '') out += shellQuote(rest.slice(last));
  return out;
}

async function pathExists(ctx: ModuleContext, path: string): Promise<boolean> {
  const conn = await ctx.connection();
  const r = await conn.exec(`test -e ${shellQuote(path)}`);
  return r.code === 0;
}

export async function runCommand(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const shell = args['_uses_shell'] === true;
  const raw = (args['_raw_params'] as string | null) ?? null;
  const argv = (args['argv'] as string[] | null) ?? null;
  const chdir = args['chdir'] as string | null;
  const creates = args['creates'] as string | null;
  const removes = args['removes'] as string | null;
  const stdin = args['stdin'] as string | null;
  const strip = args['strip_empty_ends'] === true;
  const r: ModuleResult = { changed: false, stdout: '', stderr: '', rc: null, cmd: null, start: null, end: null, delta: null, msg: '' };

  if ((!raw || raw.trim() === '') && !argv) return { ...r, rc: 256, msg: 'no command given', failed: true };
  if (raw && argv) return { ...r, rc: 256, msg: 'only command or argv can be given, not both', failed: true };

  let words: string[] | undefined;
  if (!shell) {
    try {
      words = raw ? shlexSplit(raw) : argv!;
    } catch (e) {
      return { ...r, rc: 256, msg: (e as Error).message, failed: true };
    }
  }
  r['cmd'] = shell ? raw : words;

  const would = ctx.checkMode ? 'Would' : 'Did';
  if (creates && (await pathExists(ctx, creates))) {
    return { ...r, rc: 0, msg: `${would} not run command since '${creates}' exists`, stdout: `skipped, since ${creates} exists` };
  }
  if (removes && !(await pathExists(ctx, removes))) {
    return { ...r, rc: 0, msg: `${would} not run command since '${removes}' does not exist`, stdout: `skipped, since ${removes} does not exist` };
  }
  if (ctx.checkMode) {
    const skipped = creates === null && removes === null;
    return { ...r, rc: 0, msg: 'Command would have run if not in check mode', changed: !skipped, ...(skipped ? { skipped: true } : {}) };
  }

  const executable = (args['executable'] as string | null) ?? '/bin/sh';
  const run = shell ? `exec ${shellQuote(executable)} -c ${shellQuote(raw!)}` : `exec ${words!.map(commandWord).join(' ')}`;
  const prefix = chdir ? `cd ${shellQuote(chdir)} 2>/dev/null || { echo ${CHDIR_FAILED} >&2; exit 1; }; ` : '';
  const input = stdin === null ? undefined : stdin + (args['stdin_add_newline'] === true ? '\n' : '');
  const conn = await ctx.connection();
  const t = await timed(() => conn.exec(prefix + run, input === undefined ? {} : { stdin: input }));
  if (t.value.stderr.trim() === CHDIR_FAILED) {
    return { ...r, msg: `Unable to change directory before execution: [Errno 2] No such file or directory: b'${chdir}'`, failed: true };
  }
  const rc = t.value.code ?? -1;
  Object.assign(r, { changed: true, rc, start: t.start, end: t.end, delta: t.delta, stdout: t.value.stdout, stderr: t.value.stderr });
  if (strip) {
    r['stdout'] = (r['stdout'] as string).replace(/[\r\n]+$/, '');
    r['stderr'] = (r['stderr'] as string).replace(/[\r\n]+$/, '');
  }
  if (rc !== 0) {
    r.msg = 'non-zero return code';
    r.failed = true;
  }
  return r;
}

export const command: ModuleDefinition = {
  name: 'command',
  spec: commandSpec,
  run: (args, ctx) => runCommand({ ...args, _uses_shell: false }, ctx),
};
