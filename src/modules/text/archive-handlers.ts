/*
 * unarchive's handlers (ansible-core 2.14 modules/unarchive.py), as host commands: GNU tar for
 * the tar family (changed = what `tar --diff` reports, as TgzArchive.is_unarchived filters it),
 * unzip for zip (the archive is unpacked into a scratch directory and compared file by file:
 * type, size, content, mode, mtime — what ZipArchive.is_unarchived compares).
 */
import { shellJoin, shellQuote } from '../../connection/quote.js';
import type { Connection } from '../../connection/types.js';
import { fnmatch } from './fnmatch.js';

export type HandlerName = 'ZipArchive' | 'TgzArchive' | 'TarArchive' | 'TarBzipArchive' | 'TarXzArchive';

export interface ArchiveOptions {
  readonly src: string;
  readonly dest: string;
  readonly extraOpts: string[];
  readonly excludes: string[];
  readonly includes: string[];
  readonly owner: string | null;
  readonly group: string | null;
  readonly modeGiven: boolean;
  readonly keepNewer: boolean;
  readonly runAsRoot: boolean;
}

const ZIPFLAG: Record<Exclude<HandlerName, 'ZipArchive'>, string> = { TgzArchive: '-z', TarArchive: '', TarBzipArchive: '-j', TarXzArchive: '-J' };
const C_LOCALE = 'LANG=C LC_ALL=C LC_MESSAGES=C LANGUAGE=C';

/** Ansible's pick_handler: the first handler whose listing of the archive works. */
export async function pickHandler(conn: Connection, src: string): Promise<HandlerName | undefined> {
  const s = shellQuote(src);
  const probes: Array<[HandlerName, string]> = [
    ['ZipArchive', `unzip -Z -1 ${s}`],
    ['TgzArchive', `tar --list -z -f ${s}`],
    ['TarArchive', `tar --list -f ${s}`],
    ['TarBzipArchive', `tar --list -j -f ${s}`],
    ['TarXzArchive', `tar --list -J -f ${s}`],
  ];
  const script = probes.map(([name, cmd]) => `if ${cmd} 2>/dev/null | grep -q .; then echo ${name}; exit 0; fi`).join('\n');
  const r = await conn.exec(script);
  const name = r.stdout.trim();
  return name ? (name as HandlerName) : undefined;
}

/* tar escapes unprintable bytes as \ooo (codecs.escape_decode undoes it). */
const unescapeTar = (s: string): string => Buffer.from(s.replace(/\\([0-7]{3})|\\\\/g, (m, o: string | undefined) => (o ? String.fromCharCode(parseInt(o, 8)) : '\\')), 'latin1').toString('utf8');

function tarArgs(h: Exclude<HandlerName, 'ZipArchive'>, action: string, o: ArchiveOptions, withAttrs: boolean): string[] {
  const cmd = ['/usr/bin/tar', action, '-C', o.dest];
  if (ZIPFLAG[h]) cmd.push(ZIPFLAG[h]);
  if (o.extraOpts.length) cmd.push('--show-transformed-names', ...o.extraOpts);
  if (withAttrs && o.owner) cmd.push(`--owner=${shellQuote(o.owner)}`);
  if (withAttrs && o.group) cmd.push(`--group=${shellQuote(o.group)}`);
  if (withAttrs && o.keepNewer) cmd.push('--keep-newer-files');
  cmd.push(...o.excludes.map((e) => `--exclude=${e}`), '-f', o.src, ...o.includes);
  return cmd;
}

export async function filesInArchive(conn: Connection, h: HandlerName, o: ArchiveOptions): Promise<string[]> {
  const cmd = h === 'ZipArchive' ? ['unzip', '-Z', '-1', o.src] : tarArgs(h, '--list', o, false);
  const r = await conn.exec(`cd ${shellQuote(o.dest)} && ${C_LOCALE} ${shellJoin(cmd)}`);
  if (r.code !== 0) throw new Error(`Unable to list files in the archive: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (h === 'ZipArchive' ? l : unescapeTar(l)).replace(/^\//, ''))
    .filter((f) => !o.excludes.some((e) => fnmatch(f, e.replace(/\/+$/, ''))));
}

const TAR_DIFF_KEEP = [/: Mod time differs$/, /: Warning: Cannot stat: No such file or directory$/, /: Invalid owner/, /: Invalid group/];

export async function isUnarchived(conn: Connection, h: HandlerName, o: ArchiveOptions, files: string[]): Promise<boolean> {
  if (h !== 'ZipArchive') {
    const r = await conn.exec(`cd ${shellQuote(o.dest)} && ${C_LOCALE} ${shellJoin(tarArgs(h, '--diff', o, true))}`);
    const lines = `${r.stdout}\n${r.stderr}`.split('\n');
    return !lines.some((line) => {
      if (/: : Warning: Cannot stat: No such file or directory$/.test(line)) return false;
      if (o.runAsRoot && !o.owner && /: Uid differs$/.test(line)) return true;
      if (o.runAsRoot && !o.group && /: Gid differs$/.test(line)) return true;
      if (!o.modeGiven && /: Mode differs$/.test(line)) return true;
      return TAR_DIFF_KEEP.some((re) => re.test(line));
    });
  }
  const fmt = o.modeGiven ? '%F %s %Y' : '%F %s %Y %a';
  const compare = files
    .map((f) => {
      const a = `"$t"/${shellQuote(f)}`;
      const b = `${shellQuote(o.dest)}/${shellQuote(f)}`;
      // Directories: only their type and permissions count (their size and mtime are the filesystem's).
      const f2 = f.endsWith('/') ? (o.modeGiven ? '%F' : '%F %a') : fmt;
      return `[ "$(stat -c '${f2}' -- ${a})" = "$(stat -c '${f2}' -- ${b} 2>/dev/null)" ] || exit 1; if [ -f ${a} ]; then cmp -s -- ${a} ${b} || exit 1; fi`;
    })
    .join('\n');
  const script = `t=$(mktemp -d) || exit 2; trap 'rm -rf "$t"' EXIT; unzip -qq -o ${shellQuote(o.src)} -d "$t" >/dev/null 2>&1 || exit 1\n(\n${compare}\n)`;
  return (await conn.exec(script)).code === 0;
}

export async function unpack(conn: Connection, h: HandlerName, o: ArchiveOptions): Promise<{ cmd: string[]; rc: number; out: string; err: string }> {
  const cmd = h === 'ZipArchive' ? ['/usr/bin/unzip', '-o', o.src, ...o.extraOpts, '-d', o.dest, ...o.includes, ...(o.excludes.length ? ['-x', ...o.excludes] : [])] : tarArgs(h, '--extract', o, true);
  const r = await conn.exec(`cd ${shellQuote(o.dest)} && ${C_LOCALE} ${shellJoin(cmd)}`);
  return { cmd, rc: r.code ?? -1, out: r.stdout, err: r.stderr };
}
