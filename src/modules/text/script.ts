// Follows ansible.builtin.script (ansible-core 2.14 plugins/action/script.py): the local script is
// copied to a temporary directory under ~/.ansible/tmp and run there over a PTY, as `ssh -tt` does.
import { readFile } from 'node:fs/promises';
import { shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { shlexSplit } from '../util/shlex.js';
import { shellPath } from './find-listing.js';

const spec: ModuleSpec = {
  freeForm: true,
  supportsCheckMode: true,
  options: {
    _raw_params: {},
    cmd: { type: 'str' },
    creates: { type: 'str' },
    removes: { type: 'str' },
    chdir: { type: 'str' },
    executable: { type: 'str' },
    decrypt: { type: 'bool', default: true },
  },
};

const lines = (s: string): string[] => s.split(/\r?\n/).filter((l, i, a) => i < a.length - 1 || l !== '');

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const rawParams = ((args['_raw_params'] as string | null) ?? (args['cmd'] as string | null) ?? '').trim();
  const creates = args['creates'] as string | null;
  const removes = args['removes'] as string | null;
  const chdir = args['chdir'] as string | null;
  const conn = await ctx.connection();
  const exists = async (p: string): Promise<boolean> => (await conn.exec(`test -e ${shellPath(p)}`)).code === 0;
  if (creates && (await exists(creates))) return { changed: false, skipped: true, msg: `${creates} exists, matching creates option` };
  if (removes && !(await exists(removes))) return { changed: false, skipped: true, msg: `${removes} does not exist, matching removes option` };
  if (chdir && !chdir.startsWith('/')) return { changed: false, failed: true, msg: `chdir ${chdir} must be an absolute path for a Unix-aware remote node` };

  let parts: string[];
  try {
    parts = shlexSplit(rawParams);
  } catch (e) {
    return { failed: true, msg: (e as Error).message };
  }
  const name = parts[0];
  if (name === undefined) return { failed: true, msg: 'Could not find or access \'\'' };
  const source = ctx.findFile?.('files', name);
  if (source === undefined) return { failed: true, msg: `Could not find or access '${name}'\nSearched in:\n\t${name}\non the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option` };
  if (ctx.checkMode) {
    if (creates || removes) return { changed: true };
    return { changed: false, skipped: true, msg: 'Check mode is not supported for this task.' };
  }

  const made = await conn.exec('umask 77 && mkdir -p "$HOME/.ansible/tmp" && mktemp -d "$HOME/.ansible/tmp/ansible-tmp-$(date +%s)-XXXXXXXX"');
  if (made.code !== 0) return { failed: true, msg: `Failed to create temporary directory: ${made.stderr.trim()}` };
  const dir = made.stdout.trim();
  const remoteScript = `${dir}/${source.slice(source.lastIndexOf('/') + 1)}`;
  try {
    await conn.putFile(remoteScript, await readFile(source), 0o700);
    // Ansible swaps the script's name for its remote path and keeps the rest of the line as written.
    const command = rawParams.replace(name, shellQuote(remoteScript));
    const executable = args['executable'] as string | null;
    const line = `${chdir ? `cd ${shellQuote(chdir)} && ` : ''}${executable ? `${executable} ` : ''}${command}`;
    const r = await conn.exec(line, { pty: true });
    const rc = r.code ?? -1;
    const result: ModuleResult = { changed: true, rc, stdout: r.stdout, stdout_lines: lines(r.stdout), stderr: r.stderr, stderr_lines: lines(r.stderr) };
    return rc === 0 ? result : { ...result, failed: true, msg: 'non-zero return code' };
  } finally {
    await conn.exec(`rm -rf ${shellQuote(dir)}`);
  }
}

export const script: ModuleDefinition = { name: 'script', spec, run };
