// Follows ansible.builtin.copy (ansible-core 2.14: plugins/action/copy.py + modules/copy.py).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { validateArgs } from '../argspec.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { file, fileSpec } from './file.js';
import { applyAttributes, AttributeError, pathInfo } from './support/attributes.js';
import { parentDir, RemoteWriteError, ValidationError, writeAtomic } from './support/atomic-write.js';
import { FILE_COMMON_OPTIONS } from './support/common-args.js';
import { fileDiffData } from './support/diff-data.js';
import { walkLocalTree } from './support/local-tree.js';
import { ModeError, octalString } from './support/mode.js';
import { pyJsonDumps } from './support/py-json.js';
import { expandRemotePath } from './support/remote-path.js';
import { isDir, isReg, statRemote } from './support/remote-stat.js';

export const copySpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    src: { type: 'path' },
    content: { type: 'raw', noLog: true },
    dest: { type: 'path' },
    backup: { type: 'bool', default: false },
    force: { type: 'bool', default: true },
    follow: { type: 'bool', default: false },
    local_follow: { type: 'bool', default: true },
    remote_src: { type: 'bool', default: false },
    directory_mode: { type: 'raw' },
    validate: {},
    checksum: {},
    decrypt: { type: 'bool', default: true },
    _original_basename: {},
    ...FILE_COMMON_OPTIONS,
  },
};

const sha1 = (b: Buffer): string => createHash('sha1').update(b).digest('hex');
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
const joinPath = (dir: string, rel: string): string => (dir.endsWith('/') ? dir + rel : `${dir}/${rel}`);

/** Runs the file module with the task's file arguments plus `extra` (what the copy action does for attributes). */
async function fileModule(args: Record<string, unknown>, extra: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const pick: Record<string, unknown> = {};
  for (const k of [...Object.keys(FILE_COMMON_OPTIONS)]) if (args[k] !== null && args[k] !== undefined && args[k] !== false) pick[k] = args[k];
  if (args['follow'] === true) pick['follow'] = true;
  return file.run(validateArgs('file', fileSpec, { ...pick, ...extra }), ctx);
}

export interface Source {
  readonly data: Buffer;
  readonly rel: string;
  /** The local path (after_header of the diff, `src` when nothing ran). */
  readonly full: string;
  readonly localMode: number | undefined;
}

/** The action's _copy_file: one controller-side file to dest; null when force=no and dest exists. */
export async function copyOne(args: Record<string, unknown>, ctx: ModuleContext, source: Source, dest: string, follow: boolean, isContent: boolean): Promise<ModuleResult | null> {
  const conn = await ctx.connection();
  const force = args['force'] === true;
  let destFile = dest.endsWith('/') ? joinPath(dest, source.rel) : dest;
  let st = await statRemote(conn, destFile, { follow, ...(force ? { checksum: 'sha1' as const } : {}) });
  if (st && isDir(st)) {
    if (isContent) return { failed: true, msg: 'can not use content with a dir as dest' };
    destFile = joinPath(dest, source.rel);
    st = await statRemote(conn, destFile, { follow, ...(force ? { checksum: 'sha1' as const } : {}) });
  }
  if (st && !force) return null;
  const mode = args['mode'] === 'preserve' ? (source.localMode !== undefined ? octalString(source.localMode) : null) : args['mode'];
  const localSum = sha1(source.data);
  if (localSum === st?.checksum) {
    let target = dest;
    if (follow) {
      const nofollow = await statRemote(conn, destFile);
      if (nofollow?.lnkSource) target = nofollow.lnkSource;
    }
    const r = await fileModule({ ...args, mode }, { dest: target, _original_basename: source.rel, recurse: false, state: 'file' }, ctx);
    if (!r['checksum']) r['checksum'] = localSum;
    if ('path' in r && !('dest' in r)) r['dest'] = r['path'];
    return r;
  }
  const diff = ctx.diff ? [await fileDiffData(conn, destFile, st, source.data, source.full)] : [];
  if (ctx.checkMode) return { changed: true, ...(diff.length ? { diff } : {}) };
  // The copy module on the host.
  const dir = parentDir(destFile);
  const dirStat = await statRemote(conn, dir, { follow: true });
  if (!dirStat) {
    if (!dest.endsWith('/')) return { failed: true, msg: `Destination directory ${dir} does not exist` };
    const made = await fileModule({ ...args, mode: args['directory_mode'] }, { path: dir, state: 'directory' }, ctx);
    if (made.failed) return made;
  }
  const w = await writeAtomic(conn, destFile, source.data, { backup: args['backup'] === true, validate: args['validate'] as string | null });
  let after = w.stat;
  if (after) after = (await applyAttributes(conn, after, { mode, owner: args['owner'] as string | null, group: args['group'] as string | null }, { checkMode: false })).stat;
  return {
    dest: destFile,
    src: w.tmpPath,
    md5sum: md5(source.data),
    checksum: localSum,
    changed: true,
    ...(w.backupFile ? { backup_file: w.backupFile } : {}),
    ...pathInfo(after),
    ...(diff.length ? { diff } : {}),
  };
}

