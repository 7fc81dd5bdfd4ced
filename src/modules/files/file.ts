// Follows ansible.builtin.file (ansible-core 2.14: modules/file.py): states, diff and result keys.
import { shellQuote } from '../../connection/quote.js';
import type { Connection } from '../../connection/types.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { FILE_COMMON_OPTIONS } from './support/common-args.js';
import { applyAttributes, AttributeError, pathInfo, type FileAttributes } from './support/attributes.js';
import { parentDir } from './support/atomic-write.js';
import { ModeError } from './support/mode.js';
import { expandRemotePath } from './support/remote-path.js';
import { isDir, isLink, statRemote, type RemoteStat } from './support/remote-stat.js';
import { parseTimeSpec, updateTimestamps, type TimeSpec } from './support/timestamps.js';

export const fileSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    state: { choices: ['absent', 'directory', 'file', 'hard', 'link', 'touch'] },
    path: { type: 'path', required: true, aliases: ['dest', 'name'] },
    _original_basename: {},
    recurse: { type: 'bool', default: false },
    force: { type: 'bool', default: false },
    follow: { type: 'bool', default: true },
    _diff_peek: { type: 'bool' },
    src: { type: 'path' },
    modification_time: {},
    modification_time_format: { default: '%Y%m%d%H%M.%S' },
    access_time: {},
    access_time_format: { default: '%Y%m%d%H%M.%S' },
    ...FILE_COMMON_OPTIONS,
  },
};

type State = 'absent' | 'directory' | 'file' | 'hard' | 'link' | 'touch';

/** Ansible's get_state. */
export function stateOf(st: RemoteStat | undefined, followed?: RemoteStat): Exclude<State, 'touch'> {
  if (!st) return 'absent';
  if (isLink(st)) return 'link';
  if (isDir(st)) return 'directory';
  return (followed ?? st).nlink > 1 ? 'hard' : 'file';
}

class FileError extends Error {
  constructor(readonly result: Record<string, unknown>) {
    super(String(result['msg']));
  }
}

interface Job {
  readonly conn: Connection;
  readonly ctx: ModuleContext;
  readonly path: string;
  readonly attrs: FileAttributes;
  readonly follow: boolean;
  readonly mtime: TimeSpec;
  readonly atime: TimeSpec;
}

type Diff = { before: Record<string, unknown>; after: Record<string, unknown> };

function initialDiff(path: string, state: string, prev: string): Diff {
  const d: Diff = { before: { path }, after: { path } };
  if (prev !== state) {
    d.before['state'] = prev;
    d.after['state'] = state;
  }
  return d;
}

/** set_fs_attributes_if_different + update_timestamp_for_file on one existing path (the link's target when following). */
async function settle(job: Job, st: RemoteStat, diff: Diff, changed: boolean): Promise<boolean> {
  let target = st;
  if (job.follow && isLink(st)) {
    const t = await statRemote(job.conn, st.lnkSource ?? st.path);
    if (!t) return changed;
    target = t;
  }
  const a = await applyAttributes(job.conn, target, job.attrs, { checkMode: job.ctx.checkMode });
  Object.assign(diff.before, a.before);
  Object.assign(diff.after, a.after);
  const t = await updateTimestamps(job.conn, a.stat, job.mtime, job.atime, job.ctx.checkMode);
  Object.assign(diff.before, t.before);
  Object.assign(diff.after, t.after);
  return changed || a.changed || t.changed;
}

async function run(conn: Connection, cmd: string, what: string, path: string): Promise<void> {
  const r = await conn.exec(cmd);
  if (r.code !== 0) throw new FileError({ msg: `${what}: ${r.stderr.trim()}`, path });
}

async function ensureAbsent(job: Job, st: RemoteStat | undefined): Promise<ModuleResult> {
  const prev = stateOf(st);
  if (prev === 'absent') return { path: job.path, changed: false, state: 'absent' };
  const diff = initialDiff(job.path, 'absent', prev);
  if (prev === 'directory') diff.before['path_content'] = await walkList(job.conn, job.path);
  if (!job.ctx.checkMode) await run(job.conn, prev === 'directory' ? `rm -rf -- ${shellQuote(job.path)}` : `rm -f -- ${shellQuote(job.path)}`, prev === 'directory' ? 'rmtree failed' : 'unlinking failed', job.path);
  return { path: job.path, changed: true, diff, state: 'absent' };
}

