/**
 * Hosts and groups as Ansible's inventory holds them (ansible/inventory/group.py, host.py):
 * direct members in definition order, child/parent links, depth and priority for sorting
 * group variables.
 */
import { InventoryError } from './errors.js';

export type Vars = Record<string, unknown>;

export class Host {
  vars: Vars = {};
  /** Groups that list this host directly, in the order it joined them. */
  readonly directGroups: Group[] = [];
  /** The implicit localhost: in no group, not part of `all`. */
  implicit = false;

  constructor(readonly name: string) {}
}

export class Group {
  vars: Vars = {};
  priority = 1;
  depth = 0;
  readonly hosts: Host[] = [];
  private readonly hostSet = new Set<Host>();
  readonly childGroups: Group[] = [];
  readonly parentGroups: Group[] = [];

  constructor(readonly name: string) {}

  /** All groups above this one (unordered semantics; returned in discovery order). */
  ancestors(): Group[] {
    return walk(this, (g) => g.parentGroups, false);
  }

  /** Ansible's get_descendants(preserve_ordering=True), level by level. */
  descendants(includeSelf: boolean): Group[] {
    return walk(this, (g) => g.childGroups, includeSelf);
  }

  /** Hosts of this group and of every group below it, first appearance wins. */
  allHosts(): Host[] {
    const out: Host[] = [];
    const seen = new Set<Host>();
    for (const g of this.descendants(true)) {
      for (const h of g.hosts) {
        if (seen.has(h)) continue;
        seen.add(h);
        if (this.name === 'all' && h.implicit) continue;
        out.push(h);
      }
    }
    return out;
  }

  /** Group.add_child_group: refuses loops, keeps depth = longest path from the top. */
  addChildGroup(child: Group): boolean {
    if (child === this) throw new InventoryError("can't add group to itself");
    if (this.childGroups.includes(child)) return false;
    if (this.ancestors().includes(child)) {
      throw new InventoryError(`Adding group '${child.name}' as child to '${this.name}' creates a recursive dependency loop.`);
    }
    this.childGroups.push(child);
    child.depth = Math.max(this.depth + 1, child.depth);
    child.checkChildrenDepth();
    if (!child.parentGroups.some((p) => p.name === this.name)) child.parentGroups.push(this);
    return true;
  }

  private checkChildrenDepth(): void {
    let depth = this.depth;
    const start = this.depth;
    const seen = new Set<Group>();
    let unprocessed = new Set<Group>(this.childGroups);
    while (unprocessed.size > 0) {
      for (const g of unprocessed) seen.add(g);
      depth++;
      const next = new Set<Group>();
      for (const g of unprocessed) {
        if (g.depth < depth) {
          g.depth = depth;
          for (const c of g.childGroups) next.add(c);
        }
      }
      unprocessed = next;
      if (depth - start > seen.size) throw new InventoryError(`The group named '${this.name}' has a recursive dependency loop.`);
    }
  }

  addHost(host: Host): boolean {
    if (this.hostSet.has(host)) return false;
    this.hostSet.add(host);
    this.hosts.push(host);
    host.directGroups.push(this);
    return true;
  }

  removeHost(host: Host): boolean {
    if (!this.hostSet.delete(host)) return false;
    this.hosts.splice(this.hosts.indexOf(host), 1);
    const j = host.directGroups.indexOf(this);
    if (j >= 0) host.directGroups.splice(j, 1);
    return true;
  }
}

/**
 * Group._walk_relationship(preserve_ordering=True). Ansible walks each level as a Python
 * set, so the order of a level's grandchildren is left to object addresses when several
 * groups of one level have children; kplay takes them in the order the level was found.
 */
function walk(start: Group, rel: (g: Group) => Group[], includeSelf: boolean): Group[] {
  const ordered: Group[] = includeSelf ? [start] : [];
  const seen = new Set<Group>();
  let level: Group[] = [...rel(start)];
  ordered.push(...level);
  if (includeSelf) level = [start, ...level];
  while (level.length > 0) {
    for (const g of level) seen.add(g);
    const next: Group[] = [];
    const nextSet = new Set<Group>();
    for (const g of level) {
      for (const item of rel(g)) {
        if (!seen.has(item) && !nextSet.has(item)) {
          nextSet.add(item);
          next.push(item);
          ordered.push(item);
        }
      }
    }
    level = next;
  }
  return dedupe(ordered);
}

function dedupe<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Python's \w and \d on text, for Ansible's INVALID_VARIABLE_NAMES (`^[\d\W]|[^\w]`). */
const INVALID_NAME = /^(?:\p{Nd}|[^\p{L}\p{N}_])|[^\p{L}\p{N}_]/u;

export type TransformGroupChars = 'never' | 'ignore' | 'always' | 'silently';

/** to_safe_group_name as Group() and the INI plugin call it; warns through `warn`. */
export function safeGroupName(name: string, mode: TransformGroupChars, warn: (msg: string) => void): string {
  if (!name || !INVALID_NAME.test(name)) return name;
  if (mode === 'always' || mode === 'silently') {
    const fixed = name.replace(/^(?:\p{Nd}|[^\p{L}\p{N}_])|[^\p{L}\p{N}_]/gu, '_');
    if (mode === 'always') warn('Invalid characters were found in group names and automatically replaced, use -vvvv to see details');
    return fixed;
  }
  if (mode === 'never') warn('Invalid characters were found in group names but not replaced, use -vvvv to see details');
  return name;
}
