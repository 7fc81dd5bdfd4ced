/**
 * Ansible's YAML inventory (ansible/plugins/inventory/yaml.py) — `all:` / `children:` /
 * `hosts:` / `vars:`, values in YAML 1.1 — and the `auto` plugin's first look at a
 * `.yml`/`.yaml` file (it wants a `plugin:` key, which kplay does not serve).
 */
import { SourceError, snippetAt, type SourcePos } from '../../errors/source-error.js';
import { positionOf } from '../../yaml/load.js';
import { InventoryError } from '../errors.js';
import { expandHostPattern, HostRangeError } from '../host-range.js';
import type { InventoryData } from '../inventory-data.js';
import { pyStr } from '../py-repr.js';
import { pyExt } from '../vars-files.js';
import { simplePositionOf } from '../simple-yaml.js';
import { DeferredFailure, pyTruthy, type InventoryPlugin, type SourceContext } from './plugin.js';
import { parseData, readSourceText } from './read.js';
import { readable } from './fs-checks.js';

type Mapping = Record<string, unknown>;

function isMapping(v: unknown): v is Mapping {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Python's type() as Ansible's messages print it. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (Array.isArray(v)) return "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>";
  if (typeof v === 'string') return "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (isMapping(v)) return "<class 'ansible.parsing.yaml.objects.AnsibleMapping'>";
  return `<class '${(v as object).constructor?.name ?? 'object'}'>`;
}

/** The file's text and data; the text is kept for the offending-line snippets. */
function loadYamlInventory(source: string, ctx: SourceContext): { text: string; data: unknown } {
  const text = readSourceText(source, ctx.decrypt);
  return { text, data: parseData(text, source) };
}

/** A key's or mapping's position, from the full loader or the fast reader. */
function where(file: string, container: unknown, key?: string): SourcePos {
  const fast = simplePositionOf(container, key);
  return positionOf(container, key) ?? (fast ? { file, ...fast } : { file, line: 1, column: 1 });
}

function fail(message: string, pos: SourcePos, text: string): never {
  const snippet = `The offending line appears to be:\n\n${snippetAt(text, pos.line, pos.column)}`;
  throw new SourceError(message, { code: 'KPLAY_INVENTORY_YAML', pos, snippet });
}

class YamlInventoryParser {
  constructor(
    private readonly inv: InventoryData,
    private readonly file: string,
    private readonly text: string,
  ) {}

  private where(container: unknown, key?: string): SourcePos {
    return where(this.file, container, key);
  }

  parseGroup(group: string, data: unknown, container: unknown): string {
    if (data !== null && !isMapping(data)) {
      this.inv.warn(`Skipping '${group}' as this is not a valid group definition`);
      return group;
    }
    try {
      group = this.inv.addGroup(group);
    } catch (e) {
      if (e instanceof InventoryError) fail(`Unable to add group ${group}: ${e.message}`, this.where(container, group), this.text);
      throw e;
    }
    if (data === null) return group;
    for (const section of ['vars', 'children', 'hosts']) {
      if (!(section in data)) continue;
      if (typeof data[section] === 'string') data[section] = { [data[section] as string]: null };
      const v = data[section];
      if (v !== null && !isMapping(v)) {
        fail(`Invalid "${section}" entry for "${group}" group, requires a dictionary, found "${pyTypeName(v)}" instead.`, this.where(data, section), this.text);
      }
    }
    for (const [key, value] of Object.entries(data)) {
      if (value !== null && !isMapping(value)) {
        this.inv.warn(`Skipping key (${key}) in group (${group}) as it is not a mapping, it is a ${pyTypeName(value)}`);
        continue;
      }
      if (value === null) continue;
      if (key === 'vars') {
        for (const [k, v] of Object.entries(value)) this.inv.setVariable(group, k, v);
      } else if (key === 'children') {
        for (const [sub, subData] of Object.entries(value)) {
          const name = this.parseGroup(sub, subData, value);
          this.inv.addChild(group, name);
        }
      } else if (key === 'hosts') {
        for (const [pattern, hostVars] of Object.entries(value)) this.hosts(group, pattern, hostVars, value);
      } else {
        this.inv.warn(`Skipping unexpected key (${key}) in group (${group}), only "vars", "children" and "hosts" are valid`);
      }
    }
    return group;
  }

