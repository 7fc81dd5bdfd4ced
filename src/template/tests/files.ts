/* ansible-core's file tests (plugins/test/files.py): they look at the controller's filesystem. */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { TestTable } from '../registry.js';
import { text } from '../filters/support.js';

function st(p: string, follow: boolean): ReturnType<typeof statSync> | undefined {
  try {
    return follow ? statSync(p) : lstatSync(p);
  } catch {
    return undefined;
  }
}

function ismount(p: string): boolean {
  const a = st(p, false);
  if (!a || a.isSymbolicLink()) return false;
  const parent = st(resolve(p, '..'), false);
  if (!parent) return false;
  return a.dev !== parent.dev || a.ino === parent.ino;
}

export const FILE_TESTS: Record<string, TestTable[string]> = {
  directory: (_e, v) => !!st(text(v), true)?.isDirectory(),
  file: (_e, v) => !!st(text(v), true)?.isFile(),
  link: (_e, v) => !!st(text(v), false)?.isSymbolicLink(),
  exists: (_e, v) => existsSync(text(v)),
  link_exists: (_e, v) => !!st(text(v), false),
  abs: (_e, v) => isAbsolute(text(v)),
  same_file: (_e, v, a) => {
    const x = st(text(v), true);
    const y = st(text(a[0]), true);
    return !!x && !!y && x.dev === y.dev && x.ino === y.ino;
  },
  mount: (_e, v) => ismount(text(v)),
};
for (const n of ['directory', 'file', 'link', 'abs', 'same_file', 'mount']) {
  FILE_TESTS[n === 'directory' ? 'is_dir' : `is_${n}`] = FILE_TESTS[n]!;
}
