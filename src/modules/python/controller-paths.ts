/*
 * Where the controller keeps what Python modules are built from: ansible-core's own package
 * (its modules and module_utils), installed collections, and library/ directories. Nothing is
 * bundled with kplay: everything is read from these places at run time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { readConfig } from '../../config/ansible-cfg.js';

const SITE_DIRS = ['/usr/lib/python3/dist-packages', '/usr/local/lib/python3/dist-packages'];

function expand(p: string, base: string): string {
  const home = p.replace(/^~(?=\/|$)/, homedir());
  return isAbsolute(home) ? home : resolve(base, home);
}

/** site-packages style directories that may hold `ansible/` and `ansible_collections/`. */
function sitePackages(): string[] {
  const out = [...SITE_DIRS];
  for (const root of ['/usr/local/lib', '/usr/lib']) {
    let names: string[] = [];
    try {
      names = readdirSync(root).filter((n) => /^python3(\.\d+)?$/.test(n));
    } catch {
      continue;
    }
    for (const n of names) out.push(join(root, n, 'site-packages'), join(root, n, 'dist-packages'));
  }
  return [...new Set(out)].filter((d) => existsSync(d));
}

let ansibleDirCache: string | null | undefined;

/** The controller's installed `ansible` package directory (ansible-core), or undefined. */
export function controllerAnsibleDir(): string | undefined {
  if (ansibleDirCache !== undefined) return ansibleDirCache ?? undefined;
  let found = sitePackages()
    .map((d) => join(d, 'ansible'))
    .find((d) => existsSync(join(d, 'module_utils', 'basic.py')));
  if (!found) {
    // An ansible-core installed elsewhere (a virtualenv on PATH): ask its Python.
    const r = spawnSync('python3', ['-c', 'import ansible, os; print(os.path.dirname(ansible.__file__))'], { encoding: 'utf8', timeout: 10000 });
    const dir = r.status === 0 ? r.stdout.trim() : '';
    if (dir && existsSync(join(dir, 'module_utils', 'basic.py'))) found = dir;
  }
  ansibleDirCache = found ?? null;
  return found;
}

/** ansible-core's version as installed on the controller (`_ansible_version` for modules). */
export function controllerAnsibleVersion(): string {
  const dir = controllerAnsibleDir();
  if (!dir) return '2.14.0';
  try {
    const m = /__version__\s*=\s*['"]([^'"]+)['"]/.exec(readFileSync(join(dir, 'release.py'), 'utf8'));
    return m?.[1] ?? '2.14.0';
  } catch {
    return '2.14.0';
  }
}

export interface SearchPaths {
  /** Directories holding `ansible_collections/`, in Ansible's order. */
  readonly collectionRoots: readonly string[];
  /** ANSIBLE_LIBRARY / ansible.cfg `library`: configured module directories. */
  readonly libraryDirs: readonly string[];
}

/**
 * Ansible's configured paths: `<playbook_dir>/collections`, then COLLECTIONS_PATHS (env, then
 * ansible.cfg, then its default), then Python's site packages (where Debian's `ansible`
 * package puts its bundle); DEFAULT_MODULE_PATH from ANSIBLE_LIBRARY or `library =`.
 */
export function searchPaths(playbookDir: string, configFile: string | undefined, env: NodeJS.ProcessEnv): SearchPaths {
  let cfg: Map<string, string> | undefined;
  try {
    cfg = readConfig(configFile).get('defaults');
  } catch {
    cfg = undefined;
  }
  const cfgBase = configFile ? dirname(configFile) : playbookDir;
  const split = (v: string, base: string): string[] => v.split(delimiter).map((s) => s.trim()).filter(Boolean).map((p) => expand(p, base));
  const envColl = env['ANSIBLE_COLLECTIONS_PATH'] ?? env['ANSIBLE_COLLECTIONS_PATHS'];
  const cfgColl = cfg?.get('collections_path') ?? cfg?.get('collections_paths');
  const configured =
    envColl !== undefined ? split(envColl, process.cwd()) : cfgColl !== undefined ? split(cfgColl, cfgBase) : [join(homedir(), '.ansible/collections'), '/usr/share/ansible/collections'];
  const envLib = env['ANSIBLE_LIBRARY'];
  const cfgLib = cfg?.get('library');
  const libraryDirs =
    envLib !== undefined ? split(envLib, process.cwd()) : cfgLib !== undefined ? split(cfgLib, cfgBase) : [join(homedir(), '.ansible/plugins/modules'), '/usr/share/ansible/plugins/modules'];
  const roots = [join(playbookDir, 'collections'), ...configured, ...sitePackages()];
  return { collectionRoots: [...new Set(roots)], libraryDirs };
}
