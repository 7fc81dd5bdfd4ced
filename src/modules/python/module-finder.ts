/*
 * The one place that decides which module file Ansible would use for a name, for the loader
 * (does the task resolve at all?) and for the executor (what to run). Like Ansible's
 * module_loader it is one object for the run: `library/` directories are added as Ansible
 * adds them (add_all_plugin_dirs) — each playbook's directory, then each legacy role's as the
 * role is loaded (its meta dependencies first) — and are searched in that order, before
 * ANSIBLE_LIBRARY / `library =` and ansible-core's own modules. A role's library/ is therefore
 * usable by any task parsed after the role was loaded, in any play, and the first directory
 * added wins when two hold the same name (the playbook's before any role's).
 */
import { realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { controllerAnsibleDir, searchPaths, type SearchPaths } from './controller-paths.js';
import { ModuleResolver, ModuleRoutingError, type ResolvedModule } from './resolve.js';

/** ansible-core 2.14's ansible.builtin modules: what resolves when its package is not installed here. */
const CORE_MODULE_NAMES = new Set(
  ('add_host apt apt_key apt_repository assemble assert async_status blockinfile command copy cron debconf debug dnf dpkg_selections expect fail fetch file find ' +
    'gather_facts get_url getent git group group_by hostname import_playbook import_role import_tasks include include_role include_tasks include_vars iptables ' +
    'known_hosts lineinfile meta package package_facts pause ping pip raw reboot replace rpm_key script service service_facts set_fact set_stats setup shell slurp ' +
    'stat subversion systemd systemd_service sysvinit tempfile template unarchive uri user validate_argument_spec wait_for wait_for_connection yum yum_repository').split(' '),
);

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** What a name resolves to: a module, a module Ansible refuses (tombstone), or nothing. */
export type ModuleLookup = { readonly kind: 'module'; readonly module: ResolvedModule } | { readonly kind: 'refused'; readonly message: string } | { readonly kind: 'none' };

export class ModuleFinder {
  private readonly added: string[] = [];
  private paths: SearchPaths | undefined;
  private readonly cache = new Map<string, ModuleLookup>();

  constructor(
    readonly playbookDir: string,
    private readonly configFile: string | undefined,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.addPluginDirs(playbookDir);
  }

  /** add_all_plugin_dirs(dir): its `library/`, when it exists, joins the search (once). */
  addPluginDirs(dir: string): void {
    const lib = join(dir, 'library');
    if (!isDir(lib)) return;
    const real = realpathSync(lib);
    if (this.added.includes(real)) return;
    this.added.push(real);
  }

  /** The library/ directories added so far, in search order. */
  libraryDirs(): readonly string[] {
    return this.added;
  }

  private searchPaths(): SearchPaths {
    this.paths ??= searchPaths(this.playbookDir, this.configFile, this.env);
    return this.paths;
  }

  get collectionRoots(): readonly string[] {
    return this.searchPaths().collectionRoots;
  }

  /** The module Ansible would pick for `name` now, with the task's `collections:` list. */
  lookup(name: string, collections: readonly string[]): ModuleLookup {
    const key = `${name}\0${collections.join(',')}\0${String(this.added.length)}`;
    const known = this.cache.get(key);
    if (known) return known;
    const paths = this.searchPaths();
    let found: ModuleLookup;
    try {
      const module = new ModuleResolver({ name, extraLibraryDirs: this.added, libraryDirs: paths.libraryDirs, collectionRoots: paths.collectionRoots, collections }).resolve();
      found = module ? { kind: 'module', module } : { kind: 'none' };
    } catch (e) {
      if (!(e instanceof ModuleRoutingError)) throw e;
      found = { kind: 'refused', message: e.message };
    }
    this.cache.set(key, found);
    return found;
  }

  /** Whether a task naming `name` loads (Ansible's ModuleArgsParser finds a module or action for it). */
  resolves(name: string, collections: readonly string[]): boolean {
    if (this.lookup(name, collections).kind !== 'none') return true;
    if (controllerAnsibleDir()) return false;
    const short = /^ansible\.(builtin|legacy)\.(\w+)$/.exec(name)?.[2] ?? name;
    return CORE_MODULE_NAMES.has(short);
  }
}
