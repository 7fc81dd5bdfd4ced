/*
 * The host side of the find module: one `find -printf` per search path, NUL-separated, in one
 * round trip. The entries come back in readdir order and are re-walked here the way os.walk
 * visits them (a directory's files, then its directories, then each directory in turn).
 */
import { shellQuote } from '../../connection/quote.js';

export interface ListedEntry {
  readonly path: string;
  readonly depth: number;
  /** lstat type letter from find's %y (f d l p s c b). */
  readonly type: string;
  /** The type after following a symlink (%Y): os.walk puts links to directories among `dirs`. */
  readonly targetType: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly inode: number;
  readonly nlink: number;
  readonly dev: number;
  readonly atime: number;
  readonly mtime: number;
  readonly ctime: number;
  readonly owner: string;
  readonly group: string;
}

export interface ListedPath {
  readonly root: string;
  readonly error?: string;
  readonly entries: ListedEntry[];
}

const FIELDS = ['%d', '%y', '%Y', '%m', '%U', '%G', '%s', '%i', '%n', '%D', '%A@', '%T@', '%C@', '%u', '%g', '%p'];
const RECORD = FIELDS.join('\\0') + '\\0';

/** The path as the shell should see it: `~` and `~/…` become the remote $HOME (os.path.expanduser). */
export function shellPath(path: string): string {
  if (path === '~') return '"$HOME"';
  if (path.startsWith('~/')) return `"$HOME"${shellQuote(path.slice(1))}`;
  return shellQuote(path);
}

/** One script listing every path down to `maxDepth` (undefined = unlimited), plus the host's clock. */
export function listingScript(paths: readonly string[], maxDepth: number | undefined, follow: boolean): string {
  const lines = ["printf 'NOW\\0%s\\0' \"$(date +%s.%N)\""];
  for (const p of paths) {
    const q = shellPath(p);
    lines.push(
      `printf 'PATH\\0'; printf '%s\\0' ${q}`,
      `if [ -d ${q} ]; then find ${follow ? '-L ' : ''}${q} -mindepth 1 ${maxDepth === undefined ? '' : `-maxdepth ${maxDepth} `}-printf '${RECORD}' 2>/tmp/.kplay-find-err.$$; rc=$?;` +
        ` printf 'END\\0%s\\0' "$rc"; if [ $rc -ne 0 ]; then head -n1 /tmp/.kplay-find-err.$$ | tr -d '\\0'; fi; printf '\\0'; rm -f /tmp/.kplay-find-err.$$;` +
        ` else printf 'NOTDIR\\0'; fi`,
    );
  }
  return lines.join('\n');
}

/* Python's st_mtime is sec + nsec * 1e-9 computed in doubles; the same sum gives the same float. */
export function pyTime(s: string): number {
  const [sec = '0', frac = ''] = s.split('.');
  return Number(sec) + Number(frac.slice(0, 9).padEnd(9, '0')) * 1e-9;
}

function entryOf(f: string[]): ListedEntry {
  const uid = Number(f[4]);
  const gid = Number(f[5]);
  return {
    depth: Number(f[0]),
    type: f[1]!,
    targetType: f[2]!,
    mode: parseInt(f[3]!, 8),
    uid,
    gid,
    size: Number(f[6]),
    inode: Number(f[7]),
    nlink: Number(f[8]),
    dev: Number(f[9]),
    atime: pyTime(f[10]!),
    mtime: pyTime(f[11]!),
    ctime: pyTime(f[12]!),
    // find prints the number when the id has no name; Python's find module gives ''.
    owner: f[13] === String(uid) ? '' : f[13]!,
    group: f[14] === String(gid) ? '' : f[14]!,
    path: f[15]!,
  };
}

/** Parses listingScript's output: the host's time and, per path, its entries or why it was skipped. */
export function parseListing(out: string): { now: number; paths: ListedPath[] } {
  const t = out.split('\0');
  let i = 0;
  let now = Date.now() / 1000;
  const paths: ListedPath[] = [];
  while (i < t.length) {
    const tag = t[i++];
    if (tag === 'NOW') now = pyTime(t[i++] ?? '0');
    else if (tag === 'PATH') {
      const root = t[i++]!;
      if (t[i] === 'NOTDIR') {
        i++;
        paths.push({ root, error: `'${root}' is not a directory`, entries: [] });
        continue;
      }
      const entries: ListedEntry[] = [];
      while (i < t.length && t[i] !== 'END') {
        entries.push(entryOf(t.slice(i, i + FIELDS.length)));
        i += FIELDS.length;
      }
      i++;
      const rc = t[i++];
      const err = (t[i++] ?? '').trim();
      paths.push(rc === '0' ? { root, entries } : { root, entries, error: findErrorAsPython(err) });
    }
  }
  return { now, paths };
}

/* `find: '/x': Permission denied` → Python's `[Errno 13] Permission denied: '/x'`. */
function findErrorAsPython(line: string): string {
  const m = /^find: ['‘](.*)['’]: (.*)$/.exec(line);
  if (!m) return line;
  const errno: Record<string, number> = { 'Permission denied': 13, 'No such file or directory': 2 };
  return `[Errno ${errno[m[2]!] ?? 5}] ${m[2]}: '${m[1]}'`;
}

/** Python's os.path.normpath for absolute or relative POSIX paths. */
export function normpath(p: string): string {
  if (p === '') return '.';
  const initial = p.startsWith('//') && !p.startsWith('///') ? '//' : p.startsWith('/') ? '/' : '';
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && ((!initial && out.length === 0) || out[out.length - 1] === '..')) out.push(part);
    else if (part === '..') {
      if (out.length) out.pop();
    } else out.push(part);
  }
  return initial + out.join('/') || '.';
}

/** Yields, per directory in os.walk's top-down order, its depth and its files followed by its dirs. */
export function* osWalk(root: string, entries: readonly ListedEntry[], follow: boolean): Generator<{ depth: number; items: ListedEntry[]; prune: () => void }> {
  const children = new Map<string, ListedEntry[]>();
  for (const e of entries) {
    const parent = e.path.slice(0, e.path.lastIndexOf('/')).replace(/\/+$/, '') || '/';
    const list = children.get(parent) ?? [];
    list.push(e);
    children.set(parent, list);
  }
  const rootKey = root.replace(/\/+$/, '') || '/';
  const stack: Array<{ dir: string; depth: number }> = [{ dir: rootKey, depth: 0 }];
  while (stack.length) {
    const { dir, depth } = stack.shift()!;
    const list = children.get(dir) ?? [];
    const isDirLike = (e: ListedEntry): boolean => e.type === 'd' || (e.type === 'l' && e.targetType === 'd');
    const dirs = list.filter(isDirLike);
    let pruned = false;
    yield { depth, items: [...list.filter((e) => !isDirLike(e)), ...dirs], prune: () => (pruned = true) };
    if (pruned) continue;
    const next = dirs.filter((d) => follow || d.type !== 'l').map((d) => ({ dir: d.path, depth: depth + 1 }));
    stack.unshift(...next);
  }
}
