import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SourceError, type SourcePos } from '../errors/source-error.js';
import { loadYamlFile, positionOf } from '../yaml/load.js';
import type { LoadContext } from './loader-env.js';
import type { VaultReader } from '../yaml/tags.js';
import { isMapping, loadSection } from './load-task.js';
import { validationTaskData } from './role-argspec.js';
import { moduleFinderOf } from './foreign-modules.js';
import type { BlockNode, RoleInfo } from './model.js';

type Ds = Record<string, unknown>;

const EXTENSIONS = ['.yml', '.yaml', '.json', ''];

/** `<dir>/main.yml|.yaml|.json|main`, or a `main/` directory of files (merged in order). */
export function findRoleFiles(roleDir: string, sub: string, name = 'main'): string[] {
  const base = join(roleDir, sub, name);
  if (existsSync(base) && statSync(base).isDirectory()) {
    return readdirSync(base)
      .sort()
      .map((f) => join(base, f))
      .filter((f) => statSync(f).isFile() && EXTENSIONS.some((e) => e && f.endsWith(e)));
  }
  for (const ext of EXTENSIONS) {
    const f = base + ext;
    if (existsSync(f) && statSync(f).isFile()) return [f];
  }
  return [];
}

function loadVarsFiles(files: readonly string[], vault: VaultReader | undefined): Ds {
  const out: Ds = {};
  for (const f of files) {
    const data = loadYamlFile(f, vault);
    if (data === null) continue;
    if (!isMapping(data)) throw new SourceError(`The vars file ${f} must contain a dictionary of variables`, { code: 'KPLAY_PARSE', pos: positionOf(data) ?? { file: f, line: 1, column: 1 } });
    Object.assign(out, data);
  }
  return out;
}

/** Ansible's role search: playbook_dir/roles, roles_path, the including role's dir, playbook_dir. */
export function findRole(name: string, ctx: LoadContext, pos: SourcePos, basedir?: string): string {
  return locateRole(name, ctx, pos, basedir).path;
}

/**
 * RoleDefinition._load_role_path: the search paths in order, then the name as a path; a role
 * found that last way is named by its basename, one found on a search path keeps its name.
 */
export function locateRole(name: string, ctx: LoadContext, pos: SourcePos, basedir?: string): { path: string; name: string } {
  const paths = [join(ctx.env.playbookDir, 'roles'), ...ctx.env.rolesPath];
  if (basedir ?? ctx.role) paths.push(basedir ?? resolve(ctx.role!.path, '..'));
  paths.push(ctx.env.playbookDir);
  for (const p of paths) {
    const candidate = resolve(p, name);
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return { path: candidate, name };
  }
  if (existsSync(resolve(name)) && statSync(resolve(name)).isDirectory()) return { path: resolve(name), name: basename(name) };
  throw new SourceError(`the role '${name}' was not found in ${paths.join(':')}`, { code: 'KPLAY_PARSE', pos });
}

const ROLE_ENTRY_KEYWORDS = new Set(['role', 'name', 'when', 'tags', 'become', 'become_user', 'become_method', 'become_flags', 'vars', 'environment', 'ignore_errors', 'ignore_unreachable', 'no_log', 'delegate_to', 'any_errors_fatal', 'check_mode', 'diff', 'connection', 'remote_user', 'port', 'run_once', 'throttle', 'timeout', 'debugger', 'collections', 'module_defaults', 'delegate_facts']);

export interface RoleEntry {
  readonly name: string;
  readonly keywords: Ds;
  readonly params: Ds;
  readonly pos: SourcePos;
  /** A dependency's: the directory holding the role that depends on it (searched for its name). */
  readonly basedir?: string;
}

/** A `roles:` or `dependencies:` entry: a name, or a dict with `role:`/`name:`, keywords and params. */
export function parseRoleEntry(entry: unknown, ctx: LoadContext, pos: SourcePos): RoleEntry {
  if (typeof entry === 'string') return { name: String(ctx.env.templateStatic(entry, ctx.playVars)), keywords: {}, params: {}, pos, ...(ctx.role ? { basedir: resolve(ctx.role.path, '..') } : {}) };
  if (!isMapping(entry)) throw new SourceError('role definitions must contain a role name', { code: 'KPLAY_PARSE', pos });
  const raw = entry['role'] ?? entry['name'];
  if (typeof raw !== 'string') throw new SourceError('role definitions must contain a role name', { code: 'KPLAY_PARSE', pos: positionOf(entry) ?? pos });
  const keywords: Ds = {};
  const params: Ds = {};
  for (const [k, v] of Object.entries(entry)) {
    if (k === 'role' || k === 'name') continue;
    if (ROLE_ENTRY_KEYWORDS.has(k)) keywords[k] = v;
    else params[k] = v;
  }
  if (isMapping(keywords['vars'])) Object.assign(params, keywords['vars']);
  delete keywords['vars'];
  const basedir = ctx.role ? { basedir: resolve(ctx.role.path, '..') } : {};
  return { name: String(ctx.env.templateStatic(raw, ctx.playVars)), keywords, params, pos: positionOf(entry) ?? pos, ...basedir };
}

