/**
 * The inventory's structure and its rules (ansible/inventory/data.py): `all` and
 * `ungrouped` always exist, every group hangs under `all`, a host in no group is
 * `ungrouped`, the implicit localhost is made on demand. Sources write into it through
 * these methods, so a source that fails halfway leaves what it added, as in Ansible.
 */
import { InventoryError } from './errors.js';
import { Group, Host, safeGroupName, type TransformGroupChars, type Vars } from './group.js';

export const LOCALHOST_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

export interface InventoryDataOptions {
  /** The Python Ansible runs under: the implicit localhost's ansible_python_interpreter. */
  controllerPython?: string | undefined;
  /** TRANSFORM_INVALID_GROUP_CHARS (`force_valid_group_names`), default `never`. */
  transformGroupChars?: TransformGroupChars | undefined;
}

/** Where hosts being added come from: sets inventory_file and inventory_dir. */
export interface CurrentSource {
  file: string;
  /** `"None"` where Ansible's basedir() finds no directory (a host list). */
  dir: string;
}

export class InventoryData {
  protected readonly groupMap = new Map<string, Group>();
  protected readonly hostMap = new Map<string, Host>();
  protected localhostHost: Host | undefined;
  currentSource: CurrentSource | undefined;
  readonly processedSources: string[] = [];
  /** Bumped on every change; caches compare against it. */
  protected version = 0;
  private readonly pendingWarnings: string[] = [];
  /** Each group's ancestors, for this.version: thousands of hosts share a few groups. */
  private ancestorsCache = { version: -1, byGroup: new Map<Group, Group[]>() };
  private readonly warned = new Set<string>();

  constructor(protected readonly dataOptions: InventoryDataOptions = {}) {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  /** Records a warning once, as Ansible's display does. */
  warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.pendingWarnings.push(message);
  }

  /** Warnings not yet taken, oldest first. */
  takeWarnings(): string[] {
    return this.pendingWarnings.splice(0);
  }

  protected touch(): void {
    this.version++;
  }

  hasHostObject(name: string): boolean {
    return this.hostMap.has(name);
  }

  getGroupObject(name: string): Group | undefined {
    return this.groupMap.get(name);
  }

  /** A host by name; a localhost-like name not in the inventory makes the implicit localhost. */
  getHostObject(name: string): Host | undefined {
    const h = this.hostMap.get(name);
    if (h || !LOCALHOST_NAMES.includes(name)) return h;
    return this.implicitLocalhost(name);
  }

  private implicitLocalhost(name: string): Host {
    if (this.localhostHost) return this.localhostHost;
    const h = new Host(name);
    h.implicit = true;
    h.vars['ansible_python_interpreter'] = this.dataOptions.controllerPython ?? '/usr/bin/python3';
    h.vars['ansible_connection'] = 'local';
    this.localhostHost = h;
    this.touch();
    return h;
  }

  /** to_safe_group_name with the configured TRANSFORM_INVALID_GROUP_CHARS (warns as Ansible does). */
  safeGroupName(name: string): string {
    return safeGroupName(name, this.dataOptions.transformGroupChars ?? 'never', (m) => this.warn(m));
  }

  /** add_group: returns the name actually used. */
  addGroup(name: string): string {
    if (!name) throw new InventoryError(`Invalid empty/false group name provided: ${name}`);
    if (this.groupMap.has(name)) return name;
    const safe = this.safeGroupName(name);
    if (!this.groupMap.has(safe)) {
      this.groupMap.set(safe, new Group(safe));
      this.touch();
    }
    return safe;
  }

  /** add_host: creates the host once (the port counts only then) and adds it to `group`. */
  addHostTo(name: string, group?: string, port?: number): string {
    if (!name) throw new InventoryError(`Invalid empty host name provided: ${name}`);
    let g: Group | undefined;
    if (group) {
      g = this.groupMap.get(group);
      if (!g) throw new InventoryError(`Could not find group ${group} in inventory`);
    }
    let h = this.hostMap.get(name);
    if (!h) {
      h = new Host(name);
      if (port) h.vars['ansible_port'] = port;
      this.hostMap.set(name, h);
      h.vars['inventory_file'] = this.currentSource ? this.currentSource.file : null;
      h.vars['inventory_dir'] = this.currentSource ? this.currentSource.dir : null;
      if (LOCALHOST_NAMES.includes(name)) {
        if (!this.localhostHost) this.localhostHost = h;
        else this.warn(`A duplicate localhost-like entry was found (${name}). First found localhost was ${this.localhostHost.name}`);
      }
      this.touch();
    }
    if (g && g.addHost(h)) this.touch();
    return name;
  }

