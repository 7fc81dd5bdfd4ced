/*
 * Modules kplay does not implement but Ansible would find (its module loader): ansible-core's
 * own, installed collections (FQCN, the `collections:` keyword, ansible-core's short-name
 * routing), and `library/` directories. Such a task loads (so --list-tasks, --syntax-check
 * and plays that never reach it work) and fails when it runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parseYaml } from '../yaml/load.js';
import { findConfigFile, readConfig } from '../config/ansible-cfg.js';

/** ansible-core 2.14's ansible.builtin modules. */
const BUILTIN = new Set(
  ('add_host apt apt_key apt_repository assemble assert async_status blockinfile command copy cron debconf debug dnf dpkg_selections expect fail fetch file find ' +
    'gather_facts get_url getent git group group_by hostname import_playbook import_role import_tasks include include_role include_tasks include_vars iptables ' +
    'known_hosts lineinfile meta package package_facts pause ping pip raw reboot replace rpm_key script service service_facts set_fact set_stats setup shell slurp ' +
    'stat subversion systemd systemd_service sysvinit tempfile template unarchive uri user validate_argument_spec wait_for wait_for_connection yum yum_repository').split(' '),
);

/** Where Ansible looks for installed collections: configured paths, then Python's site packages. */
function collectionRoots(env: NodeJS.ProcessEnv, playbookDir: string): string[] {
  const configured = env['ANSIBLE_COLLECTIONS_PATH'] ?? env['ANSIBLE_COLLECTIONS_PATHS'] ?? `${join(homedir(), '.ansible/collections')}${delimiter}/usr/share/ansible/collections`;
  const roots = [join(playbookDir, 'collections'), ...configured.split(delimiter).filter(Boolean)];
  for (const site of ['/usr/lib/python3/dist-packages', '/usr/local/lib/python3/dist-packages']) roots.push(site);
  return roots.map((r) => resolve(r.replace(/^~(?=\/|$)/, homedir())));
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'), file);
  } catch {
    return undefined;
  }
}

function get(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const k of path) cur = cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/** `library` from the ansible.cfg Ansible would read, relative to that file. */
function configuredLibrary(env: NodeJS.ProcessEnv): string[] {
  const file = findConfigFile(env, process.cwd());
  const value = file ? readConfig(file).get('defaults')?.get('library') : undefined;
  return value ? value.split(delimiter).filter(Boolean).map((p) => resolve(dirname(file!), p.replace(/^~(?=\/|$)/, homedir()))) : [];
}

export class ForeignModules {
  private readonly roots: string[];
  private readonly cache = new Map<string, boolean>();
  private builtinRouting: unknown;

  constructor(
    private readonly playbookDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** `library` from ansible.cfg / ANSIBLE_LIBRARY, relative to the config file's directory. */
    private readonly libraryPaths: readonly string[] = [],
  ) {
    this.roots = collectionRoots(env, playbookDir);
  }

  private collectionDir(ns: string, coll: string): string | undefined {
    return this.roots.map((r) => join(r, 'ansible_collections', ns, coll)).find((d) => existsSync(d));
  }

  /** An FQCN `ns.coll.name` that an installed collection provides (a module, an action or a routing entry). */
  private inCollection(fqcn: string): boolean {
    const parts = fqcn.split('.');
    if (parts.length < 3) return false;
    const [ns, coll, ...rest] = parts;
    const name = rest.join('.');
    if (ns === 'ansible' && (coll === 'builtin' || coll === 'legacy')) return BUILTIN.has(name) || this.routedShortName(name);
    const dir = this.collectionDir(ns!, coll!);
    if (!dir) return false;
    const sub = name.replace(/\./g, '/');
    if (['modules', 'action'].some((k) => ['py', 'ps1'].some((ext) => existsSync(join(dir, 'plugins', k, `${sub}.${ext}`))))) return true;
    const runtime = readYaml(join(dir, 'meta', 'runtime.yml'));
    return get(runtime, 'plugin_routing', 'modules', name) !== undefined || get(runtime, 'plugin_routing', 'action', name) !== undefined;
  }

  /** ansible-core's ansible_builtin_runtime.yml: short names it routes to collections (`sysctl` → ansible.posix.sysctl). */
  private routedShortName(name: string): boolean {
    if (this.builtinRouting === undefined) {
      const file = this.roots.map((r) => join(r, 'ansible', 'config', 'ansible_builtin_runtime.yml')).find((f) => existsSync(f));
      this.builtinRouting = (file ? readYaml(file) : null) ?? null;
    }
    const redirect = get(this.builtinRouting, 'plugin_routing', 'modules', name, 'redirect');
    return typeof redirect === 'string' && redirect.split('.').length >= 3 && this.inCollection(redirect);
  }

  private inLibrary(name: string, roleDir: string | undefined, taskDir: string): boolean {
    const dirs = [...this.libraryPaths, ...configuredLibrary(this.env), join(this.playbookDir, 'library'), join(taskDir, 'library'), ...(roleDir ? [join(roleDir, 'library')] : [])];
    const envLib = this.env['ANSIBLE_LIBRARY'];
    if (envLib) dirs.push(...envLib.split(delimiter));
    return dirs.some((d) => ['', '.py', '.sh', '.ps1'].some((ext) => existsSync(join(d, `${name}${ext}`))));
  }

  /**
   * Whether Ansible would resolve `name` for a task in `file` (inside `roleDir`, if any),
   * with the play's or role's `collections:` list.
   */
  resolves(name: string, file: string, roleDir: string | undefined, collections: readonly string[]): boolean {
    const key = `${name}\0${roleDir ?? ''}\0${dirname(file)}\0${collections.join(',')}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    let found: boolean;
    if (name.split('.').length >= 3) found = this.inCollection(name);
    else
      found =
        BUILTIN.has(name) ||
        this.inLibrary(name, roleDir, dirname(file)) ||
        collections.some((c) => this.inCollection(`${c}.${name}`)) ||
        this.routedShortName(name);
    this.cache.set(key, found);
    return found;
  }
}