async function remoteCopy(args: Record<string, unknown>, ctx: ModuleContext, src: string, dest: string): Promise<ModuleResult> {
  const conn = await ctx.connection();
  const s = await statRemote(conn, src, { follow: true, checksum: 'sha1' });
  if (!s) return { failed: true, msg: `Source ${src} not found` };
  if (!isReg(s)) return { failed: true, msg: isDir(s) ? 'kplay: copy with remote_src of a directory is not supported yet' : `Cannot copy invalid source '${src}': not a file` };
  let destFile = dest.endsWith('/') ? joinPath(dest, src.split('/').pop()!) : dest;
  let st = await statRemote(conn, destFile, { follow: args['follow'] === true, checksum: 'sha1' });
  if (st && isDir(st)) {
    destFile = joinPath(destFile, src.split('/').pop()!);
    st = await statRemote(conn, destFile, { follow: args['follow'] === true, checksum: 'sha1' });
  }
  if (st && args['force'] !== true) return { msg: 'file already exists', src, dest: destFile, changed: false };
  const mode = args['mode'] === 'preserve' ? octalString(s.rawMode & 0o7777) : args['mode'];
  const md5sum = (await statRemote(conn, src, { follow: true, checksum: 'md5' }))?.checksum;
  let changed = false;
  let after = st;
  let backupFile: string | undefined;
  if (s.checksum !== st?.checksum) {
    changed = true;
    if (!ctx.checkMode) {
      if (!(await statRemote(conn, parentDir(destFile), { follow: true }))) return { failed: true, msg: `Destination directory ${parentDir(destFile)} does not exist` };
      const w = await writeAtomic(conn, destFile, undefined, { remoteSource: src, backup: args['backup'] === true, validate: args['validate'] as string | null });
      after = w.stat;
      backupFile = w.backupFile;
    }
  }
  if (after) {
    const a = await applyAttributes(conn, after, { mode, owner: args['owner'] as string | null, group: args['group'] as string | null }, { checkMode: ctx.checkMode });
    changed = changed || a.changed;
    after = a.stat;
  }
  return { dest: destFile, src, md5sum, checksum: s.checksum, changed, ...(backupFile ? { backup_file: backupFile } : {}), ...pathInfo(after) };
}

async function runCopy(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  let source = args['src'] as string | null;
  const content = args['content'];
  const rawDest = args['dest'] as string | null;
  if (!source && (content === null || content === undefined)) return { failed: true, msg: 'src (or content) is required' };
  if (!rawDest) return { failed: true, msg: 'dest is required' };
  if (source && content !== null && content !== undefined) return { failed: true, msg: 'src and content are mutually exclusive' };
  if (content !== null && content !== undefined && rawDest.endsWith('/')) return { failed: true, msg: 'can not use content with a dir as dest' };
  const conn = await ctx.connection();
  let dest = await expandRemotePath(conn, rawDest);
  if (args['remote_src'] === true && source) return remoteCopy(args, ctx, await expandRemotePath(conn, source), dest);
  const isContent = content !== null && content !== undefined;
  let sources: Source[];
  let tree: ReturnType<typeof walkLocalTree> | undefined;
  if (isContent) {
    const text = typeof content === 'object' ? pyJsonDumps(content) : typeof content === 'boolean' ? (content ? 'True' : 'False') : String(content);
    sources = [{ data: Buffer.from(text, 'utf8'), rel: 'source', full: 'content', localMode: undefined }];
  } else {
    const found = ctx.findFile?.('files', source!);
    if (!found) return { failed: true, msg: `Could not find or access '${source}'\nSearched in:\n\t${source}\n on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option` };
    const trailing = source!.endsWith('/');
    source = trailing && !found.endsWith('/') ? found + '/' : found;
    if (statSync(source).isDirectory()) {
      tree = walkLocalTree(source, args['local_follow'] === true);
      if (!dest.endsWith('/')) dest += '/';
      sources = tree.files.map(([full, rel]) => ({ data: readFileSync(full), rel, full, localMode: statSync(full).mode & 0o7777 }));
    } else sources = [{ data: readFileSync(source), rel: source.split('/').pop()!, full: source, localMode: statSync(source).mode & 0o7777 }];
  }
  let changed = false;
  let last: ModuleResult | undefined;
  let executed = false;
  const made = new Set<string>();
  const follow = tree && tree.directories.length ? false : args['follow'] === true;
  // Directories first (the action creates them through the copy module's dest-with-slash path).
  for (const [, rel] of tree?.directories ?? []) {
    if (made.has(rel)) continue;
    const r = await fileModule({ ...args, mode: args['directory_mode'] }, { path: joinPath(dest, rel), state: 'directory', recurse: false }, ctx);
    if (r.failed) return r;
    executed = true;
    changed = changed || r.changed === true;
  }
  for (const s of sources) {
    const r = await copyOne(args, ctx, s, dest, follow, isContent);
    if (!r) continue;
    if (r.failed) return r;
    executed = true;
    last = r;
    changed = changed || r.changed === true;
  }
  for (const [target, rel] of tree?.symlinks ?? []) {
    const r = await fileModule({ ...args, mode: args['mode'] === 'preserve' ? null : args['mode'] }, { path: joinPath(dest, rel), src: target, state: 'link', force: true, follow: false }, ctx);
    if (r.failed) return r;
    executed = true;
    changed = changed || r.changed === true;
  }
  if (executed && sources.length === 1 && last) return last;
  return { dest, src: isContent ? 'content' : source, changed };
}

/** Turns the shared helpers' errors into Ansible's failed results. */
export async function withFileErrors(work: () => Promise<ModuleResult>): Promise<ModuleResult> {
  {
    try {
      return await work();
    } catch (e) {
      if (e instanceof ValidationError) return { failed: true, msg: 'failed to validate', exit_status: e.exitStatus, stdout: e.stdout, stderr: e.stderr };
      if (e instanceof RemoteWriteError) return { failed: true, msg: e.message };
      if (e instanceof AttributeError) return { failed: true, msg: e.message, path: e.path };
      if (e instanceof ModeError) return { failed: true, msg: e.message, details: e.details };
      throw e;
    }
  }
}

export const copy: ModuleDefinition = {
  name: 'copy',
  spec: copySpec,
  run: (args, ctx) => withFileErrors(() => runCopy(args, ctx)),
};
