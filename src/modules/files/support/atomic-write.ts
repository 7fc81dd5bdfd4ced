import { shellQuote } from '../../../connection/quote.js';
import type { Connection } from '../../../connection/types.js';
import { shlexSplit } from '../../util/shlex.js';
import { parseStat, statScript, type RemoteStat } from './remote-stat.js';

/** `validate` rejected the new content: Ansible's "failed to validate" with the command's output. */
export class ValidationError extends Error {
  constructor(
    readonly exitStatus: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super('failed to validate');
    this.name = 'ValidationError';
  }
}

/** Writing, validating or renaming failed on the host. */
export class RemoteWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteWriteError';
  }
}

export interface AtomicWriteOptions {
  /** A command with `%s` run on the temporary file before it replaces dest (Ansible's validate). */
  readonly validate?: string | null;
  /** Keep a copy of the old dest as `dest.PID.YYYY-MM-DD@HH:MM:SS~` (Ansible's backup_local). */
  readonly backup?: boolean;
  /** Copy this file on the host instead of reading the content from stdin (copy's remote_src). */
  readonly remoteSource?: string;
}

export interface AtomicWriteResult {
  /** The backup's path, when one was made (dest existed and backup was asked). */
  readonly backupFile: string | undefined;
  /** The temporary file the content was written to (Ansible reports its remote tmp file as `src`). */
  readonly tmpPath: string;
  /** dest's stat after the rename (lstat). */
  readonly stat: RemoteStat | undefined;
}

const RC = '@@KPLAY-VALIDATE-RC@@';
const BACKUP = '@@KPLAY-BACKUP@@';

/** POSIX dirname of a path. */
export function parentDir(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const at = trimmed.lastIndexOf('/');
  if (at < 0) return '.';
  return at === 0 ? '/' : trimmed.slice(0, at);
}

/** Ansible's `validate % path`: the command's words, with %s replaced by the quoted temp file path. */
export function validateCommand(validate: string, tmpVar: string): string {
  if (!validate.includes('%s')) throw new RemoteWriteError(`validate must contain %s: ${validate}`);
  return shlexSplit(validate)
    .map((w) => w.split('%s').map(shellQuote).join(`"${tmpVar}"`).replace(/^''"/, '"').replace(/"''$/, '"'))
    .join(' ');
}

/**
 * Ansible's atomic_move in one round trip: the content goes to a temp file in dest's directory
 * (so the rename cannot cross filesystems), takes dest's mode and owner when dest exists (else
 * 0666 & ~umask), is validated, the old dest is backed up, and a rename replaces dest.
 */
export function atomicWriteScript(dest: string, opts: AtomicWriteOptions = {}): string {
  const d = shellQuote(dest);
  const dir = shellQuote(parentDir(dest));
  const lines = [
    `tmp=$(mktemp ${dir}/.kplay_tmp_XXXXXXXX) || exit 3`,
    `printf '%s\\n' "$tmp"`,
    opts.remoteSource !== undefined ? `cp -- ${shellQuote(opts.remoteSource)} "$tmp" || { rm -f -- "$tmp"; exit 4; }` : `cat > "$tmp" || { rm -f -- "$tmp"; exit 4; }`,
    `if [ -e ${d} ]; then chmod --reference=${d} -- "$tmp" 2>/dev/null; chown --reference=${d} -- "$tmp" 2>/dev/null; else chmod "$(printf '%o' $(( 0666 & ~$(umask) )))" -- "$tmp"; fi`,
  ];
  if (opts.validate) {
    lines.push(`( ${validateCommand(opts.validate, '$tmp')} ) </dev/null; rc=$?`, `if [ $rc -ne 0 ]; then rm -f -- "$tmp"; printf '\\n${RC}%s\\n' "$rc"; exit 0; fi`);
  }
  if (opts.backup) {
    lines.push(`if [ -e ${d} ]; then b=${d}.$$.$(date +%Y-%m-%d@%H:%M:%S~); cp -p -- ${d} "$b" || { rm -f -- "$tmp"; exit 5; }; printf '${BACKUP}%s\\0' "$b"; fi`);
  }
  lines.push(`mv -f -- "$tmp" ${d} || { rm -f -- "$tmp"; exit 6; }`, statScript(dest));
  return lines.join('\n');
}

/** Writes `data` to `dest` on the host atomically (see atomicWriteScript); throws ValidationError or RemoteWriteError. */
export async function writeAtomic(conn: Connection, dest: string, data: Buffer | undefined, opts: AtomicWriteOptions = {}): Promise<AtomicWriteResult> {
  const r = await conn.exec(atomicWriteScript(dest, opts), data ? { stdin: data } : {});
  const nl = r.stdout.indexOf('\n');
  const tmpPath = nl >= 0 ? r.stdout.slice(0, nl) : '';
  const rest = nl >= 0 ? r.stdout.slice(nl + 1) : r.stdout;
  if (r.code !== 0) {
    const what = r.code === 3 ? `The destination directory (${parentDir(dest)}) is not writable by the current user` : r.code === 5 ? `Could not make backup of ${dest}` : `Could not replace file: ${tmpPath} to ${dest}`;
    throw new RemoteWriteError(`${what}: ${r.stderr.trim()}`);
  }
  const rcAt = rest.lastIndexOf(`\n${RC}`);
  if (opts.validate && rcAt >= 0) {
    const code = Number(rest.slice(rcAt + RC.length + 1).trim());
    throw new ValidationError(code, rest.slice(0, rcAt), r.stderr);
  }
  const b = rest.indexOf(BACKUP);
  const backupFile = b >= 0 ? rest.slice(b + BACKUP.length, rest.indexOf('\0', b)) : undefined;
  return { backupFile, tmpPath, stat: parseStat(dest, rest) };
}
