/**
 * Ansible's INI inventory (ansible/plugins/inventory/ini.py): `[group]` host lines with
 * `key=value` (shlex-split, values read as Python literals), `[group:vars]`,
 * `[group:children]` (children may be declared later), ranges, `host:port`, `#`/`;`.
 */
import { SourceError, snippetAt } from '../../errors/source-error.js';
import { expandHostPattern, HostRangeError } from '../host-range.js';
import { InventoryError } from '../errors.js';
import type { InventoryData } from '../inventory-data.js';
import { iniValue } from '../py-literal.js';
import { shlexSplit, ShlexError } from '../shlex.js';
import { pySplitLines, pyStrip, type InventoryPlugin, type SourceContext } from './plugin.js';
import { readSourceText } from './read.js';
import { readable } from './fs-checks.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/su;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/su;

interface Pending {
  line: number;
  state: 'vars' | 'children';
  name: string;
  parents: string[];
}

class IniParser {
  private lineno = 0;
  private rawLine = '';

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly inv: InventoryData,
  ) {}

  /** Ansible prefixes `file:line: ` to the plugin's own checks, not to errors from helpers. */
  private fail(message: string, needle?: string, prefixed = true): never {
    const idx = needle ? this.rawLine.indexOf(needle) : -1;
    const column = idx >= 0 ? idx + 1 : this.rawLine.length - this.rawLine.trimStart().length + 1;
    throw new SourceError(prefixed ? `${this.path}:${this.lineno}: ${message}` : message, {
      code: 'KPLAY_INVENTORY_INI',
      pos: { file: this.path, line: this.lineno, column },
      snippet: `The offending line appears to be:\n\n${snippetAt(this.text, this.lineno, column)}`,
    });
  }

  parse(): void {
    const pending = new Map<string, Pending>();
    let groupname = 'ungrouped';
    let state = 'hosts';
    for (const raw of pySplitLines(this.text)) {
      this.lineno++;
      this.rawLine = raw;
      const line = pyStrip(raw);
      if (!line || line[0] === '#' || line[0] === ';') continue;
      const m = SECTION.exec(line);
      if (m) {
        groupname = this.inv.safeGroupName(m[1]!);
        state = m[2] ?? 'hosts';
        if (!['hosts', 'children', 'vars'].includes(state)) {
          this.fail(`Section [${m[1]}:${m[2]}] has unknown type: ${state}`, m[2]);
        }
        if (!this.inv.getGroupObject(groupname)) {
          if (state === 'vars' && !pending.has(groupname)) pending.set(groupname, { line: this.lineno, state: 'vars', name: groupname, parents: [] });
          this.inv.addGroup(groupname);
        }
        const p = pending.get(groupname);
        if (p && state !== 'vars') {
          if (p.state === 'children') this.addPendingChildren(groupname, pending);
          else pending.delete(groupname);
        }
        continue;
      }
      if (line.startsWith('[') && line.endsWith(']')) {
        this.fail(
          `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`,
        );
      }
      try {
        if (state === 'hosts') this.hostLine(line, groupname);
        else if (state === 'vars') this.varsLine(line, groupname);
        else this.childrenLine(line, groupname, pending);
      } catch (e) {
        // inventory rules (a group loop, a bad priority) fail the line without Ansible's prefix
        if (e instanceof InventoryError) this.fail(e.message, undefined, false);
        throw e;
      }
    }
    for (const decl of pending.values()) {
      if (decl.state === 'vars') {
        throw this.pendingError(decl, `Section [${decl.name}:vars] not valid for undefined group: ${decl.name}`);
      }
      throw this.pendingError(decl, `Section [${decl.parents.at(-1)}:children] includes undefined group: ${decl.name}`);
    }
  }

  private pendingError(decl: Pending, message: string): SourceError {
    this.lineno = decl.line;
    this.rawLine = pySplitLines(this.text)[decl.line - 1] ?? '';
    try {
      this.fail(message, decl.state === 'children' ? decl.name : undefined);
    } catch (e) {
      return e as SourceError;
    }
  }

  private addPendingChildren(group: string, pending: Map<string, Pending>): void {
    for (const parent of pending.get(group)?.parents ?? []) {
      this.inv.addChild(parent, group);
      const pp = pending.get(parent);
      if (pp && pp.state === 'children') this.addPendingChildren(parent, pending);
    }
    pending.delete(group);
  }

  private hostLine(line: string, group: string): void {
    let tokens: string[];
    try {
      tokens = shlexSplit(line, true);
    } catch (e) {
      if (e instanceof ShlexError) this.fail(`Error parsing host definition '${line}': ${e.message}`);
      throw e;
    }
    const first = tokens[0];
    if (first === undefined) this.fail('list index out of range', undefined, false);
    const { hostnames, port } = this.expand(first);
    const variables = new Map<string, unknown>();
    for (const t of tokens.slice(1)) {
      const eq = t.indexOf('=');
      if (eq < 0) this.fail(`Expected key=value host variable assignment, got: ${t}`, t);
      variables.set(t.slice(0, eq), this.value(t.slice(eq + 1), t));
    }
    for (const host of hostnames) {
      this.inv.addHostTo(host, group, port);
      for (const [k, v] of variables) this.inv.setVariable(host, k, v);
    }
  }

  private expand(pattern: string): { hostnames: string[]; port: number | undefined } {
    let result;
    try {
      result = expandHostPattern(pattern);
    } catch (e) {
      if (e instanceof HostRangeError) this.fail(e.message, pattern, false);
      throw e;
    }
    if (pyStrip(pattern).endsWith(':') && result.port === undefined) {
      this.fail(`Invalid host pattern '${pattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`, pattern, false);
    }
    for (const h of result.hostnames) {
      if (pyStrip(h) === '---') this.fail(`Invalid host pattern '${pattern}' supplied, '---' is normally a sign this is a YAML file.`, pattern, false);
    }
    return result;
  }

  private value(text: string, where: string): unknown {
    try {
      return iniValue(text);
    } catch (e) {
      this.fail((e as Error).message, where, false);
    }
  }

  private varsLine(line: string, group: string): void {
    const eq = line.indexOf('=');
    if (eq < 0) this.fail(`Expected key=value, got: ${line}`);
    const k = pyStrip(line.slice(0, eq));
    const v = pyStrip(line.slice(eq + 1));
    this.inv.setVariable(group, k, this.value(v, line));
  }

  private childrenLine(line: string, group: string, pending: Map<string, Pending>): void {
    const m = GROUP_NAME.exec(line);
    if (!m) this.fail(`Expected group name, got: ${line}`);
    const child = m[1]!;
    if (this.inv.getGroupObject(child)) {
      this.inv.addChild(group, child);
      return;
    }
    const p = pending.get(child);
    if (p) p.parents.push(group);
    else pending.set(child, { line: this.lineno, state: 'children', name: child, parents: [group] });
  }
}

/** Parses INI text into the inventory; throws SourceError at the first bad line. */
export function parseIniText(inventory: InventoryData, file: string, text: string): void {
  new IniParser(file, text, inventory).parse();
}

export const iniPlugin: InventoryPlugin = {
  name: 'ini',
  verify: (source) => readable(source),
  async parse(source: string, ctx: SourceContext): Promise<void> {
    parseIniText(ctx.inventory, source, readSourceText(source, ctx.decrypt));
  },
};
