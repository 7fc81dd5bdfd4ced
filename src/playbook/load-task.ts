import { SourceError, type SourcePos } from '../errors/source-error.js';
import { resolveModuleName, takesRawParams } from '../modules/registry.js';
import { positionOf } from '../yaml/load.js';
import { BLOCK_KEYWORDS, isTaskKeyword } from './keywords.js';
import type { BlockNode, Node, TaskNode } from './model.js';
import { parseKv } from './split-args.js';
import type { LoadContext } from './loader-env.js';
import { expandImport, isStaticImport } from './imports.js';
import { moduleFinderOf } from './foreign-modules.js';

export type { LoadContext } from './loader-env.js';

type Ds = Record<string, unknown>;

/** Templar.is_template without a templar: whether text holds Jinja markup. */
function isTemplateText(s: string): boolean {
  return /\{\{|\{%|\{#/.test(s);
}

const FREEFORM = new Set(['command', 'shell', 'raw', 'script']);

/** Actions the executor itself carries out (not modules): includes and meta. */
const SPECIAL_ACTIONS = new Map<string, string>(
  ['include_tasks', 'include_role', 'include', 'meta'].flatMap((a) => [
    [a, a],
    [`ansible.builtin.${a}`, a],
    [`ansible.legacy.${a}`, a],
  ]),
);

export function isMapping(v: unknown): v is Ds {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function posOf(ds: unknown, file: string, key?: string): SourcePos {
  return positionOf(ds, key) ?? { file, line: 1, column: 1 };
}

function parseError(message: string, pos: SourcePos): SourceError {
  return new SourceError(message, { code: 'KPLAY_PARSE', pos });
}

/** The module and its arguments, from `module: args`, `action:` or `local_action:` (ModuleArgsParser's rules). */
function resolveAction(ds: Ds, pos: SourcePos, ctx: LoadContext): { written: string; args: Ds; short: string; delegateTo?: string } {
  const handler = ctx.handler;
  const candidates: Array<{ key: string; value: unknown }> = [];
  for (const [k, v] of Object.entries(ds)) {
    if (k === 'action' || k === 'local_action') candidates.push({ key: k, value: v });
    else if (!isTaskKeyword(k, handler)) candidates.push({ key: k, value: v });
  }
  if (candidates.length === 0) throw parseError('no module/action detected in task.', pos);
  const names = candidates.map((c) => c.key);
  if (candidates.length > 1) {
    const unknown = candidates.find((c) => c.key !== 'action' && c.key !== 'local_action' && !resolveModuleName(c.key));
    if (unknown) throw parseError(`couldn't resolve module/action '${unknown.key}'. This often indicates a misspelling, missing collection, or incorrect module path.`, positionOf(ds, unknown.key) ?? pos);
    throw parseError(`conflicting action statements: ${names.join(', ')}`, pos);
  }
  const c = candidates[0]!;
  let written: string;
  let value: unknown;
  if (c.key === 'action' || c.key === 'local_action') {
    if (isMapping(c.value)) {
      const { module, ...rest } = c.value;
      if (typeof module !== 'string') throw parseError(`no module/action detected in task.`, pos);
      written = module;
      value = rest;
    } else if (typeof c.value === 'string') {
      const trimmed = c.value.trim();
      const sp = trimmed.search(/\s/);
      written = sp < 0 ? trimmed : trimmed.slice(0, sp);
      value = sp < 0 ? '' : trimmed.slice(sp + 1);
    } else throw parseError(`unexpected parameter type in action: ${typeof c.value}`, pos);
  } else {
    written = c.key;
    value = c.value;
  }
  const short = SPECIAL_ACTIONS.get(written) ?? resolveModuleName(written) ?? (moduleFinderOf(ctx.env).resolves(written, ctx.collections ?? []) ? written : undefined);
  if (!short) {
    throw parseError(`couldn't resolve module/action '${written}'. This often indicates a misspelling, missing collection, or incorrect module path.`, positionOf(ds, c.key) ?? pos);
  }
  let args: Ds;
  if (value === null || value === undefined) args = {};
  else if (typeof value === 'string') args = parseKv(value, FREEFORM.has(short), pos);
  else if (isMapping(value)) args = { ...value };
  else if (typeof value === 'number' || typeof value === 'boolean') args = parseKv(String(value), FREEFORM.has(short), pos);
  else throw parseError(`unexpected parameter type in action: ${Array.isArray(value) ? "<class 'list'>" : typeof value}`, pos);

  const extra = ds['args'];
  if (isMapping(extra)) args = { ...extra, ...args };
  // `args: "{{ dict }}"` and `module: "{{ dict }}"`: a dict of arguments templated when the task runs.
  else if (typeof extra === 'string' && isTemplateText(extra)) args['_variable_params'] = extra;
  if (FREEFORM.has(short) && typeof args['cmd'] === 'string') {
    args['_raw_params'] = args['cmd'];
    delete args['cmd'];
  }
  const raw = args['_raw_params'];
  if (typeof raw === 'string' && raw !== '' && !takesRawParams(short) && isTemplateText(raw)) {
    delete args['_raw_params'];
    args['_variable_params'] = raw;
  }
  if (args['_raw_params'] !== undefined && args['_raw_params'] !== '' && !takesRawParams(short)) {
    throw parseError(`this task '${written}' has extra params, which is only allowed in the following modules: ansible.builtin.add_host, ansible.builtin.command, ansible.builtin.group_by, ansible.builtin.import_role, ansible.builtin.import_tasks, ansible.builtin.include, ansible.builtin.include_role, ansible.builtin.include_tasks, ansible.builtin.include_vars, ansible.builtin.meta, ansible.builtin.raw, ansible.builtin.script, ansible.builtin.set_fact, ansible.builtin.shell`, pos);
  }
  return c.key === 'local_action' ? { written, args, short, delegateTo: 'localhost' } : { written, args, short };
}


function loadTask(ds: Ds, ctx: LoadContext, parent: BlockNode | undefined): TaskNode {
  const pos = posOf(ds, ctx.file);
  const { written, args, short, delegateTo } = resolveAction(ds, pos, ctx);
  const keywords: Ds = {};
  for (const [k, v] of Object.entries(ds)) {
    if (k !== 'action' && k !== 'local_action' && k !== 'args' && isTaskKeyword(k, ctx.handler)) keywords[k] = v;
  }
  if (delegateTo) keywords['delegate_to'] = delegateTo;
  const name = ds['name'];
  return {
    kind: 'task',
    name: name === undefined || name === null ? undefined : String(name),
    action: short,
    actionAsWritten: written,
    args,
    keywords,
    pos,
    parent,
    isHandler: ctx.handler,
  };
}

function loadList(list: unknown, ctx: LoadContext, parent: BlockNode | undefined, what: string, owner: unknown): Node[] {
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw parseError(`A malformed block was encountered while loading ${what}`, posOf(owner, ctx.file, what));
  return list.map((item, i) => {
    if (!isMapping(item)) {
      throw parseError(`A malformed block was encountered while loading ${what}`, positionOf(list, i) ?? posOf(owner, ctx.file));
    }
    if ('block' in item) return loadBlock(item, ctx, parent);
    if (isStaticImport(item)) return expandImport(item, ctx, parent);
    return loadTask(item, ctx, parent);
  });
}

export function loadBlock(ds: Ds, ctx: LoadContext, parent: BlockNode | undefined): BlockNode {
  const pos = posOf(ds, ctx.file);
  const keywords: Ds = {};
  for (const [k, v] of Object.entries(ds)) {
    if (!BLOCK_KEYWORDS.has(k)) throw parseError(`'${k}' is not a valid attribute for a Block`, positionOf(ds, k) ?? pos);
    if (k !== 'block' && k !== 'rescue' && k !== 'always') keywords[k] = v;
  }
  const node: BlockNode = { kind: 'block', name: ds['name'] === undefined ? undefined : String(ds['name']), block: [], rescue: [], always: [], keywords, pos, parent, implicit: false, play: undefined };
  node.block = loadList(ds['block'], ctx, node, 'block', ds);
  node.rescue = loadList(ds['rescue'], ctx, node, 'rescue', ds);
  node.always = loadList(ds['always'], ctx, node, 'always', ds);
  return node;
}

/** A play section (`tasks:`, `handlers:` …): bare tasks are wrapped in implicit blocks, as Ansible does. */
export function loadSection(list: unknown, ctx: LoadContext, what: string, owner: unknown): BlockNode[] {
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw parseError(`A malformed block was encountered while loading ${what}`, posOf(owner, ctx.file, what));
  const blocks: BlockNode[] = [];
  for (const node of loadList(list, ctx, undefined, what, owner)) {
    if (node.kind === 'block') blocks.push(node);
    else {
      const wrapper: BlockNode = { kind: 'block', name: undefined, block: [node], rescue: [], always: [], keywords: {}, pos: node.pos, parent: undefined, implicit: true, play: undefined };
      node.parent = wrapper;
      blocks.push(wrapper);
    }
  }
  return blocks;
}
