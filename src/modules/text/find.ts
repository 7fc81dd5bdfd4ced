// Follows ansible.builtin.find (ansible-core 2.14 modules/find.py): filters, result keys, os.walk order.
import { shellQuote } from '../../connection/quote.js';
import type { Connection } from '../../connection/types.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { fnmatch } from './fnmatch.js';
import { type ListedEntry, listingScript, normpath, osWalk, parseListing } from './find-listing.js';
import { compilePyRegex, pyMatch, pySearch } from './py-regex.js';

const spec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    paths: { type: 'list', elements: 'str', required: true, aliases: ['name', 'path'] },
    patterns: { type: 'list', elements: 'str', default: [], aliases: ['pattern'] },
    excludes: { type: 'list', elements: 'str', aliases: ['exclude'] },
    contains: { type: 'str' },
    read_whole_file: { type: 'bool', default: false },
    file_type: { type: 'str', default: 'file', choices: ['any', 'directory', 'file', 'link'] },
    age: { type: 'str' },
    age_stamp: { type: 'str', default: 'mtime', choices: ['atime', 'ctime', 'mtime'] },
    size: { type: 'str' },
    recurse: { type: 'bool', default: false },
    hidden: { type: 'bool', default: false },
    follow: { type: 'bool', default: false },
    get_checksum: { type: 'bool', default: false },
    use_regex: { type: 'bool', default: false },
    depth: { type: 'int' },
  },
};

type NameFilter = (name: string) => boolean;

/* find.py's pfilter: the first pattern that matches decides, unless an exclude matches too. */
function nameFilter(patterns: string[], excludes: string[] | null, useRegex: boolean): NameFilter {
  const test = (p: string): NameFilter => {
    if (!useRegex) return (n) => fnmatch(n, p);
    const re = compilePyRegex(p, { unicode: true });
    return (n) => pyMatch(re, n) !== null;
  };
  const inc = patterns.map(test);
  const exc = (excludes ?? []).map(test);
  return (n) => inc.some((t) => t(n)) && !(exc.length > 0 && exc.some((t) => t(n)));
}

function parseUnit(value: string, re: RegExp, units: Record<string, number>): number | undefined {
  const m = re.exec(value.toLowerCase());
  return m ? Number(m[1]) * (units[m[2] ?? ''] ?? 1) : undefined;
}

function statinfo(e: ListedEntry): Record<string, unknown> {
  const m = e.mode;
  const t = e.type;
  return {
    path: e.path,
    mode: (m & 0o7777).toString(8).padStart(4, '0'),
    isdir: t === 'd',
    ischr: t === 'c',
    isblk: t === 'b',
    isreg: t === 'f',
    isfifo: t === 'p',
    islnk: t === 'l',
    issock: t === 's',
    uid: e.uid,
    gid: e.gid,
    size: e.size,
    inode: e.inode,
    dev: e.dev,
    nlink: e.nlink,
    atime: e.atime,
    mtime: e.mtime,
    ctime: e.ctime,
    gr_name: e.group,
    pw_name: e.owner,
    wusr: !!(m & 0o200),
    rusr: !!(m & 0o400),
    xusr: !!(m & 0o100),
    wgrp: !!(m & 0o20),
    rgrp: !!(m & 0o40),
    xgrp: !!(m & 0o10),
    woth: !!(m & 0o2),
    roth: !!(m & 0o4),
    xoth: !!(m & 0o1),
    isuid: !!(m & 0o4000),
    isgid: !!(m & 0o2000),
  };
}

/* find.py's contentfilter: text mode (universal newlines), re.match per line or re.search on the whole. */
async function contains(conn: Connection, path: string, re: RegExp, whole: boolean): Promise<boolean> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await conn.getFile(path)).replace(/\r\n?/g, '\n');
  } catch {
    return false;
  }
  if (whole) return pySearch(re, text) !== null;
  return (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).some((line) => pyMatch(re, line) !== null);
}

