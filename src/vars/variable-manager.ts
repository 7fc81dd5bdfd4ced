import type { InventoryView, Vars } from '../executor/ports.js';
import type { BlockNode, PlayNode, RoleInfo, TaskNode } from '../playbook/model.js';
import { roleOf } from '../playbook/model.js';
import { taskSearchPath } from '../playbook/search-path.js';
import type { PlayVarsFiles } from './play-vars-files.js';
import { promptedVars } from './vars-prompt.js';
import { roleNameVars } from './role-names.js';
import { cleanFacts, namespaceFacts } from './module-facts.js';

export interface MagicBase {
  readonly playbookDir: string;
  readonly checkMode: boolean;
  readonly diffMode: boolean;
  readonly verbosity: number;
  readonly ansibleVersion: Vars;
  readonly omit: string;
}

export interface PlayScope {
  readonly play: PlayNode;
  /** Hosts of the play still running (ansible_play_hosts). */
  readonly activeHosts: () => string[];
  /** Hosts of the current batch (ansible_play_batch). */
  readonly batch: () => string[];
  /** Every host the play targets (play_hosts is an alias of the batch). */
  readonly allHosts: readonly string[];
}

/** Roles brought in by `include_role`/`import_role` with `public: true`, per play. */
const PUBLIC_ROLES = new WeakMap<PlayNode, RoleInfo[]>();

/** Makes an included role's defaults and vars visible to the rest of the play (`public: true`). */
export function addPublicRole(play: PlayNode, role: RoleInfo): void {
  const list = PUBLIC_ROLES.get(play) ?? [];
  if (!list.includes(role)) list.push(role);
  PUBLIC_ROLES.set(play, list);
}

function playRoles(play: PlayNode): RoleInfo[] {
  return [...play.roles.flatMap((b) => (b.role ? [b.role] : [])), ...(PUBLIC_ROLES.get(play) ?? [])];
}