  /** set_variable: a group of that name wins over a host of that name, as in Ansible. */
  setVariable(entity: string, key: string, value: unknown): void {
    const g = this.groupMap.get(entity);
    if (g) {
      if (key === 'ansible_group_priority') g.priority = pyInt(value);
      else g.vars[key] = value;
    } else {
      const h = this.hostMap.get(entity);
      if (!h) throw new InventoryError(`Could not identify group or host named ${entity}`);
      h.vars[key] = value;
    }
    this.touch();
  }

  /** add_child: a group or a host into a group. */
  addChild(group: string, child: string): boolean {
    const g = this.groupMap.get(group);
    if (!g) throw new InventoryError(`${group} is not a known group`);
    const cg = this.groupMap.get(child);
    let added: boolean;
    if (cg) added = g.addChildGroup(cg);
    else {
      const h = this.hostMap.get(child);
      if (!h) throw new InventoryError(`${child} is not a known host nor group`);
      added = g.addHost(h);
    }
    this.touch();
    return added;
  }

  /** Every group a host is in, directly or through children (Ansible's host.get_groups()). */
  hostGroups(host: Host): Group[] {
    const only = host.directGroups.length === 1 ? host.directGroups[0]! : undefined;
    if (only) return [only, ...this.ancestorsOf(only)];
    const out = new Set<Group>();
    for (const g of host.directGroups) {
      out.add(g);
      for (const a of this.ancestorsOf(g)) out.add(a);
    }
    return [...out];
  }

  private ancestorsOf(group: Group): Group[] {
    if (this.ancestorsCache.version !== this.version) this.ancestorsCache = { version: this.version, byGroup: new Map() };
    let ancestors = this.ancestorsCache.byGroup.get(group);
    if (!ancestors) {
      ancestors = group.ancestors();
      this.ancestorsCache.byGroup.set(group, ancestors);
    }
    return ancestors;
  }

  /** reconcile_inventory: run after sources are parsed and after run-time changes. */
  reconcile(): void {
    this.currentSource = undefined;
    const all = this.groupMap.get('all')!;
    const ungrouped = this.groupMap.get('ungrouped')!;
    for (const g of this.groupMap.values()) {
      if (g !== all && g.parentGroups.length === 0) this.addChild('all', g.name);
    }
    for (const h of this.hostMap.values()) {
      const mine = this.hostGroups(h);
      if (mine.includes(ungrouped)) {
        if (mine.some((g) => g !== all && g !== ungrouped)) ungrouped.removeHost(h);
      } else if (!h.implicit) {
        if (mine.length === 0 || (mine.length === 1 && mine[0] === all)) this.addChild('ungrouped', h.name);
      }
    }
    for (const name of this.hostMap.keys()) {
      if (this.groupMap.has(name)) this.warn(`Found both group and host with same name: ${name}`);
    }
    this.touch();
  }
}

/** Python's int() as Group.set_priority receives it. */
function pyInt(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InventoryError(`cannot convert float ${value} to integer`);
    return Math.trunc(value);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || (value !== null && typeof value === 'object' && 'value' in value && typeof value.value === 'string')) {
    const s = typeof value === 'string' ? value : String((value as { value: string }).value);
    const t = s.trim();
    if (/^[-+]?[0-9](?:_?[0-9])*$/.test(t)) return parseInt(t.replace(/_/g, ''), 10);
    throw new InventoryError(`invalid literal for int() with base 10: '${s}'`);
  }
  const type = value === null ? 'NoneType' : Array.isArray(value) ? 'list' : 'dict';
  throw new InventoryError(`int() argument must be a string, a bytes-like object or a real number, not '${type}'`);
}

export type { Vars };
