import { homedir } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';

/** os.path.expandvars: `$NAME` and `${NAME}` that are set; the rest stays as written. */
function expandVars(path: string, env: NodeJS.ProcessEnv): string {
  return path.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    const value = env[key];
    return value === undefined ? whole : value;
  });
}

/** os.path.expanduser for the current user (`~` and `~/…`). */
function expandUser(path: string, env: NodeJS.ProcessEnv): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  return (env['HOME'] || homedir()) + path.slice(1);
}

/** unfrackpath(follow=False): variables and `~` expanded, made absolute against `basedir`, normalised. */
export function unfrackPath(path: string, basedir: string, env: NodeJS.ProcessEnv = process.env): string {
  const expanded = expandUser(expandVars(path, env), env);
  const abs = isAbsolute(expanded) ? expanded : join(basedir, expanded);
  const norm = normalize(abs);
  return norm.length > 1 && norm.endsWith('/') ? norm.slice(0, -1) : norm;
}
