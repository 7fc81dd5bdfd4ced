/**
 * Ansible's host patterns (ansible/inventory/manager.py): `a:b`, `a,b`, `a:&b`, `a:!b`,
 * globs, `~regex`, subscripts `g[0]`, `g[1:3]`, `g[-1]`, and their evaluation order.
 */
import { parseAddress } from './address.js';
import { InventoryError } from './errors.js';
import { fnmatchRegExp, pythonRegExp } from './fnmatch.js';
import type { Group, Host } from './group.js';
import { LOCALHOST_NAMES } from './inventory-data.js';

/** Splits `a,b[1], c[2:3] , d` or `a:b:&c` into single patterns. */
export function splitHostPattern(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap((p) => splitHostPattern(p));
  let patterns: string[];
  if (pattern.includes(',')) {
    patterns = pattern.split(',');
  } else {
    try {
      // an IPv6 address or a `[x:y]` range is one pattern, colons and all
      parseAddress(pattern, true);
      patterns = [pattern];
    } catch {
      patterns = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
    }
  }
  return patterns.map((p) => pyStrip(p)).filter((p) => p !== '');
}

function pyStrip(s: string): string {
  return s.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, '');
}

/** Plain patterns first, then `&` intersections, then `!` exclusions; only exclusions means `all` first. */
export function orderPatterns(patterns: string[]): string[] {
  const regular: string[] = [];
  const intersection: string[] = [];
  const exclude: string[] = [];
  for (const p of patterns) {
    if (!p) continue;
    if (p[0] === '!') exclude.push(p);
    else if (p[0] === '&') intersection.push(p);
    else regular.push(p);
  }
  if (regular.length === 0) regular.push('all');
  return [...regular, ...intersection, ...exclude];
}

const WITH_SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/s;

export type Subscript = { index: number } | { start: number; end: number };

export function splitSubscript(pattern: string, warn: (m: string) => void): { expr: string; subscript?: Subscript } {
  if (pattern[0] === '~') return { expr: pattern };
  const m = WITH_SUBSCRIPT.exec(pattern);
  if (!m) return { expr: pattern };
  const [, expr, idx, start, sep, end] = m;
  if (idx !== undefined) return { expr: expr!, subscript: { index: parseInt(idx, 10) } };
  if (sep === '-') warn('Use [x:y] inclusive subscripts instead of [x-y] which has been removed');
  return { expr: expr!, subscript: { start: parseInt(start!, 10), end: end ? parseInt(end, 10) : -1 } };
}

/** _apply_subscript, quirks included: `[1:0]` is `[1]`, an index out of range is an error. */
export function applySubscript<T>(items: T[], subscript: Subscript | undefined, pattern: string): T[] {
  if (items.length === 0 || !subscript) return items;
  if ('index' in subscript) {
    const i = subscript.index < 0 ? items.length + subscript.index : subscript.index;
    const item = items[i];
    if (i < 0 || item === undefined) throw new InventoryError(`No hosts matched the subscripted pattern '${pattern}'`);
    return [item];
  }
  let { start, end } = subscript;
  if (end) {
    if (end === -1) end = items.length - 1;
    return items.slice(start, end + 1);
  }
  const item = items[start];
  if (item === undefined) throw new InventoryError(`No hosts matched the subscripted pattern '${pattern}'`);
  return [item];
}

/** What pattern evaluation reads from the inventory. */
export interface PatternSource {
  groupEntries(): Iterable<[string, Group]>;
  hostEntries(): Iterable<[string, Host]>;
  hostByName(name: string): Host | undefined;
  /** The host, or the implicit localhost for a localhost-like name. */
  hostOrImplicit(name: string): Host | undefined;
}

export class PatternEvaluator {
  private warn: (m: string) => void = () => {};

  constructor(private readonly src: PatternSource) {}

  /** _evaluate_patterns: hosts in Ansible's order; duplicates are removed by the caller. */
  evaluate(patterns: string[], warn: (m: string) => void): Host[] {
    this.warn = warn;
    let hosts: Host[] = [];
    for (const p of orderPatterns(patterns)) {
      const direct = this.src.hostByName(p);
      if (direct) {
        hosts.push(direct);
        continue;
      }
      const that = this.matchOne(p);
      if (p[0] === '!') {
        const drop = new Set(that);
        hosts = hosts.filter((h) => !drop.has(h));
      } else if (p[0] === '&') {
        const keep = new Set(that);
        hosts = hosts.filter((h) => keep.has(h));
      } else {
        const existing = new Set(hosts.map((h) => h.name));
        hosts.push(...that.filter((h) => !existing.has(h.name)));
      }
    }
    return hosts;
  }

  private matchOne(pattern: string): Host[] {
    const p = pattern[0] === '&' || pattern[0] === '!' ? pattern.slice(1) : pattern;
    const { expr, subscript } = splitSubscript(p, this.warn);
    return applySubscript(this.enumerate(expr), subscript, p);
  }

  private enumerate(pattern: string): Host[] {
    const re = compileHostPattern(pattern);
    const results: Host[] = [];
    const groups = [...this.src.groupEntries()].filter(([name]) => re.test(name));
    for (const [, g] of groups) results.push(...g.allHosts());
    if (groups.length === 0 || pattern[0] === '~' || /[.?*[]/.test(pattern)) {
      for (const [name, h] of this.src.hostEntries()) if (re.test(name)) results.push(h);
    }
    if (results.length === 0 && LOCALHOST_NAMES.includes(pattern)) {
      const implicit = this.src.hostOrImplicit(pattern);
      if (implicit) results.push(implicit);
    }
    if (results.length === 0 && groups.length === 0 && pattern !== 'all') {
      this.warn(`Could not match supplied host pattern, ignoring: ${pattern}`);
    }
    return results;
  }
}

function compileHostPattern(pattern: string): RegExp {
  try {
    return pattern[0] === '~' ? pythonRegExp(pattern.slice(1)) : fnmatchRegExp(pattern);
  } catch {
    throw new InventoryError(`Invalid host list pattern: ${pattern}`);
  }
}

/** Deduplicates in order (deduplicate_list). */
export function uniqueHosts(hosts: Host[]): Host[] {
  return [...new Set(hosts)];
}