/**
 * initial_diff's path_content: os.walk's order (each directory's subdirectories, symlinks to
 * directories included, then its files; then down into the real subdirectories), from one `find`.
 */
async function walkList(conn: Connection, root: string): Promise<{ directories: string[]; files: string[] }> {
  const r = await conn.exec(`find ${shellQuote(root)} -mindepth 1 -printf '%y%Y %p\\0'`);
  const children = new Map<string, Array<{ path: string; dirLike: boolean; realDir: boolean }>>();
  for (const rec of r.stdout.split('\0').filter(Boolean)) {
    const path = rec.slice(3);
    const parent = parentDir(path);
    const list = children.get(parent) ?? [];
    list.push({ path, dirLike: rec[1] === 'd', realDir: rec[0] === 'd' });
    children.set(parent, list);
  }
  const out = { directories: [] as string[], files: [] as string[] };
  const walk = (dir: string): void => {
    const kids = children.get(dir) ?? [];
    for (const k of kids) (k.dirLike ? out.directories : out.files).push(k.path);
    for (const k of kids) if (k.realDir) walk(k.path);
  };
  walk(root.replace(/\/+$/, '') || '/');
  return out;
}

async function ensureFile(job: Job, st: RemoteStat | undefined): Promise<ModuleResult> {
  let path = job.path;
  let cur = st;
  if (job.follow && cur && isLink(cur)) {
    path = cur.lnkSource ?? path;
    cur = await statRemote(job.conn, path);
  }
  const prev = stateOf(cur);
  if (!cur || (prev !== 'file' && prev !== 'hard')) throw new FileError({ msg: `file (${path}) is ${prev}, cannot continue`, path, state: prev });
  const diff = initialDiff(path, 'file', prev);
  const changed = await settle({ ...job, path }, cur, diff, false);
  return { path, changed, diff };
}

async function ensureDirectory(job: Job, st: RemoteStat | undefined, recurse: boolean): Promise<ModuleResult> {
  let path = job.path;
  let cur = st;
  if (job.follow && cur && isLink(cur)) {
    path = cur.lnkSource ?? path;
    cur = await statRemote(job.conn, path);
  }
  const prev = stateOf(cur);
  const diff = initialDiff(path, 'directory', prev);
  if (!cur) {
    if (job.ctx.checkMode) return { path, changed: true, diff };
    let changed = false;
    let curpath = '';
    for (const part of path.replace(/^\/+|\/+$/g, '').split('/')) {
      curpath = path.startsWith('/') ? `${curpath}/${part}` : curpath ? `${curpath}/${part}` : part;
      const r = await job.conn.exec(`if [ -e ${shellQuote(curpath)} ]; then echo exists; else mkdir -- ${shellQuote(curpath)} && echo made; fi`);
      if (r.code !== 0) throw new FileError({ msg: `There was an issue creating ${curpath} as requested: ${r.stderr.trim()}`, path });
      if (r.stdout.trim() !== 'made') continue;
      changed = true;
      const made = await statRemote(job.conn, curpath);
      if (made) changed = await settle({ ...job, path: curpath }, made, diff, changed);
    }
    return { path, changed, diff };
  }
  if (prev !== 'directory') throw new FileError({ msg: `${path} already exists as a ${prev}`, path });
  let changed = await settle({ ...job, path }, cur, diff, false);
  if (recurse) changed = (await recurseAttributes(job, path)) || changed;
  return { path, changed, diff };
}

async function recurseAttributes(job: Job, root: string): Promise<boolean> {
  const r = await job.conn.exec(`find ${shellQuote(root)} -mindepth 1 -print0`);
  let changed = false;
  for (const p of r.stdout.split('\0').filter(Boolean)) {
    const st = await statRemote(job.conn, p);
    if (st) changed = (await settle({ ...job, follow: false }, st, { before: {}, after: {} }, false)) || changed;
  }
  return changed;
}