  private hosts(group: string, pattern: string, hostVars: unknown, container: unknown): void {
    let expanded;
    try {
      expanded = expandHostPattern(pattern);
    } catch (e) {
      if (e instanceof HostRangeError) fail(e.message, this.where(container, pattern), this.text);
      throw e;
    }
    const vars = pyTruthy(hostVars) ? hostVars : {};
    if (!isMapping(vars)) fail(`Invalid data from file, expected dictionary and got:\n\n${pyStr(vars)}`, this.where(container, pattern), this.text);
    for (const host of expanded.hostnames) {
      this.inv.addHostTo(host, group, expanded.port);
      for (const [k, v] of Object.entries(vars)) this.inv.setVariable(host, k, v);
    }
  }
}

export const yamlPlugin: InventoryPlugin = {
  name: 'yaml',
  verify(source, ctx) {
    if (!readable(source)) return false;
    const ext = pyExt(source.split('/').pop() ?? source);
    return !ext || ctx.yamlExtensions.includes(ext);
  },
  async parse(source, ctx) {
    const text = readSourceText(source, ctx.decrypt);
    if (opensWithFlowSequence(text)) throw new DeferredFailure(() => failureOf(() => yamlInventoryData(source, text)));
    const data = yamlInventoryData(source, text);
    const parser = new YamlInventoryParser(ctx.inventory, source, text);
    for (const [group, groupData] of Object.entries(data)) parser.parseGroup(group, groupData, data);
  },
};

/** The file's data if it is a YAML inventory's mapping; Ansible's error otherwise. */
function yamlInventoryData(source: string, text: string): Mapping {
  const data = parseData(text, source);
  const start = { file: source, line: 1, column: 1 };
  if (!pyTruthy(data)) fail('Parsed empty YAML file', start, text);
  if (!isMapping(data)) fail(`YAML inventory has invalid structure, it should be a dictionary, got: ${pyTypeName(data)}`, start, text);
  if (pyTruthy(data['plugin'])) fail('Plugin configuration YAML file, not YAML inventory', where(source, data, 'plugin'), text);
  return data;
}

function failureOf(attempt: () => unknown): Error {
  try {
    attempt();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
  return new Error('YAML inventory was expected to fail to load and did not');
}

const SECTION_LINE = /^\[[^\]]*\][ \t]*$/;

/**
 * An INI inventory's first line, `[group]`, opens a YAML flow sequence, so the file can
 * never be a YAML inventory (a mapping). Files without an extension are tried as YAML
 * before INI, and the full YAML loader would spend a tenth of a large inventory's load
 * time learning that; its error message is only needed if INI fails too.
 */
function opensWithFlowSequence(text: string): boolean {
  let first: string | undefined;
  for (const line of text.split('\n')) {
    const t = line.replace(/\r$/, '');
    if (t.startsWith(':') || t === '---' || t.startsWith('--- ') || t === '...' || t.startsWith('%')) return false;
    if (first === undefined && t.trim() !== '' && !t.startsWith('#')) first = t;
  }
  return first !== undefined && SECTION_LINE.test(first);
}

/** The `auto` plugin: only inventory-plugin configs (`plugin: name`), which kplay lacks. */
export const autoPlugin: InventoryPlugin = {
  name: 'auto',
  verify: (source) => (source.endsWith('.yml') || source.endsWith('.yaml')) && readable(source),
  async parse(source, ctx) {
    const { text, data } = loadYamlInventory(source, ctx);
    const plugin = isMapping(data) ? data['plugin'] : undefined;
    const start = { file: source, line: 1, column: 1 };
    if (!pyTruthy(plugin)) fail(`no root 'plugin' key found, '${source}' is not a valid YAML inventory plugin config file`, start, text);
    fail(`inventory config '${source}' specifies unknown plugin '${pyStr(plugin)}'`, where(source, data, 'plugin'), text);
  },
};
