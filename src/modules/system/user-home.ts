// The user module's home directory and SSH key steps (User.create_homedir, chown_homedir, ssh_key_gen, ssh_key_fingerprint).
import { shellJoin, shellQuote } from '../../connection/quote.js';
import type { ModuleContext } from '../types.js';
import { readText, run, type RunResult } from './remote.js';

/** create_homedir: a copy of the skeleton (or an empty dir), mode from login.defs UMASK. */
export async function createHomedir(ctx: ModuleContext, path: string, skeleton: string | null): Promise<string | undefined> {
  const script = [
    `p=${shellQuote(path)}; sk=${shellQuote(skeleton ?? '/etc/skel')}`,
    '[ -e "$p" ] && exit 0',
    'if [ -e "$sk" ]; then mkdir -p "$(dirname "$p")" && cp -a "$sk" "$p" || exit 1; else mkdir -p "$p" || exit 1; fi',
    "for u in $(sed -n 's/^UMASK[[:space:]]\\{1,\\}\\([0-9]\\{1,\\}\\)$/\\1/p' /etc/login.defs 2>/dev/null); do chmod \"$(printf '%o' $((0777 & ~0$u)))\" \"$p\" || exit 1; done",
  ].join('; ');
  const r = await run(ctx, script);
  return r.rc === 0 ? undefined : r.err.trim();
}

export async function chownHomedir(ctx: ModuleContext, uid: number, gid: number, path: string): Promise<string | undefined> {
  const r = await run(ctx, shellJoin(['chown', '-R', `${uid}:${gid}`, path]));
  return r.rc === 0 ? undefined : r.err.trim();
}

export interface SshKeyRequest {
  readonly keyFile: string;
  readonly type: string;
  readonly bits: number;
  readonly comment: string;
  readonly force: boolean;
  readonly uid: number;
  readonly gid: number;
}

/** ssh_key_gen: rc undefined when an existing key is kept; warnings as the module gives them. */
export async function sshKeyGen(ctx: ModuleContext, req: SshKeyRequest, warnings: string[]): Promise<{ rc?: number; out: string; err: string }> {
  const f = shellQuote(req.keyFile);
  const s = await run(ctx, `d=$(dirname ${f}); [ -e "$d" ] && echo dir; [ -e ${f} ] && echo key; [ -e ${f}.pub ] && echo pub; true`);
  const have = new Set(s.out.split('\n'));
  if (!have.has('dir')) {
    if (ctx.checkMode) return { rc: 0, out: '', err: '' };
    const r = await run(ctx, `d=$(dirname ${f}); mkdir -m 0700 "$d" && chown ${req.uid}:${req.gid} "$d"`);
    if (r.rc !== 0) return { rc: 1, out: '', err: `Failed to create ${req.keyFile.slice(0, req.keyFile.lastIndexOf('/'))}: ${r.err.trim()}` };
  }
  let overwrite: string | undefined;
  if (have.has('key')) {
    if (!req.force) {
      warnings.push(`Found existing ssh key private file "${req.keyFile}", no force, so skipping ssh-keygen generation`);
      return { out: 'Key already exists, use "force: yes" to overwrite', err: '' };
    }
    warnings.push(`Overwriting existing ssh key private file "${req.keyFile}"`);
    overwrite = 'y';
  }
  if (have.has('pub')) {
    if (!req.force) {
      warnings.push(`Found existing ssh key public file "${req.keyFile}.pub", no force, so skipping ssh-keygen generation`);
      return { out: 'Public key already exists, use "force: yes" to overwrite', err: '' };
    }
    warnings.push(`Overwriting existing ssh key public file "${req.keyFile}.pub"`);
    if (!ctx.checkMode) await run(ctx, `rm -f ${f}.pub`);
  }
  if (ctx.checkMode) return { rc: 0, out: '', err: '' };
  const argv = ['ssh-keygen', '-t', req.type, ...(req.bits > 0 ? ['-b', String(req.bits)] : []), '-C', req.comment, '-f', req.keyFile, '-N', ''];
  const r: RunResult = await run(ctx, shellJoin(argv), overwrite);
  if (r.rc === 0) await run(ctx, `chown ${req.uid}:${req.gid} ${f} ${f}.pub`);
  return { rc: r.rc, out: r.out, err: r.err };
}

/** ssh_fingerprint, ssh_key_file and ssh_public_key as the module reports them. */
export async function sshKeyFacts(ctx: ModuleContext, keyFile: string): Promise<Record<string, unknown>> {
  const f = shellQuote(keyFile);
  const fp = await run(ctx, `[ -e ${f} ] || exit 99; ssh-keygen -l -f ${f}`);
  const pub = await readText(ctx, `${keyFile}.pub`);
  return {
    ssh_fingerprint: fp.rc === 0 ? fp.out.trim() : fp.rc === 99 ? '' : fp.err.trim(),
    ssh_key_file: keyFile,
    ssh_public_key: pub === undefined ? null : pub.trim(),
  };
}