async function replaceWith(job: Job, make: string, prev: string, rmFirst: string): Promise<void> {
  const q = shellQuote(job.path);
  await run(job.conn, `t=${shellQuote(parentDir(job.path))}/.kplay.$$.tmp && ${rmFirst}${make.replace('TARGET', '"$t"')} && mv -Tf -- "$t" ${q}`, prev === 'absent' ? 'Error while linking' : 'Error while replacing', job.path);
}

/** The attributes and times of a link just made (its target's when following), unless it dangles. */
async function settleLink(job: Job, diff: Diff, changed: boolean): Promise<boolean> {
  const now = await statRemote(job.conn, job.path);
  if (!now) return changed;
  if (job.follow && isLink(now) && !(await statRemote(job.conn, job.path, { follow: true }))) return changed;
  return settle(job, now, diff, changed);
}

async function ensureSymlink(job: Job, st: RemoteStat | undefined, srcArg: string | null, force: boolean): Promise<ModuleResult> {
  const path = job.path;
  const prev = stateOf(st);
  let src = srcArg;
  if (src === null && job.follow && st && isLink(st)) src = st.lnkTarget ?? null;
  const relDir = st && !isLink(st) && isDir(st) ? path : parentDir(path);
  const absrc = src === null ? null : src.startsWith('/') ? src : `${relDir}/${src}`;
  if (!force && absrc !== null && !(await statRemote(job.conn, absrc, { follow: true }))) {
    throw new FileError({ msg: `src file does not exist, use "force=yes" if you really want to create the link: ${absrc}`, path, src });
  }
  if (prev === 'directory') {
    if (!force) throw new FileError({ msg: `refusing to convert from ${prev} to symlink for ${path}`, path });
    const ls = await job.conn.exec(`ls -A -- ${shellQuote(path)} | head -n1`);
    if (ls.stdout.trim()) throw new FileError({ msg: `the directory ${path} is not empty, refusing to convert it`, path });
  } else if ((prev === 'file' || prev === 'hard') && !force) {
    throw new FileError({ msg: `refusing to convert from ${prev} to symlink for ${path}`, path });
  }
  const diff = initialDiff(path, 'link', prev);
  let changed = false;
  if (prev !== 'link') {
    if (src === null) throw new FileError({ msg: 'src is required for creating new symlinks' });
    changed = true;
  } else if (src !== null && st?.lnkTarget !== src) {
    diff.before['src'] = st?.lnkTarget;
    diff.after['src'] = src;
    changed = true;
  }
  if (changed && !job.ctx.checkMode) {
    if (prev === 'absent') await run(job.conn, `ln -s -- ${shellQuote(src!)} ${shellQuote(path)}`, 'Error while linking', path);
    else await replaceWith(job, `ln -s -- ${shellQuote(src!)} TARGET`, prev, prev === 'directory' ? `rmdir -- ${shellQuote(path)} && ` : '');
  }
  if (job.ctx.checkMode && !(await statRemote(job.conn, path, { follow: true }))) return { dest: path, src, changed, diff };
  changed = await settleLink(job, diff, changed);
  return { dest: path, src, changed, diff };
}

async function ensureHardlink(job: Job, st: RemoteStat | undefined, src: string | null, force: boolean): Promise<ModuleResult> {
  const path = job.path;
  const prev = stateOf(st);
  if (prev !== 'hard' && src === null) throw new FileError({ msg: 'src is required for creating new hardlinks' });
  const srcStat = src === null ? undefined : await statRemote(job.conn, src, { follow: true });
  if (src !== null && !srcStat) throw new FileError({ msg: 'src does not exist', dest: path, src });
  const diff = initialDiff(path, 'hard', prev);
  let changed = false;
  const followed = st ? await statRemote(job.conn, path, { follow: true }) : undefined;
  if (prev === 'absent') changed = true;
  else if (prev === 'link') {
    if (st?.lnkTarget !== src) {
      diff.before['src'] = st?.lnkTarget;
      diff.after['src'] = src;
      changed = true;
    }
  } else if (prev === 'hard') {
    if (srcStat && followed?.inode !== srcStat.inode) {
      changed = true;
      if (!force) throw new FileError({ msg: 'Cannot link, different hard link exists at destination', dest: path, src });
    }
  } else if (prev === 'file') {
    changed = true;
    if (!force) throw new FileError({ msg: `Cannot link, ${prev} exists at destination`, dest: path, src });
  } else if (prev === 'directory') {
    changed = true;
    if (followed && srcStat && followed.inode === srcStat.inode) return { path, changed: false };
    if (!force) throw new FileError({ msg: 'Cannot link: different hard link exists at destination', dest: path, src });
  }
  if (changed && !job.ctx.checkMode) {
    if (prev === 'absent') await run(job.conn, `ln -- ${shellQuote(src!)} ${shellQuote(path)}`, 'Error while linking', path);
    else await replaceWith(job, `ln -- ${shellQuote(src!)} TARGET`, prev, '');
  }
  if (job.ctx.checkMode && !(await statRemote(job.conn, path, { follow: true }))) return { dest: path, src, changed, diff };
  changed = await settleLink(job, diff, changed);
  return { dest: path, src, changed, diff };
}

