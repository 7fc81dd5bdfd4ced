import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SourceError, type SourcePos } from '../errors/source-error.js';
import { loadYamlFile, positionOf } from '../yaml/load.js';
import { BLOCK_KEYWORDS } from './keywords.js';
import type { LoadContext } from './loader-env.js';
import { loadSection } from './load-task.js';
import type { BlockNode } from './model.js';
import { roleBlock, roleDependencyBlocks } from './play-roles.js';
import { loadRole, parseRoleEntry } from './roles.js';
import { parseKv } from './split-args.js';

type Ds = Record<string, unknown>;

const IMPORT_TASKS = new Set(['import_tasks', 'ansible.builtin.import_tasks', 'ansible.legacy.import_tasks']);
const IMPORT_ROLE = new Set(['import_role', 'ansible.builtin.import_role', 'ansible.legacy.import_role']);

export function isStaticImport(ds: Ds): boolean {
  return Object.keys(ds).some((k) => IMPORT_TASKS.has(k) || IMPORT_ROLE.has(k));
}

/** A boolean option written as YAML or as k=v text. */
export function isFalse(v: unknown): boolean {
  return v === false || (typeof v === 'string' && ['false', 'no', 'off', '0', 'n', 'f'].includes(v.toLowerCase()));
}

function argsOf(value: unknown, pos: SourcePos): Ds {
  // Not a free-form action (MODULE_REQUIRE_ARGS): `name=b` is an option, a bare word _raw_params.
  if (typeof value === 'string') return parseKv(value, false, pos);
  if (value && typeof value === 'object' && !Array.isArray(value)) return { ...(value as Ds) };
  throw new SourceError('Invalid options for import', { code: 'KPLAY_PARSE', pos });
}

/** A task file named by import_tasks/include_tasks: relative to the including file, then the role, then the playbook. */
export function resolveTaskFile(name: string, ctx: LoadContext, pos: SourcePos): string {
  const candidates = [resolve(ctx.dir, name)];
  if (ctx.role) candidates.push(join(ctx.role.path, 'tasks', name));
  candidates.push(resolve(dirname(ctx.file), name), resolve(ctx.env.playbookDir, name));
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new SourceError(`Could not find or access '${name}'`, { code: 'KPLAY_PARSE', pos });
  return found;
}

function keywordsOf(ds: Ds, actionKey: string, pos: SourcePos): Ds {
  const keywords: Ds = {};
  for (const [k, v] of Object.entries(ds)) {
    if (k === actionKey || k === 'name') continue;
    if (!BLOCK_KEYWORDS.has(k)) throw new SourceError(`'${k}' is not a valid attribute for a ${IMPORT_ROLE.has(actionKey) ? 'IncludeRole' : 'TaskInclude'}`, { code: 'KPLAY_PARSE', pos: positionOf(ds, k) ?? pos });
    keywords[k] = v;
  }
  return keywords;
}

/** import_tasks / import_role are static: their tasks take the import's place at load time. */
export function expandImport(ds: Ds, ctx: LoadContext, parent: BlockNode | undefined): BlockNode {
  const pos = positionOf(ds) ?? { file: ctx.file, line: 1, column: 1 };
  const key = Object.keys(ds).find((k) => IMPORT_TASKS.has(k) || IMPORT_ROLE.has(k))!;
  const args = argsOf(ds[key], pos);
  let keywords = keywordsOf(ds, key, pos);
  const params = IMPORT_TASKS.has(key) ? Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'file' && k !== '_raw_params')) : {};
  if (Object.keys(params).length) keywords = { ...keywords, vars: { ...params, ...((keywords['vars'] as Ds | undefined) ?? {}) } };
  const block: BlockNode = { kind: 'block', name: undefined, block: [], rescue: [], always: [], keywords, pos, parent, implicit: false, play: undefined };
  if (IMPORT_TASKS.has(key)) {
    const fileArg = args['file'] ?? args['_raw_params'];
    if (typeof fileArg !== 'string') throw new SourceError('No file specified for import_tasks', { code: 'KPLAY_PARSE', pos });
    const file = resolveTaskFile(String(ctx.env.templateStatic(fileArg, ctx.playVars)), ctx, pos);
    const data = loadYamlFile(file, ctx.env.vault);
    const inner = loadSection(data, { ...ctx, file, dir: dirname(file), handler: ctx.handler }, 'tasks', data);
    for (const b of inner) b.parent = block;
    block.block = inner;
    return block;
  }
  const entry = parseRoleEntry({ role: args['name'] }, ctx, pos);
  const loaded = loadRole(entry, ctx, {
    ...(typeof args['tasks_from'] === 'string' ? { tasksFrom: args['tasks_from'] } : {}),
    ...(typeof args['vars_from'] === 'string' ? { varsFrom: args['vars_from'] } : {}),
    ...(typeof args['defaults_from'] === 'string' ? { defaultsFrom: args['defaults_from'] } : {}),
    ...(typeof args['handlers_from'] === 'string' ? { handlersFrom: args['handlers_from'] } : {}),
    fromInclude: true,
    allowDuplicates: !isFalse(args['allow_duplicates']),
    validate: !isFalse(args['rolespec_validate']),
  });
  const depHandlers: BlockNode[] = [];
  const deps = roleDependencyBlocks(loaded.dependencies, ctx, depHandlers);
  ctx.handlerSink?.push(...depHandlers, ...loaded.handlers);
  const own = roleBlock(loaded, {}, pos, block);
  for (const b of deps) b.parent = block;
  // The import's role is its own block, so the dependencies beside it keep their own role.
  block.block = [...deps, own];
  return block;
}