export interface RoleLoadOptions {
  readonly tasksFrom?: string;
  readonly varsFrom?: string;
  readonly defaultsFrom?: string;
  readonly handlersFrom?: string;
  /** Loaded by import_role/include_role: a role object apart from the play's `roles:`. */
  readonly fromInclude?: boolean;
  /** import_role/include_role's allow_duplicates (default true there), over the role's meta. */
  readonly allowDuplicates?: boolean;
  /** import_role/include_role's rolespec_validate: false leaves out the arg spec validation task. */
  readonly validate?: boolean;
}

export interface LoadedRole {
  readonly info: RoleInfo;
  readonly tasks: BlockNode[];
  readonly handlers: BlockNode[];
  readonly dependencies: RoleEntry[];
  readonly allowDuplicates: boolean;
}

/**
 * Ansible loads a role's meta dependencies before its tasks, and each loaded role adds its
 * library/ to the module search (add_all_plugin_dirs): dependencies' first, depth first.
 */
function addRolePluginDirs(path: string, dependencies: readonly RoleEntry[], ctx: LoadContext, depth = 0): void {
  if (depth > 50) return;
  const finder = moduleFinderOf(ctx.env);
  for (const dep of dependencies) {
    const found = locateRole(dep.name, ctx, dep.pos, dep.basedir);
    const metaFile = findRoleFiles(found.path, 'meta')[0];
    const meta = metaFile ? loadYamlFile(metaFile, ctx.env.vault) : null;
    const inner = isMapping(meta) && Array.isArray(meta['dependencies']) ? meta['dependencies'] : [];
    const info: RoleInfo = { name: found.name, path: found.path, defaults: {}, vars: {}, params: {} };
    addRolePluginDirs(found.path, inner.map((d, i) => parseRoleEntry(d, { ...ctx, role: info }, positionOf(inner, i) ?? dep.pos)), ctx, depth + 1);
  }
  finder.addPluginDirs(path);
}

/** Loads one role's defaults, vars, meta, tasks and handlers. */
export function loadRole(entry: RoleEntry, ctx: LoadContext, opts: RoleLoadOptions = {}): LoadedRole {
  const { path, name } = locateRole(entry.name, ctx, entry.pos, entry.basedir);
  const metaFile = findRoleFiles(path, 'meta')[0];
  const meta = metaFile ? loadYamlFile(metaFile, ctx.env.vault) : null;
  const allowDuplicates = opts.allowDuplicates ?? (isMapping(meta) && (meta['allow_duplicates'] === true || meta['allow_duplicates'] === 'yes'));
  const fromFiles = { tasks: opts.tasksFrom, vars: opts.varsFrom, defaults: opts.defaultsFrom, handlers: opts.handlersFrom };
  const info: RoleInfo = {
    name,
    path,
    defaults: loadVarsFiles(findRoleFiles(path, 'defaults', opts.defaultsFrom), ctx.env.vault),
    vars: loadVarsFiles(findRoleFiles(path, 'vars', opts.varsFrom), ctx.env.vault),
    params: entry.params,
    instance: JSON.stringify([path, entry.params, entry.keywords['when'] ?? null, entry.keywords['tags'] ?? null, fromFiles, opts.fromInclude === true]),
    allowDuplicates,
  };
  const deps = isMapping(meta) && Array.isArray(meta['dependencies']) ? meta['dependencies'] : [];
  const dependencies = deps.map((d, i) => parseRoleEntry(d, { ...ctx, role: info }, positionOf(deps, i) ?? entry.pos));
  addRolePluginDirs(path, dependencies, ctx);
  const sub = (file: string, handler: boolean): LoadContext => ({ ...ctx, file, handler, dir: join(path, handler ? 'handlers' : 'tasks'), role: info });
  const tasks: BlockNode[] = [];
  const taskFiles = findRoleFiles(path, 'tasks', opts.tasksFrom);
  const validation = opts.validate === false ? undefined : validationTaskData(info, meta, opts.tasksFrom ?? 'main', ctx.env.vault);
  if (validation) {
    const data = [validation];
    tasks.push(...loadSection(data, sub(taskFiles[0] ?? join(path, 'tasks', 'main.yml'), false), 'tasks', data));
  }
  for (const f of taskFiles) {
    const data = loadYamlFile(f, ctx.env.vault);
    tasks.push(...loadSection(data, sub(f, false), 'tasks', data));
  }
  if (opts.tasksFrom && taskFiles.length === 0) {
    throw new SourceError(`Could not find specified file in role: tasks/${opts.tasksFrom}`, { code: 'KPLAY_PARSE', pos: entry.pos });
  }
  const handlers: BlockNode[] = [];
  for (const f of findRoleFiles(path, 'handlers', opts.handlersFrom)) {
    const data = loadYamlFile(f, ctx.env.vault);
    handlers.push(...loadSection(data, sub(f, true), 'handlers', data));
  }
  for (const h of handlers) h.role = info;
  return { info, tasks, handlers, dependencies, allowDuplicates };
}
