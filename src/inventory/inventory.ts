/**
 * The inventory the executor reads: host and group names, a host's inventory variables,
 * the `groups` / `group_names` magic variables, host patterns with `--limit`, and the
 * run-time changes of `add_host` and `group_by`.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InventoryError } from './errors.js';
import type { Group, Host, Vars } from './group.js';
import { PatternEvaluator, splitHostPattern, uniqueHosts, type PatternSource } from './host-pattern.js';
import { computeGroupVars, computeHostVars } from './host-vars.js';
import { InventoryData, LOCALHOST_NAMES, type InventoryDataOptions } from './inventory-data.js';
import type { DecryptHook } from './sources/read.js';
import { VarsFiles } from './vars-files.js';

export interface InventoryOptions extends InventoryDataOptions {
  /** Directories whose group_vars/ and host_vars/ belong to the inventory (one per source). */
  inventoryDirs?: string[];
  /** Decrypts vault-encrypted group_vars/host_vars files. */
  decrypt?: DecryptHook | undefined;
  /** YAML_FILENAME_EXTENSIONS for group_vars/host_vars files. */
  varsExtensions?: readonly string[] | undefined;
  /** Where `@file` limits are read from. */
  cwd?: string;
}

export interface SelectOptions {
  /** Ignore the `--limit` set with limit() (Ansible's ignore_limits). */
  ignoreLimits?: boolean;
}

export interface HostVarsOptions {
  /** Playbook directories whose group_vars/ and host_vars/ apply (the play's basedir). */
  playbookDirs?: readonly string[];
}

/** Read-only view of a group for renderers. */
export interface GroupView {
  readonly name: string;
  readonly vars: Readonly<Vars>;
  readonly priority: number;
  readonly depth: number;
  readonly hosts: readonly string[];
  readonly children: readonly string[];
  readonly parents: readonly string[];
}

export class Inventory extends InventoryData {
  readonly inventoryDirs: string[];
  readonly varsFiles: VarsFiles;
  private readonly cwd: string;
  private subset: string[] | undefined;
  private readonly patterns: PatternEvaluator;
  private readonly varsCache = new Map<string, { version: number; vars: Vars }>();
  private groupsCache: { version: number; groups: Record<string, string[]> } | undefined;

  constructor(options: InventoryOptions = {}) {
    super(options);
    this.inventoryDirs = options.inventoryDirs ?? [];
    this.varsFiles = new VarsFiles({
      warn: (m) => this.warn(m),
      ...(options.decrypt ? { decrypt: options.decrypt } : {}),
      ...(options.varsExtensions ? { extensions: [...options.varsExtensions] } : {}),
    });
    this.cwd = options.cwd ?? process.cwd();
    const source: PatternSource = {
      groupEntries: () => this.groupMap.entries(),
      hostEntries: () => this.hostMap.entries(),
      hostByName: (n) => this.hostMap.get(n),
      hostOrImplicit: (n) => this.getHostObject(n),
    };
    this.patterns = new PatternEvaluator(source);
  }

  /** Hosts in the order they were first defined (the implicit localhost is not one). */
  hostNames(): string[] {
    return [...this.hostMap.keys()];
  }

  hasHost(name: string): boolean {
    return this.hostMap.has(name);
  }

  /** Group names, sorted (Ansible's list_groups). */
  groupNames(): string[] {
    return [...this.groupMap.keys()].sort();
  }

  /** Group names in the order they were created. */
  groupNamesInOrder(): string[] {
    return [...this.groupMap.keys()];
  }

  group(name: string): GroupView | undefined {
    const g = this.groupMap.get(name);
    if (!g) return undefined;
    return {
      name: g.name,
      vars: g.vars,
      priority: g.priority,
      depth: g.depth,
      hosts: g.hosts.map((h) => h.name),
      children: g.childGroups.map((c) => c.name),
      parents: g.parentGroups.map((p) => p.name),
    };
  }

  /** Whether `name` is the implicit localhost (made when a pattern or lookup asked for it). */
  isImplicit(name: string): boolean {
    return this.hostMap.get(name) === undefined && this.localhostHost?.name === name;
  }

  private requireHost(name: string): Host {
    const h = this.getHostObject(name);
    if (!h) throw new InventoryError(`${name} cannot be matched in inventory`);
    return h;
  }

  /**
   * The host's inventory-level variables (inventory files, group_vars/, host_vars/) merged
   * as Ansible does; includes inventory_file and inventory_dir, not the magic variables.
   */
  hostVars(name: string, opts: HostVarsOptions = {}): Vars {
    return { ...this.sharedHostVars(name, opts) };
  }

  /** hostVars without the copy, for readers that only read (shared: do not modify). */
  sharedHostVars(name: string, opts: HostVarsOptions = {}): Readonly<Vars> {
    const host = this.requireHost(name);
    const playbookDirs = opts.playbookDirs ?? [];
    const key = playbookDirs.length === 1 ? `${name}\0${playbookDirs[0]!}` : `${name}\0${playbookDirs.join('\0')}`;
    const cached = this.varsCache.get(key);
    if (cached && cached.version === this.version) return cached.vars;
    const all = this.groupMap.get('all')!;
    const groups = this.hostGroups(host).filter((g) => g !== all);
    const vars = computeHostVars({ all, groups, host, files: this.varsFiles, inventoryDirs: this.inventoryDirs, playbookDirs });
    this.varsCache.set(key, { version: this.version, vars });
    return vars;
  }

