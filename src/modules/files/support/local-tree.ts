import { lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The copy action's _walk_dirs: files, directories and symlinks under a controller-side directory. */
export interface LocalTree {
  readonly files: Array<[full: string, rel: string]>;
  readonly directories: Array<[full: string, rel: string]>;
  readonly symlinks: Array<[target: string, rel: string]>;
}

/** `src/` copies the directory's contents; `src` copies the directory itself (its basename leads every rel path). */
export function walkLocalTree(source: string, localFollow: boolean): LocalTree {
  const tree: LocalTree = { files: [], directories: [], symlinks: [] };
  const base = source.endsWith('/') ? '' : source.replace(/\/+$/, '').split('/').pop()!;
  const root = source.replace(/\/+$/, '');
  if (base) tree.directories.push([root, base]);
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const l = lstatSync(full);
      if (l.isSymbolicLink() && !localFollow) tree.symlinks.push([readlinkSync(full), r]);
      else if (statSync(full).isDirectory()) {
        tree.directories.push([full, r]);
        walk(full, r);
      } else tree.files.push([full, r]);
    }
  };
  walk(root, base);
  return tree;
}