export const file: ModuleDefinition = {
  name: 'file',
  spec: fileSpec,
  async run(args, ctx) {
    const conn = await ctx.connection();
    let path = await expandRemotePath(conn, args['path'] as string);
    const src = args['src'] as string | null;
    let state = args['state'] as State | null;
    const recurse = args['recurse'] === true;
    const follow = args['follow'] === true;
    if (state !== 'link' && state !== 'absent') {
      const asDir = await statRemote(conn, path, { follow: true });
      const base = (args['_original_basename'] as string | null) ?? (src ? src.replace(/\/+$/, '').split('/').pop() : undefined);
      if (asDir && isDir(asDir) && base) path = `${path.replace(/\/+$/, '')}/${base}`;
    }
    const st = await statRemote(conn, path);
    const prev = stateOf(st, st && !isLink(st) ? st : undefined);
    if (state === null) state = prev !== 'absent' ? prev : recurse ? 'directory' : 'file';
    if (recurse && state !== 'directory') return { failed: true, msg: "recurse option requires state to be 'directory'", path };
    if (src && state !== 'link' && state !== 'hard') return { failed: true, msg: "src option requires state to be 'link' or 'hard'", path };
    const job: Job = {
      conn,
      ctx,
      path,
      follow,
      attrs: { mode: args['mode'], owner: args['owner'] as string | null, group: args['group'] as string | null },
      mtime: parseTimeSpec(args['modification_time'] as string | null, args['modification_time_format'] as string, state === 'touch' ? 'now' : 'preserve'),
      atime: parseTimeSpec(args['access_time'] as string | null, args['access_time_format'] as string, state === 'touch' ? 'now' : 'preserve'),
    };
    let result: ModuleResult;
    try {
      switch (state) {
        case 'absent':
          result = await ensureAbsent(job, st);
          break;
        case 'file':
          result = await ensureFile(job, st);
          break;
        case 'directory':
          result = await ensureDirectory(job, st, recurse);
          break;
        case 'link':
          result = await ensureSymlink(job, st, src, args['force'] === true);
          break;
        case 'hard':
          result = await ensureHardlink(job, st, src, args['force'] === true);
          break;
        case 'touch':
          result = await touch(job, st);
          break;
      }
    } catch (e) {
      if (e instanceof FileError) return { failed: true, ...e.result };
      if (e instanceof AttributeError) return { failed: true, msg: e.message, path: e.path };
      if (e instanceof ModeError) return { failed: true, msg: e.message, path, details: e.details };
      throw e;
    }
    const infoPath = (result['path'] ?? result['dest']) as string;
    const exists = await statRemote(conn, infoPath, { follow: true });
    return exists ? { ...result, ...pathInfo(await statRemote(conn, infoPath)) } : result;
  },
};

async function touch(job: Job, st: RemoteStat | undefined): Promise<ModuleResult> {
  const prev = stateOf(st);
  let cur = st;
  let changed = false;
  if (!cur) {
    if (job.ctx.checkMode) return { dest: job.path, changed: true };
    await run(job.conn, `: > ${shellQuote(job.path)}`, 'Error, could not touch target', job.path);
    changed = true;
    cur = await statRemote(job.conn, job.path);
  }
  const diff = initialDiff(job.path, 'touch', prev);
  if (cur) changed = await settle(job, cur, diff, changed);
  return { dest: job.path, changed, diff };
}