function isRecord(v: unknown): v is Vars {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Variables in Ansible's precedence order (lowest first): inventory, facts, play vars,
 * block vars, task vars, set_fact/registered, extra vars; plus magic variables.
 */
export class VariableManager {
  private readonly facts = new Map<string, Vars>();
  private readonly factViews = new Map<string, { namespaced: Vars; topLevel: Vars }>();
  private readonly hostLevel = new Map<string, Vars>();
  private readonly included = new Map<string, Vars>();

  constructor(
    private readonly inventory: InventoryView,
    private readonly extraVars: Vars,
    private readonly magic: MagicBase,
    private readonly varsFiles?: PlayVarsFiles,
  ) {}

  private filesVars(play: PlayNode, sofar: Vars): Vars {
    return this.varsFiles ? this.varsFiles.varsFor(play, { ...sofar, ...this.extraVars }) : {};
  }

  /** Reads the play's vars files that need no host (see PlayVarsFiles.preload). */
  preloadPlayVarsFiles(play: PlayNode): void {
    this.varsFiles?.preload(play, { ...play.vars, ...this.extraVars });
  }

  /** Facts as a module returned them (Ansible's fact cache keeps them so). */
  setFacts(host: string, facts: Vars): void {
    const raw = { ...(this.facts.get(host) ?? {}), ...facts };
    this.facts.set(host, raw);
    this.factViews.set(host, { namespaced: namespaceFacts(raw), topLevel: cleanFacts(raw).vars });
  }

  clearFacts(host: string): void {
    this.facts.delete(host);
    this.factViews.delete(host);
  }

  factsOf(host: string): Vars {
    return this.facts.get(host) ?? {};
  }

  /** include_vars results (precedence "include_vars": above task vars, below set_fact). */
  setIncludedVars(host: string, vars: Vars): void {
    this.included.set(host, { ...(this.included.get(host) ?? {}), ...vars });
  }

  /** register: and set_fact: values (precedence level "set_facts / registered vars"). */
  setHostVar(host: string, name: string, value: unknown): void {
    const cur = this.hostLevel.get(host) ?? {};
    cur[name] = value;
    this.hostLevel.set(host, cur);
  }

  private injectFacts(host: string, out: Vars): void {
    const views = this.factViews.get(host);
    if (!views) return;
    out['ansible_facts'] = views.namespaced;
    Object.assign(out, views.topLevel);
  }

  /** hostvars[h] is Ansible's get_vars(host) without a play: no role defaults/vars, play vars or vars_files. */
  private hostvarsProxy(): Vars {
    const cache = new Map<string, Vars>();
    const names = new Set(this.inventory.hostNames());
    return new Proxy({} as Vars, {
      get: (_t, prop) => {
        if (typeof prop !== 'string' || !names.has(prop)) return undefined;
        let v = cache.get(prop);
        if (!v) {
          v = this.forHost(prop, undefined, false);
          cache.set(prop, v);
        }
        return v;
      },
      has: (_t, prop) => typeof prop === 'string' && names.has(prop),
      ownKeys: () => [...names],
      getOwnPropertyDescriptor: (_t, prop) => (typeof prop === 'string' && names.has(prop) ? { enumerable: true, configurable: true } : undefined),
    });
  }

  /** A host's variables at play level (what hostvars[host] shows). */
  forHost(host: string, scope: PlayScope | undefined, withHostvars = true): Vars {
    const out: Vars = {};
    const roles = scope ? playRoles(scope.play) : [];
    for (const r of roles) Object.assign(out, r.defaults);
    Object.assign(out, this.inventory.hostVars(host));
    this.injectFacts(host, out);
    if (scope) Object.assign(out, scope.play.vars, promptedVars(scope.play, this.extraVars));
    if (scope) Object.assign(out, this.filesVars(scope.play, out));
    for (const r of roles) Object.assign(out, r.vars);
    Object.assign(out, this.included.get(host) ?? {});
    Object.assign(out, this.hostLevel.get(host) ?? {});
    Object.assign(out, this.extraVars);
    this.addMagic(host, scope, out, withHostvars);
    return out;
  }

  /** A host's variables for one task: block and task vars between play vars and set_fact/registered. */
  forTask(host: string, scope: PlayScope, task: TaskNode): Vars {
    const out: Vars = {};
    const roles = playRoles(scope.play);
    const own = roleOf(task);
    for (const r of roles) Object.assign(out, r.defaults);
    if (own) Object.assign(out, own.defaults);
    Object.assign(out, this.inventory.hostVars(host));
    this.injectFacts(host, out);
    Object.assign(out, scope.play.vars, promptedVars(scope.play, this.extraVars));
    Object.assign(out, this.filesVars(scope.play, out));
    for (const r of roles) Object.assign(out, r.vars);
    if (own) Object.assign(out, own.vars);
    const chain: Array<BlockNode | TaskNode> = [];
    for (let b = task.parent; b; b = b.parent) chain.unshift(b);
    chain.push(task);
    for (const n of chain) {
      const v = n.keywords['vars'];
      if (isRecord(v)) Object.assign(out, v);
    }
    Object.assign(out, this.included.get(host) ?? {});
    Object.assign(out, this.hostLevel.get(host) ?? {});
    if (own) Object.assign(out, own.params);
    // An include's vars are task vars of the included tasks and, above role params, include params.
    for (const n of chain) {
      const v = n.keywords['vars'];
      if (n.kind === 'block' && n.include && isRecord(v)) Object.assign(out, v);
    }
    Object.assign(out, this.extraVars);
    this.addMagic(host, scope, out, true);
    if (own) {
      out['role_name'] = own.name;
      out['role_path'] = own.path;
      out['ansible_role_name'] = own.name;
    }
    out['ansible_search_path'] = taskSearchPath(task);
    return out;
  }

  private addMagic(host: string, scope: PlayScope | undefined, out: Vars, withHostvars: boolean): void {
    out['inventory_hostname'] = host;
    out['inventory_hostname_short'] = host.split('.')[0];
    out['group_names'] = this.inventory.groupNamesOf(host);
    out['groups'] = this.inventory.groupsMagic();
    out['playbook_dir'] = this.magic.playbookDir;
    out['ansible_check_mode'] = this.magic.checkMode;
    out['ansible_diff_mode'] = this.magic.diffMode;
    out['ansible_verbosity'] = this.magic.verbosity;
    out['ansible_version'] = this.magic.ansibleVersion;
    out['omit'] = this.magic.omit;
    out['ansible_run_tags'] ??= ['all'];
    out['ansible_skip_tags'] ??= [];
    if (scope) {
      const batch = scope.batch();
      out['ansible_play_hosts'] = scope.activeHosts();
      out['ansible_play_batch'] = batch;
      out['play_hosts'] = batch;
      out['ansible_play_hosts_all'] = [...scope.allHosts];
      out['ansible_play_name'] = scope.play.displayName;
      Object.assign(out, roleNameVars(scope.play));
    }
    if (withHostvars) out['hostvars'] = this.hostvarsProxy();
  }
}
