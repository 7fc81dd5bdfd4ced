import { positionOf } from '../yaml/load.js';
import { SourceError } from '../errors/source-error.js';
import type { LoadContext } from './loader-env.js';
import type { SourcePos } from '../errors/source-error.js';
import type { BlockNode, TaskNode } from './model.js';
import { loadRole, parseRoleEntry, type LoadedRole, type RoleEntry, type RoleLoadOptions } from './roles.js';

function asList(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/*
 * A dependency inherits the keywords of the roles that depend on it (the dep chain): tags
 * add up, `when` conditions of the dependents come first, other keywords it sets win.
 */
function chainKeywords(inherited: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...inherited, ...own };
  const tags = [...asList(inherited['tags']), ...asList(own['tags'])];
  if (tags.length) out['tags'] = tags;
  const when = [...asList(inherited['when']), ...asList(own['when'])];
  if (when.length) out['when'] = when;
  return out;
}

/**
 * The block holding one occurrence of a role: its tasks, then the implicit `role_complete`
 * meta task Ansible's Role.compile appends (the host has now run this role object).
 */
export function roleBlock(loaded: LoadedRole, keywords: Record<string, unknown>, pos: SourcePos, parent?: BlockNode): BlockNode {
  const block: BlockNode = { kind: 'block', name: undefined, block: [], rescue: [], always: [], keywords, pos, parent, implicit: false, play: undefined, role: loaded.info };
  const complete: TaskNode = { kind: 'task', name: undefined, action: 'meta', actionAsWritten: 'meta', args: { _raw_params: 'role_complete' }, keywords: { tags: ['always'] }, pos, parent: block, isHandler: false, implicit: true };
  for (const b of loaded.tasks) b.parent = block;
  block.block = [...loaded.tasks, complete];
  return block;
}

/**
 * A play's `roles:` as blocks, each role's dependencies first. A role named again (even with
 * the same parameters) is listed again, as Ansible lists it; whether it runs again is decided
 * at run time (it does not once a host has run that role object, unless duplicates are allowed).
 */
export function loadPlayRoles(list: unknown, ctx: LoadContext, handlers: BlockNode[]): BlockNode[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new SourceError('A malformed role declaration was encountered.', { code: 'KPLAY_PARSE', pos: positionOf(list) ?? { file: ctx.file, line: 1, column: 1 } });
  const seen = new Set<string>();
  const blocks: BlockNode[] = [];
  for (const [i, item] of list.entries()) {
    const entry = parseRoleEntry(item, ctx, positionOf(list, i) ?? { file: ctx.file, line: 1, column: 1 });
    blocks.push(...roleWithDependencies(entry, ctx, handlers, {}, 0, seen));
  }
  return blocks;
}

function roleWithDependencies(entry: RoleEntry, ctx: LoadContext, handlers: BlockNode[], inherited: Record<string, unknown>, depth: number, seen: Set<string>, opts: RoleLoadOptions = {}): BlockNode[] {
  if (depth > 50) throw new SourceError(`role dependency loop at '${entry.name}'`, { code: 'KPLAY_PARSE', pos: entry.pos });
  const loaded = loadRole(entry, ctx, opts);
  const keywords = chainKeywords(inherited, entry.keywords);
  const blocks: BlockNode[] = [];
  for (const dep of loaded.dependencies) blocks.push(...roleWithDependencies(dep, ctx, handlers, keywords, depth + 1, seen));
  blocks.push(roleBlock(loaded, keywords, entry.pos));
  // One role object's handlers join the play once, however often the role is named.
  const instance = loaded.info.instance ?? loaded.info.path;
  if (!seen.has(instance)) handlers.push(...loaded.handlers);
  seen.add(instance);
  return blocks;
}

/** A role's dependencies as blocks (theirs first, recursively), for import_role/include_role. */
export function roleDependencyBlocks(deps: readonly RoleEntry[], ctx: LoadContext, handlers: BlockNode[], inherited: Record<string, unknown> = {}, depth = 0): BlockNode[] {
  const seen = new Set<string>();
  return deps.flatMap((dep) => roleWithDependencies(dep, ctx, handlers, inherited, depth, seen));
}
