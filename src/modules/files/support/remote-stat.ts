import { shellQuote } from '../../../connection/quote.js';
import type { Connection } from '../../../connection/types.js';
import { octalString } from './mode.js';

/** One path's stat on the host, as Python's os.stat/os.lstat gives it, plus what Ansible derives. */
export interface RemoteStat {
  readonly path: string;
  /** st_mode (type bits and permission bits). */
  readonly rawMode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly atime: number;
  readonly mtime: number;
  readonly ctime: number;
  readonly inode: number;
  readonly nlink: number;
  readonly dev: number;
  readonly blocks: number;
  readonly blockSize: number;
  readonly rdev: number;
  /** Absent when the id has no passwd/group entry. */
  readonly owner: string | undefined;
  readonly group: string | undefined;
  readonly readable: boolean;
  readonly writeable: boolean;
  readonly executable: boolean;
  /** Symlinks only: os.path.realpath and os.readlink. */
  readonly lnkSource: string | undefined;
  readonly lnkTarget: string | undefined;
  /** Regular readable files, when asked for. */
  readonly checksum: string | undefined;
  readonly mime: { mimetype: string; charset: string } | undefined;
  readonly attributes: { version: string | null; flags: string } | undefined;
}

export type ChecksumAlgorithm = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface StatOptions {
  /** os.stat (true) or os.lstat (false, the default). */
  readonly follow?: boolean;
  /** Digest of a regular readable file, computed on the host. */
  readonly checksum?: ChecksumAlgorithm;
  /** `file --mime-type --mime-encoding`, as the stat module's get_mime. */
  readonly mime?: boolean;
  /** `lsattr -vd`, as the stat module's get_attributes. */
  readonly attributes?: boolean;
}

const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;

export const isDir = (s: RemoteStat): boolean => (s.rawMode & S_IFMT) === S_IFDIR;
export const isReg = (s: RemoteStat): boolean => (s.rawMode & S_IFMT) === S_IFREG;
export const isLink = (s: RemoteStat): boolean => (s.rawMode & S_IFMT) === S_IFLNK;
/** Permission bits, as Ansible prints them: '0644'. */
export const modeString = (s: RemoteStat): string => octalString(s.rawMode & 0o7777);

const MARK = '@@KPLAY-STAT@@';
const STAT_FIELDS = ['%f', '%u', '%g', '%s', '%.9X', '%.9Y', '%.9Z', '%i', '%h', '%d', '%b', '%o', '%t', '%T', '%U', '%G'];

/**
 * A shell snippet that prints one stat record for `path` (or `MARK absent`): one round trip gives
 * the stat, ownership names, access bits, link info and optionally checksum, mime and attributes.
 * Fields are NUL-terminated, so any byte of a path or link target survives.
 */
export function statScript(path: string, opts: StatOptions = {}): string {
  const p = shellQuote(path);
  const field = (cmd: string): string => `printf '%s\\0' "$(${cmd})"`;
  const parts = [
    `if [ -e ${p} ]${opts.follow ? '' : ` || [ -L ${p} ]`}; then`,
    `printf '${MARK} present\\0'`,
    `stat ${opts.follow ? '-L ' : ''}--printf '${STAT_FIELDS.join('\\0')}\\0' -- ${p} || exit 1`,
    `for t in r w x; do if [ -$t ${p} ]; then printf '1\\0'; else printf '0\\0'; fi; done`,
    `if [ -L ${p} ]; then realpath -m -z -- ${p}; readlink -z -- ${p}; else printf '\\0\\0'; fi`,
  ];
  const reg = `[ -f ${p} ] && [ -r ${p} ]${opts.follow ? '' : ` && [ ! -L ${p} ]`}`;
  parts.push(opts.checksum ? field(`if ${reg}; then ${opts.checksum}sum < ${p} | cut -d' ' -f1; fi`) : `printf '\\0'`);
  parts.push(opts.mime ? field(`file -b --mime-type --mime-encoding -- ${p} 2>/dev/null`) : `printf '\\0'`);
  parts.push(opts.attributes ? field(`lsattr -vd -- ${p} 2>/dev/null`) : `printf '\\0'`);
  parts.push(`else printf '${MARK} absent\\0'; fi`);
  return parts.join('\n');
}

function num(s: string | undefined): number {
  return s === undefined || s === '' ? 0 : Number(s);
}

/* Python's st_mtime is sec + nsec * 1e-9 in doubles; the same sum gives the same float repr. */
function pyTime(s: string | undefined): number {
  const [sec = '0', frac = '0'] = (s ?? '0').split('.');
  return Number(sec) + Number(frac.padEnd(9, '0')) * 1e-9;
}

/** Parses statScript's output; undefined when the path does not exist. */
export function parseStat(path: string, text: string): RemoteStat | undefined {
  const at = text.indexOf(MARK);
  if (at < 0) throw new Error(`stat of ${path} failed: ${text.trim()}`);
  const f = text.slice(at).split('\0');
  if (f[0] === `${MARK} absent`) return undefined;
  if (f.length < 25) throw new Error(`stat of ${path} failed`);
  const s = f.slice(1);
  const name = (v: string | undefined): string | undefined => (v === undefined || v === '' || v === 'UNKNOWN' ? undefined : v);
  const mm = /^([^;]+);\s*charset=(.*)$/.exec((s[22] ?? '').trim());
  const attr = (s[23] ?? '').trim().split(/\s+/);
  return {
    path,
    rawMode: parseInt(s[0] ?? '0', 16),
    uid: num(s[1]),
    gid: num(s[2]),
    size: num(s[3]),
    atime: pyTime(s[4]),
    mtime: pyTime(s[5]),
    ctime: pyTime(s[6]),
    inode: num(s[7]),
    nlink: num(s[8]),
    dev: num(s[9]),
    blocks: num(s[10]),
    blockSize: num(s[11]),
    rdev: parseInt(s[12] || '0', 16) * 256 + parseInt(s[13] || '0', 16),
    owner: name(s[14]),
    group: name(s[15]),
    readable: s[16] === '1',
    writeable: s[17] === '1',
    executable: s[18] === '1',
    lnkSource: s[19] ? s[19] : undefined,
    lnkTarget: s[20] ? s[20] : undefined,
    checksum: s[21] ? s[21].trim() : undefined,
    mime: mm ? { mimetype: mm[1]!.trim(), charset: mm[2]!.trim() } : undefined,
    attributes: attr.length >= 2 ? { version: attr[0]!, flags: attr[1]!.replace(/-/g, '') } : undefined,
  };
}

/** Stats one path on the host in one round trip; undefined when it does not exist. */
export async function statRemote(conn: Connection, path: string, opts: StatOptions = {}): Promise<RemoteStat | undefined> {
  const r = await conn.exec(statScript(path, opts));
  if (r.code !== 0) throw new Error(`stat of ${path} failed: ${r.stderr.trim()}`);
  return parseStat(path, r.stdout);
}
