// Follows ansible.builtin.stat (ansible-core 2.14: modules/stat.py): the same keys, from one round trip.
import type { ModuleDefinition, ModuleSpec } from '../types.js';
import { expandRemotePath } from './support/remote-path.js';
import { isDir, isLink, isReg, statRemote, type ChecksumAlgorithm, type RemoteStat } from './support/remote-stat.js';

export const statSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    path: { type: 'path', required: true, aliases: ['dest', 'name'] },
    follow: { type: 'bool', default: false },
    get_md5: { type: 'bool', default: false },
    get_checksum: { type: 'bool', default: true },
    get_mime: { type: 'bool', default: true, aliases: ['mime', 'mime_type', 'mime-type'] },
    get_attributes: { type: 'bool', default: true, aliases: ['attr', 'attributes'] },
    checksum_algorithm: { default: 'sha1', choices: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'], aliases: ['checksum', 'checksum_algo'] },
  },
};

const FILE_ATTRIBUTES: Record<string, string> = {
  A: 'noatime', a: 'append', c: 'compressed', C: 'nocow', d: 'nodump', D: 'dirsync', e: 'extents', E: 'encrypted', h: 'blocksize', i: 'immutable',
  I: 'indexed', j: 'journalled', N: 'inline', s: 'zero', S: 'synchronous', t: 'notail', T: 'blockroot', u: 'undelete', X: 'compressedraw', Z: 'compresseddirty',
};

const TYPE = 0o170000;

/** The `stat` dict Ansible returns for an existing path. */
export function statOutput(path: string, st: RemoteStat, opts: { mime: boolean; attributes: boolean; md5?: string | null }): Record<string, unknown> {
  const m = st.rawMode;
  const t = m & TYPE;
  const out: Record<string, unknown> = {
    exists: true,
    path,
    mode: (m & 0o7777).toString(8).padStart(4, '0'),
    isdir: isDir(st),
    ischr: t === 0o020000,
    isblk: t === 0o060000,
    isreg: isReg(st),
    isfifo: t === 0o010000,
    islnk: isLink(st),
    issock: t === 0o140000,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    inode: st.inode,
    dev: st.dev,
    nlink: st.nlink,
    atime: st.atime,
    mtime: st.mtime,
    ctime: st.ctime,
    wusr: (m & 0o200) !== 0,
    rusr: (m & 0o400) !== 0,
    xusr: (m & 0o100) !== 0,
    wgrp: (m & 0o020) !== 0,
    rgrp: (m & 0o040) !== 0,
    xgrp: (m & 0o010) !== 0,
    woth: (m & 0o002) !== 0,
    roth: (m & 0o004) !== 0,
    xoth: (m & 0o001) !== 0,
    isuid: (m & 0o4000) !== 0,
    isgid: (m & 0o2000) !== 0,
    blocks: st.blocks,
    block_size: st.blockSize,
    device_type: st.rdev,
    readable: st.readable,
    writeable: st.writeable,
    executable: st.executable,
  };
  if (isLink(st)) {
    out['lnk_source'] = st.lnkSource ?? '';
    out['lnk_target'] = st.lnkTarget ?? '';
  }
  if (st.owner !== undefined) out['pw_name'] = st.owner;
  if (st.group !== undefined) out['gr_name'] = st.group;
  if (opts.md5 !== undefined) out['md5'] = opts.md5;
  if (st.checksum !== undefined) out['checksum'] = st.checksum;
  if (opts.mime) {
    out['mimetype'] = st.mime?.mimetype ?? 'unknown';
    out['charset'] = st.mime?.charset ?? 'unknown';
  }
  if (opts.attributes) {
    out['version'] = st.attributes?.version ?? null;
    const flags = st.attributes?.flags ?? '';
    out['attributes'] = [...flags].filter((f) => f in FILE_ATTRIBUTES).map((f) => FILE_ATTRIBUTES[f]);
    out['attr_flags'] = flags;
  }
  return out;
}

export const stat: ModuleDefinition = {
  name: 'stat',
  spec: statSpec,
  async run(args, ctx) {
    const conn = await ctx.connection();
    const path = await expandRemotePath(conn, args['path'] as string);
    const follow = args['follow'] === true;
    const mime = args['get_mime'] === true;
    const attributes = args['get_attributes'] === true;
    const algorithm = args['checksum_algorithm'] as ChecksumAlgorithm;
    const st = await statRemote(conn, path, { follow, mime, attributes, ...(args['get_checksum'] === true ? { checksum: algorithm } : {}) });
    if (!st) return { changed: false, stat: { exists: false } };
    let md5: string | null | undefined;
    if (args['get_md5'] === true && isReg(st) && st.readable) md5 = (await statRemote(conn, path, { follow, checksum: 'md5' }))?.checksum ?? null;
    return { changed: false, stat: statOutput(args['path'] as string, st, { mime, attributes, ...(md5 !== undefined ? { md5 } : {}) }) };
  },
};
