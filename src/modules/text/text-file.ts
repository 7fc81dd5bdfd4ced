/*
 * What the line-editing modules (lineinfile, blockinfile, replace) share: read the file once as
 * bytes (a latin1 string, so one char is one byte, as Python's b'' lines), write it back
 * atomically with validate/backup, then apply owner/group/mode as check_file_attrs does.
 */
import { shellQuote } from '../../connection/quote.js';
import type { Connection } from '../../connection/types.js';
import { applyAttributes, AttributeError } from '../files/support/attributes.js';
import { RemoteWriteError, ValidationError, writeAtomic } from '../files/support/atomic-write.js';
import { statRemote } from '../files/support/remote-stat.js';
import { shellPath } from './find-listing.js';

export type TextFile = { kind: 'dir' } | { kind: 'absent'; realpath: string } | { kind: 'file'; realpath: string; bytes: string };

/** Reads a path on the host: a directory, absent, or a file's bytes (latin1) and its realpath. */
export async function readTextFile(conn: Connection, path: string): Promise<TextFile> {
  const p = shellPath(path);
  const r = await conn.exec(`if [ -d ${p} ]; then echo DIR; elif [ -e ${p} ]; then echo FILE; readlink -f -- ${p}; base64 -w0 < ${p}; else echo ABSENT; readlink -m -- ${p}; fi`);
  const [kind = '', real = '', data = ''] = r.stdout.split('\n');
  if (kind === 'DIR') return { kind: 'dir' };
  if (kind === 'FILE') return { kind: 'file', realpath: real, bytes: Buffer.from(data, 'base64').toString('latin1') };
  return { kind: 'absent', realpath: real || path };
}

/** Python's bytes.readlines(): split after each b'\n', keeping it. */
export function readlines(bytes: string): string[] {
  return bytes.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A module's text (UTF-8) as the latin1 byte string the editing works on. */
export const toBytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
/** Back to text for diffs and messages (to_native with surrogateescape, approximately). */
export const toText = (b: string): string => Buffer.from(b, 'latin1').toString('utf8');

export interface WriteOutcome {
  readonly backup: string;
  readonly failure?: string;
}

/** Writes the new bytes over the file (its realpath) atomically; returns the backup path or a failure message. */
export async function writeTextFile(conn: Connection, realpath: string, bytes: string, opts: { validate: string | null; backup: boolean }): Promise<WriteOutcome> {
  try {
    const w = await writeAtomic(conn, realpath, Buffer.from(bytes, 'latin1'), { validate: opts.validate, backup: opts.backup });
    return { backup: w.backupFile ?? '' };
  } catch (e) {
    if (e instanceof ValidationError) return { backup: '', failure: `failed to validate: rc:${e.exitStatus} error:${e.stderr}` };
    if (e instanceof RemoteWriteError) return { backup: '', failure: e.message };
    throw e;
  }
}

/** `mkdir -p` of the file's parent (create=yes), as os.makedirs. */
export async function makeParents(conn: Connection, path: string): Promise<string | undefined> {
  const dir = path.slice(0, path.lastIndexOf('/'));
  if (!dir) return undefined;
  const r = await conn.exec(`mkdir -p -- ${shellQuote(dir)}`);
  return r.code === 0 ? undefined : `Error creating ${dir} (${r.stderr.trim()})`;
}

/**
 * check_file_attrs: owner/group/mode set when they differ; the message gains "ownership, perms or
 * SE linux context changed" and the attribute diff its before/after.
 */
export async function checkFileAttrs(
  conn: Connection,
  path: string,
  args: Record<string, unknown>,
  checkMode: boolean,
  changed: boolean,
  msg: string,
): Promise<{ changed: boolean; msg: string; diff: Record<string, unknown>; failure?: string }> {
  const diff: Record<string, unknown> = { before_header: `${path} (file attributes)`, after_header: `${path} (file attributes)` };
  const st = await statRemote(conn, path, { follow: true });
  if (!st || (args['mode'] === null && args['owner'] === null && args['group'] === null)) return { changed, msg, diff };
  try {
    const o = await applyAttributes(conn, st, { mode: args['mode'], owner: args['owner'] as string | null, group: args['group'] as string | null }, { checkMode, follow: true });
    if (!o.changed) return { changed, msg, diff };
    return { changed: true, msg: `${changed ? `${msg} and ` : msg}ownership, perms or SE linux context changed`, diff: { before: o.before, after: o.after, ...diff } };
  } catch (e) {
    if (e instanceof AttributeError) return { changed, msg, diff, failure: e.message };
    throw e;
  }
}