async function sha1s(conn: Connection, paths: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (paths.length === 0) return out;
  const r = await conn.exec(`for f in ${paths.map(shellQuote).join(' ')}; do sha1sum < "$f" | cut -d' ' -f1; done`);
  r.stdout.split('\n').forEach((sum, i) => i < paths.length && out.set(paths[i]!, sum.trim()));
  return out;
}

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const useRegex = args['use_regex'] === true;
  const patterns = (args['patterns'] as string[]).length ? (args['patterns'] as string[]) : [useRegex ? '.*' : '*'];
  const fileType = args['file_type'] as string;
  const hidden = args['hidden'] === true;
  const follow = args['follow'] === true;
  const recurse = args['recurse'] === true;
  const depthLimit = (args['depth'] as number | null) || undefined;
  const stamp = args['age_stamp'] as 'atime' | 'mtime' | 'ctime';
  let age: number | undefined;
  if (args['age'] !== null) {
    age = parseUnit(args['age'] as string, /^(-?\d+)(s|m|h|d|w)?$/, { s: 1, m: 60, h: 3600, d: 86400, w: 604800 });
    if (age === undefined) return { failed: true, age: args['age'], msg: 'failed to process age' };
  }
  let size: number | undefined;
  if (args['size'] !== null) {
    size = parseUnit(args['size'] as string, /^(-?\d+)(b|k|m|g|t)?$/, { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 });
    if (size === undefined) return { failed: true, size: args['size'], msg: 'failed to process size' };
  }
  const nameOk = nameFilter(patterns, args['excludes'] as string[] | null, useRegex);
  const containsRe = args['contains'] === null ? undefined : compilePyRegex(args['contains'] as string, { unicode: true });

  const conn = await ctx.connection();
  const maxDepth = !recurse ? 1 : depthLimit !== undefined ? depthLimit + 1 : undefined;
  const listing = parseListing((await conn.exec(listingScript(args['paths'] as string[], maxDepth, follow))).stdout);
  const ageOk = (e: ListedEntry): boolean => age === undefined || (age >= 0 ? listing.now - e[stamp] >= Math.abs(age) : listing.now - e[stamp] <= Math.abs(age));
  const sizeOk = (e: ListedEntry): boolean => size === undefined || (size >= 0 ? e.size >= Math.abs(size) : e.size <= Math.abs(size));

  const files: ListedEntry[] = [];
  const skipped: Record<string, string> = {};
  const warnings: string[] = [];
  let looked = 0;
  for (const p of listing.paths) {
    if (p.error !== undefined && p.entries.length === 0) {
      skipped[p.root] = p.error;
      warnings.push(`Skipped '${p.root}' path due to this access issue: ${p.error}\n`);
      continue;
    }
    for (const dir of osWalk(p.root, p.entries, follow)) {
      looked += dir.items.length;
      if (depthLimit !== undefined && dir.depth + 1 > depthLimit) {
        dir.prune();
        continue;
      }
      for (const e of dir.items) {
        const name = e.path.slice(e.path.lastIndexOf('/') + 1);
        if (name.startsWith('.') && !hidden) continue;
        if (!nameOk(name) || !ageOk(e)) continue;
        if (fileType === 'any' && (e.type !== 'f' || sizeOk(e))) files.push(e);
        else if (fileType === 'directory' && e.type === 'd') files.push(e);
        else if (fileType === 'link' && e.type === 'l') files.push(e);
        else if (fileType === 'file' && e.type === 'f' && sizeOk(e)) {
          if (!containsRe || (await contains(conn, e.path, containsRe, args['read_whole_file'] === true))) files.push(e);
        }
      }
      if (!recurse) break;
    }
    if (p.error !== undefined) {
      skipped[p.root] = p.error;
      warnings.push(`Skipped '${p.root}' path due to this access issue: ${p.error}\n`);
    }
  }
  const sums = args['get_checksum'] === true ? await sha1s(conn, files.filter((e) => e.type === 'f').map((e) => e.path)) : new Map<string, string>();
  const result = files.map((e) => {
    const info = { ...statinfo(e), path: normpath(e.path) };
    const sum = sums.get(e.path);
    return sum === undefined ? info : { ...info, checksum: sum };
  });
  return {
    files: result,
    changed: false,
    msg: warnings.length ? 'Not all paths examined, check warnings for details' : 'All paths examined',
    matched: result.length,
    examined: looked,
    skipped_paths: skipped,
    ...(warnings.length ? { warnings } : {}),
  };
}

export const find: ModuleDefinition = { name: 'find', spec, run };
