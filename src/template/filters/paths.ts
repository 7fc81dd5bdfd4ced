/* Path filters (posixpath/ntpath as ansible-core's core.py wires them) and fileglob. */
import { existsSync, opendirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { PyError } from '../py/errors.js';
import { tuple } from '../py/values.js';
import type { FilterTable } from '../registry.js';
import { typeError } from '../py/errors.js';
import { Undefined } from '../py/undefined.js';
import { asStr, pyTypeName } from '../py/values.js';
import { iterate } from './support.js';

/** os.path functions take str (or bytes/PathLike), nothing else. */
function pathArg(v: unknown): string {
  if (v instanceof Undefined) v.fail();
  const s = asStr(v);
  if (s === undefined) throw typeError(`expected str, bytes or os.PathLike object, not ${pyTypeName(v)}`);
  return s;
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** posixpath.dirname: the head, trailing slashes dropped unless it is all slashes. */
export function dirname(p: string): string {
  const head = p.slice(0, p.lastIndexOf('/') + 1);
  return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
}

/** posixpath.join */
export function pathJoin(parts: string[]): string {
  let out = parts[0] ?? '';
  for (const p of parts.slice(1)) {
    if (p.startsWith('/')) out = p;
    else if (!out || out.endsWith('/')) out += p;
    else out += '/' + p;
  }
  return out;
}

export function splitext(p: string): [string, string] {
  const slash = p.lastIndexOf('/');
  const dot = p.lastIndexOf('.');
  if (dot > slash) {
    let i = slash + 1;
    while (i < dot && p[i] === '.') i++;
    if (i < dot) return [p.slice(0, dot), p.slice(dot)];
  }
  return [p, ''];
}

function expanduser(p: string): string {
  if (p === '~' || p.startsWith('~/')) return (process.env['HOME'] ?? homedir()) + p.slice(1);
  return p;
}

function expandvars(p: string): string {
  return p.replace(/\$(\w+|\{([^}]*)\})/g, (all, name: string, braced: string | undefined) => {
    const v = process.env[braced ?? name];
    return v === undefined ? all : v;
  });
}

/** os.path.realpath: symlinks resolved as far as the path exists. */
export function realpath(p: string): string {
  let abs = posix.resolve(p);
  const tail: string[] = [];
  while (!existsSync(abs) && abs !== '/') {
    tail.unshift(posix.basename(abs));
    abs = posix.dirname(abs);
  }
  return posix.join(realpathSync(abs), ...tail);
}

function fnmatchRe(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += '[' + pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Directory entries in the order the filesystem gives them (os.listdir's; readdirSync sorts). */
function listDir(dir: string): string[] {
  const d = opendirSync(dir);
  const out: string[] = [];
  try {
    for (let e = d.readSync(); e; e = d.readSync()) out.push(e.name);
  } finally {
    d.closeSync();
  }
  return out;
}

/** glob.glob (non-recursive); hidden names only match patterns starting with '.'. */
export function glob(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let paths = [absolute ? '/' : ''];
  for (const part of parts.slice(absolute ? 1 : 0)) {
    const next: string[] = [];
    for (const base of paths) {
      if (!/[*?[]/.test(part)) {
        const p = base ? (base.endsWith('/') ? base + part : `${base}/${part}`) : part;
        if (existsSync(p)) next.push(p);
        continue;
      }
      const re = fnmatchRe(part);
      let names: string[];
      try {
        names = listDir(base || '.');
      } catch {
        continue;
      }
      for (const n of names) {
        if (n.startsWith('.') && !part.startsWith('.')) continue;
        if (re.test(n)) next.push(base ? (base.endsWith('/') ? base + n : `${base}/${n}`) : n);
      }
    }
    paths = next;
  }
  return paths;
}

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export const PATH_FILTERS: FilterTable = {
  basename: (_e, v) => basename(pathArg(v)),
  dirname: (_e, v) => dirname(pathArg(v)),
  expanduser: (_e, v) => expanduser(pathArg(v)),
  expandvars: (_e, v) => expandvars(pathArg(v)),
  realpath: (_e, v) => realpath(pathArg(v)),
  relpath: (_e, v, a) => posix.relative(a[0] === undefined ? process.cwd() : posix.resolve(pathArg(a[0])), posix.resolve(pathArg(v))) || '.',
  splitext: (_e, v) => tuple(splitext(pathArg(v))),
  path_join: (_e, v) => {
    if (typeof v === 'string') return v;
    if (!Array.isArray(v)) throw new PyError('AnsibleFilterTypeError', `|path_join expects string or sequence, got <class '${typeof v}'> instead.`);
    return pathJoin(iterate(v).map(pathArg));
  },
  fileglob: (_e, v) => glob(pathArg(v)).filter(isFile),
  win_basename: (_e, v) => win32.basename(pathArg(v)),
  win_dirname: (_e, v) => win32.dirname(pathArg(v)),
  win_splitdrive: (_e, v) => {
    const s = pathArg(v);
    const m = /^([A-Za-z]:|\\\\[^\\]+\\[^\\]+)/.exec(s);
    return tuple(m ? [m[0], s.slice(m[0].length)] : ['', s]);
  },
};
