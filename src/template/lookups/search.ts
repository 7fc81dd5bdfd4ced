/* Ansible's find_file_in_search_path / path_dwim_relative_stack, as the file lookups use it. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

export function findInSearchPath(paths: readonly string[], subdir: string, needle: string): string | undefined {
  if (needle.startsWith('~') || needle.startsWith('/')) {
    const p = needle.startsWith('~') ? join(process.env['HOME'] ?? homedir(), needle.slice(1)) : needle;
    return existsSync(p) ? p : undefined;
  }
  const search: string[] = [];
  for (const p of [...paths, process.cwd()]) {
    const up = resolve(p);
    if (basename(up) === 'tasks') {
      search.push(join(dirname(up), subdir, needle), join(up, needle));
      continue;
    }
    if (needle.split('/')[0] !== subdir) search.push(join(up, subdir, needle));
    search.push(join(up, needle));
  }
  return search.find((c) => existsSync(c));
}