  /** A group's own variables plus its group_vars/ files. */
  groupVars(name: string, opts: HostVarsOptions = {}): Vars {
    const g = this.groupMap.get(name);
    if (!g) throw new InventoryError(`${name} is not a known group`);
    return computeGroupVars(g, this.varsFiles, this.inventoryDirs, opts.playbookDirs ?? []);
  }

  /** The host's own inventory variables only (ansible-inventory --export). */
  hostOwnVars(name: string): Vars {
    return { ...this.requireHost(name).vars };
  }

  /** Ansible's `group_names`: sorted, without `all` (an ungrouped host has `ungrouped`). */
  groupNamesOf(host: string): string[] {
    const h = this.requireHost(host);
    return this.hostGroups(h)
      .map((g) => g.name)
      .filter((n) => n !== 'all')
      .sort();
  }

  /** Ansible's `groups`: every group (with `all` and `ungrouped`) and its hosts. */
  groupsMagic(): Record<string, string[]> {
    if (this.groupsCache?.version !== this.version) {
      const groups: Record<string, string[]> = {};
      for (const [name, g] of this.groupMap) groups[name] = g.allHosts().map((h) => h.name);
      this.groupsCache = { version: this.version, groups };
    }
    const out: Record<string, string[]> = {};
    for (const [name, hosts] of Object.entries(this.groupsCache.groups)) out[name] = [...hosts];
    return out;
  }

  /** Hosts of a group and the groups below it, in Ansible's order. */
  groupHosts(name: string): string[] {
    return this.groupMap.get(name)?.allHosts().map((h) => h.name) ?? [];
  }

  /**
   * Ansible's get_hosts(pattern): the matching hosts in Ansible's order, narrowed by the
   * limit unless ignoreLimits. Warnings (unmatched patterns) come back with the hosts.
   */
  select(pattern: string | string[], opts: SelectOptions = {}): { hosts: string[]; warnings: string[] } {
    const warnings: string[] = [];
    const warn = (m: string): void => {
      if (!warnings.includes(m)) warnings.push(m);
      this.warn(m);
    };
    let hosts = this.patterns.evaluate(splitHostPattern(pattern), warn);
    if (!opts.ignoreLimits && this.subset) {
      const allowed = new Set(this.patterns.evaluate(this.subset, warn));
      hosts = hosts.filter((h) => allowed.has(h));
    }
    return { hosts: uniqueHosts(hosts).map((h) => h.name), warnings };
  }

  /** select(...).hosts; the warnings wait in takeWarnings(). */
  selectHosts(pattern: string | string[], opts: SelectOptions = {}): string[] {
    return this.select(pattern, opts).hosts;
  }

  /** Ansible's list_hosts (ad hoc `--list-hosts`): an unmatched localhost-like pattern lists itself. */
  listHosts(pattern: string): string[] {
    const hosts = this.selectHosts(pattern);
    if (hosts.length === 0 && LOCALHOST_NAMES.includes(pattern)) return [pattern];
    return hosts;
  }

  /** `--limit`: later selections keep only hosts this matches; `@file` reads one pattern a line. */
  limit(pattern: string | undefined): void {
    if (pattern === undefined) {
      this.subset = undefined;
      return;
    }
    const results: string[] = [];
    for (const x of splitHostPattern(pattern)) {
      if (x[0] !== '@') {
        results.push(x);
        continue;
      }
      const file = resolve(this.cwd, x.slice(1));
      let st;
      try {
        st = statSync(file);
      } catch {
        throw new InventoryError(`Unable to find limit file b'${x.slice(1)}'`);
      }
      if (!st.isFile()) throw new InventoryError(`Limit starting with "@" must be a file, not a directory: b'${x.slice(1)}'`);
      results.push(...readFileSync(file, 'utf8').split('\n').map((l) => l.trim()));
    }
    this.subset = results;
  }

  /** add_host at run time: creates the host in `all` if new, merges vars, joins groups. */
  addHost(name: string, groups: string[] = [], vars: Vars = {}): { changed: boolean } {
    let changed = false;
    if (!this.hostMap.has(name)) {
      this.addHostTo(name, 'all');
      changed = true;
    }
    const host = this.hostMap.get(name)!;
    for (const [k, v] of Object.entries(vars)) {
      if (!(k in host.vars) || !sameValue(host.vars[k], v)) changed = true;
      host.vars[k] = v;
    }
    for (const gname of groups) {
      if (!this.groupMap.has(gname)) {
        this.addGroup(gname);
        changed = true;
      }
      if (this.groupMap.get(gname)!.addHost(host)) changed = true;
    }
    if (changed) this.reconcile();
    return { changed };
  }

  /** group_by at run time: the group (and parents) made if needed, the host added to it. */
  groupBy(host: string, group: string, parents: string[] = []): { changed: boolean } {
    const h = this.requireHost(host);
    let changed = false;
    const name = this.groupMap.has(group) ? group : this.addGroup(group);
    for (const p of parents) {
      if (!this.groupMap.has(p)) {
        this.addGroup(p);
        changed = true;
      }
    }
    const g = this.groupMap.get(name)!;
    for (const p of parents) if (this.groupMap.get(p)!.addChildGroup(g)) changed = true;
    if (g.addHost(h)) changed = true;
    if (changed) this.reconcile();
    return { changed };
  }

  /** Internal objects for the renderers in this folder. */
  groupObject(name: string): Group | undefined {
    return this.groupMap.get(name);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
