import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export function isUrl(p: string): boolean {
  return URL_SCHEME.test(p);
}

/** A path written in pools.yml: `~/` is $HOME, relative is from pools.yml's directory. */
export function resolvePath(baseDir: string, p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return resolve(homedir(), p.slice(2));
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

/** Kernel, initrd and image may be URLs (kept as written) or local paths. */
export function resolveSource(baseDir: string, p: string): string {
  return isUrl(p) ? p : resolvePath(baseDir, p);
}
