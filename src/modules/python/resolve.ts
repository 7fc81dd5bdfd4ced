/*
 * Module resolution in Ansible's order (PluginLoader.find_plugin_with_context): for a short
 * name, the play's `collections:` first, then `ansible.legacy` — the library/ dirs added for the
 * run (module-finder.ts: playbook dirs, then roles as loaded), then ANSIBLE_LIBRARY / `library =`, then ansible-core's own modules, then its
 * short-name routing (ansible_builtin_runtime.yml). An FQCN is looked up in its collection,
 * following `meta/runtime.yml` redirects. Only files on the controller are read.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { controllerAnsibleDir } from './controller-paths.js';
import { moduleRouting } from './runtime-routing.js';

export interface ModuleSearch {
  /** The action as written in the task (`kube`, `community.general.ini_file`). */
  readonly name: string;
  /** library/ directories added for the run (playbook dirs, loaded roles), searched first. */
  readonly extraLibraryDirs: readonly string[];
  readonly libraryDirs: readonly string[];
  readonly collectionRoots: readonly string[];
  /** The play's or role's `collections:` keyword. */
  readonly collections: readonly string[];
}

export interface ResolvedModule {
  /** The name Ansible ends up with (`community.general.ini_file`, `kube`). */
  readonly resolvedName: string;
  readonly file: string;
  /** Python package path of the module inside the payload (`ansible.modules.kube`). */
  readonly pythonName: string;
  /** The collection the module belongs to, for its relative imports. */
  readonly collection?: { readonly namespace: string; readonly name: string };
  /** An action plugin of the same name: Ansible runs it on the controller instead of the bare module. */
  readonly actionPlugin?: string;
  /** Only an action plugin exists (no module file): `file` is the action plugin. */
  readonly actionOnly?: boolean;
}

function withAction(mod: ResolvedModule, actionFile: string): ResolvedModule {
  return isFile(actionFile) ? { ...mod, actionPlugin: actionFile } : mod;
}

/** A module Ansible would refuse: removed (tombstoned) or deprecated-away. */
export class ModuleRoutingError extends Error {}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A module file in a library/ style directory: `name`, `name.py` or `name.sh` (not PowerShell). */
function inDirs(dirs: readonly string[], name: string): string | undefined {
  for (const d of dirs) for (const ext of ['.py', '', '.sh']) if (isFile(join(d, name + ext))) return join(d, name + ext);
  return undefined;
}

export class ModuleResolver {
  constructor(private readonly search: ModuleSearch) {}

  private collectionDir(ns: string, coll: string): string | undefined {
    return this.search.collectionRoots.map((r) => join(r, 'ansible_collections', ns, coll)).find((d) => existsSync(d));
  }

  private routed(runtimeFile: string, name: string, fqcn: string): string | undefined {
    const entry = moduleRouting(runtimeFile, name);
    if (entry?.tombstone) throw new ModuleRoutingError(`${fqcn} has been removed.${entry.tombstone.warningText ? ` ${entry.tombstone.warningText}` : ''}`);
    return entry?.redirect;
  }

  private builtin(name: string, legacy: boolean, hops: number): ResolvedModule | undefined {
    if (legacy) {
      const lib = inDirs([...this.search.extraLibraryDirs, ...this.search.libraryDirs], name);
      if (lib) return { resolvedName: name, file: lib, pythonName: `ansible.modules.${name}` };
    }
    const dir = controllerAnsibleDir();
    if (!dir) return undefined;
    const own = join(dir, 'modules', `${name}.py`);
    if (isFile(own)) return withAction({ resolvedName: `ansible.builtin.${name}`, file: own, pythonName: `ansible.modules.${name}` }, join(dir, 'plugins', 'action', `${name}.py`));
    const redirect = this.routed(join(dir, 'config', 'ansible_builtin_runtime.yml'), name, `ansible.builtin.${name}`);
    return redirect ? this.fqcn(redirect, hops + 1) : undefined;
  }

  private fqcn(fqcn: string, hops = 0): ResolvedModule | undefined {
    if (hops > 10) return undefined;
    const [ns, coll, ...rest] = fqcn.split('.');
    const name = rest.join('.');
    if (!ns || !coll || !name) return undefined;
    if (ns === 'ansible' && (coll === 'builtin' || coll === 'legacy')) return this.builtin(name, coll === 'legacy', hops);
    const dir = this.collectionDir(ns, coll);
    if (!dir) return undefined;
    const file = join(dir, 'plugins', 'modules', `${name.replace(/\./g, '/')}.py`);
    // Ansible consults routing first: a redirect wins over a leftover file of the same name.
    const redirect = this.routed(join(dir, 'meta', 'runtime.yml'), name, fqcn);
    if (redirect && redirect !== fqcn) return this.fqcn(redirect, hops + 1);
    const action = join(dir, 'plugins', 'action', `${name.replace(/\./g, '/')}.py`);
    const mod = { resolvedName: fqcn, file, pythonName: `ansible_collections.${ns}.${coll}.plugins.modules.${name}`, collection: { namespace: ns, name: coll } };
    if (isFile(file)) return withAction(mod, action);
    // An action plugin alone still resolves (the task loads); running it needs the controller.
    return isFile(action) ? { ...mod, file: action, actionPlugin: action, actionOnly: true } : undefined;
  }

  /** The module file Ansible would run for this task, or undefined when it finds none. */
  resolve(): ResolvedModule | undefined {
    const { name, collections } = this.search;
    if (name.split('.').length >= 3) return this.fqcn(name);
    for (const c of collections) {
      if (c === 'ansible.builtin' || c === 'ansible.legacy') continue;
      const r = this.fqcn(`${c}.${name}`);
      if (r) return r;
    }
    return this.builtin(name, true, 0);
  }
}
