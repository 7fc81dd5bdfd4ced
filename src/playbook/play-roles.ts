import { positionOf } from '../yaml/load.js';
import { SourceError } from '../errors/source-error.js';
import type { LoadContext } from './loader-env.js';
import type { BlockNode } from './model.js';
import { loadRole, parseRoleEntry, type RoleEntry } from './roles.js';

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

function sameParams(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A play's `roles:` as blocks, each role's dependencies first; a role already in the play
 * with the same parameters is not added again unless its meta allows duplicates.
 */
export function loadPlayRoles(list: unknown, ctx: LoadContext, handlers: BlockNode[]): BlockNode[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new SourceError('A malformed role declaration was encountered.', { code: 'KPLAY_PARSE', pos: positionOf(list) ?? { file: ctx.file, line: 1, column: 1 } });
  const seen: Array<{ path: string; params: Record<string, unknown> }> = [];
  const blocks: BlockNode[] = [];
  const add = (entry: RoleEntry, depth: number, inherited: Record<string, unknown>): void => {
    if (depth > 50) throw new SourceError(`role dependency loop at '${entry.name}'`, { code: 'KPLAY_PARSE', pos: entry.pos });
    const loaded = loadRole(entry, ctx);
    const keywords = chainKeywords(inherited, entry.keywords);
    for (const dep of loaded.dependencies) add(dep, depth + 1, keywords);
    if (!loaded.allowDuplicates && seen.some((s) => s.path === loaded.info.path && sameParams(s.params, entry.params))) return;
    seen.push({ path: loaded.info.path, params: entry.params });
    const block: BlockNode = { kind: 'block', name: undefined, block: loaded.tasks, rescue: [], always: [], keywords, pos: entry.pos, parent: undefined, implicit: false, play: undefined, role: loaded.info };
    for (const b of loaded.tasks) b.parent = block;
    blocks.push(block);
    handlers.push(...loaded.handlers);
  };
  list.forEach((item, i) => add(parseRoleEntry(item, ctx, positionOf(list, i) ?? { file: ctx.file, line: 1, column: 1 }), 0, {}));
  return blocks;
}

/** A role's dependencies as blocks (theirs first, recursively), for import_role/include_role. */
export function roleDependencyBlocks(deps: readonly RoleEntry[], ctx: LoadContext, handlers: BlockNode[], inherited: Record<string, unknown> = {}, depth = 0): BlockNode[] {
  const blocks: BlockNode[] = [];
  for (const dep of deps) {
    if (depth > 50) throw new SourceError(`role dependency loop at '${dep.name}'`, { code: 'KPLAY_PARSE', pos: dep.pos });
    const loaded = loadRole(dep, ctx);
    const keywords = chainKeywords(inherited, dep.keywords);
    blocks.push(...roleDependencyBlocks(loaded.dependencies, ctx, handlers, keywords, depth + 1));
    const block: BlockNode = { kind: 'block', name: undefined, block: loaded.tasks, rescue: [], always: [], keywords, pos: dep.pos, parent: undefined, implicit: false, play: undefined, role: loaded.info };
    for (const b of loaded.tasks) b.parent = block;
    blocks.push(block);
    handlers.push(...loaded.handlers);
  }
  return blocks;
}
