import { dirname, resolve } from 'node:path';
import { SourceError, type SourcePos } from '../errors/source-error.js';
import { loadYamlFile, positionOf } from '../yaml/load.js';
import { PLAY_KEYWORDS } from './keywords.js';
import { isMapping, loadSection } from './load-task.js';
import type { BlockNode, PlayNode, Playbook } from './model.js';
import type { LoadContext, LoaderEnv } from './loader-env.js';
import { loadPlayRoles } from './play-roles.js';
import { moduleFinderOf } from './foreign-modules.js';

type Ds = Record<string, unknown>;

function err(message: string, pos: SourcePos | undefined, file: string): SourceError {
  return new SourceError(message, { code: 'KPLAY_PARSE', pos: pos ?? { file, line: 1, column: 1 } });
}

function hostsPattern(ds: Ds, file: string): string {
  const h = ds['hosts'];
  if (h === undefined || h === null || h === '') throw err("the field 'hosts' is required but was not set", positionOf(ds), file);
  if (Array.isArray(h)) return h.map(String).join(',');
  if (typeof h === 'string' || typeof h === 'number') return String(h);
  throw err("A malformed value was found for 'hosts'", positionOf(ds, 'hosts'), file);
}

function attachPlay(blocks: readonly BlockNode[], play: PlayNode): void {
  for (const b of blocks) b.play = play;
}

function loadPlay(ds: Ds, file: string, env: LoaderEnv): PlayNode {
  for (const k of Object.keys(ds)) {
    if (!PLAY_KEYWORDS.has(k)) throw err(`'${k}' is not a valid attribute for a Play`, positionOf(ds, k), file);
  }
  const hosts = hostsPattern(ds, file);
  const vars = ds['vars'];
  if (vars !== undefined && vars !== null && !isMapping(vars)) throw err('Vars in a Play must be specified as a dictionary', positionOf(ds, 'vars'), file);
  const keywords: Ds = {};
  for (const [k, v] of Object.entries(ds)) {
    if (!['tasks', 'pre_tasks', 'post_tasks', 'handlers', 'vars', 'roles'].includes(k)) keywords[k] = v;
  }
  const roleHandlers: BlockNode[] = [];
  const importedHandlers: BlockNode[] = [];
  const playVars = (vars as Ds | undefined) ?? {};
  const collections = Array.isArray(ds['collections']) ? ds['collections'].map(String) : [];
  const ctx: LoadContext = { file, handler: false, env, dir: dirname(file), playVars, handlerSink: importedHandlers, collections };
  const roles = loadPlayRoles(ds['roles'], ctx, roleHandlers);
  const play: PlayNode = {
    displayName: ds['name'] !== undefined && ds['name'] !== null ? String(ds['name']) : hosts,
    hosts,
    keywords,
    vars: (vars as Ds | undefined) ?? {},
    preTasks: loadSection(ds['pre_tasks'], ctx, 'pre_tasks', ds),
    roles,
    tasks: loadSection(ds['tasks'], ctx, 'tasks', ds),
    postTasks: loadSection(ds['post_tasks'], ctx, 'post_tasks', ds),
    handlers: [...roleHandlers, ...loadSection(ds['handlers'], { ...ctx, handler: true }, 'handlers', ds), ...importedHandlers],
    pos: positionOf(ds) ?? { file, line: 1, column: 1 },
  };
  for (const section of [play.preTasks, play.roles, play.tasks, play.postTasks, play.handlers]) attachPlay(section, play);
  return play;
}

function tagList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : String(v).split(',')).map((t) => String(t).trim()).filter(Boolean);
}

/**
 * `import_playbook` with tags, vars or when (PlaybookInclude.load_data): its tags join each
 * imported play's, its vars override the plays' vars, its `when` guards every block.
 */
function withImportKeywords(play: PlayNode, entry: Ds): PlayNode {
  const tags = tagList(entry['tags']);
  const vars = isMapping(entry['vars']) ? entry['vars'] : {};
  const when = entry['when'];
  if (!tags.length && !Object.keys(vars).length && (when === undefined || when === null)) return play;
  const keywords: Ds = { ...play.keywords };
  const paramTags = (vars as Ds)['tags'];
  const allTags = new Set([...tagList(play.keywords['tags']), ...(typeof paramTags === 'string' ? paramTags.split(',') : []), ...tags]);
  if (allTags.size) keywords['tags'] = [...allTags];
  const { tags: _dropped, ...playVars } = { ...play.vars, ...vars } as Ds;
  if (when !== undefined && when !== null) {
    const conds = Array.isArray(when) ? when : [when];
    for (const b of [...play.preTasks, ...play.roles, ...play.tasks, ...play.postTasks]) {
      const own = b.keywords['when'];
      (b as { keywords: Ds }).keywords = { ...b.keywords, when: [...conds, ...(own === undefined || own === null ? [] : Array.isArray(own) ? own : [own])] };
    }
  }
  return Object.assign(play, { keywords, vars: playVars });
}

function loadEntries(file: string, seen: readonly string[], env: LoaderEnv): PlayNode[] {
  if (seen.includes(file)) throw err(`recursive import_playbook of ${file}`, undefined, file);
  moduleFinderOf(env).addPluginDirs(dirname(file));
  return playsFromData(loadYamlFile(file, env.vault), file, seen, env);
}

function playsFromData(data: unknown, file: string, seen: readonly string[], env: LoaderEnv): PlayNode[] {
  if (data === null) return [];
  if (!Array.isArray(data)) {
    throw err(`A playbook must be a list of plays, got a ${isMapping(data) ? "<class 'dict'>" : typeof data} instead`, positionOf(data), file);
  }
  const plays: PlayNode[] = [];
  data.forEach((entry, i) => {
    if (!isMapping(entry)) throw err(`playbook entries must be either valid plays or 'import_playbook' statements`, positionOf(data, i), file);
    const imp = entry['import_playbook'] ?? entry['ansible.builtin.import_playbook'] ?? entry['include'];
    if (imp !== undefined) {
      if (typeof imp !== 'string') throw err('import_playbook parameters must be a string', positionOf(entry), file);
      const imported = loadEntries(resolve(dirname(file), String(env.templateStatic(imp))), [...seen, file], env);
      plays.push(...imported.map((play) => withImportKeywords(play, entry)));
      return;
    }
    plays.push(loadPlay(entry, file, env));
  });
  return plays;
}

/** A playbook kplay writes itself (e.g. `kplay role`): plays as data, `file` naming where they stand. */
export function playbookFromData(data: unknown, file: string, env: LoaderEnv): Playbook {
  return { file, plays: playsFromData(data, file, [], env) };
}

/** Loads and validates a whole playbook before anything runs. */
export function loadPlaybook(path: string, env: Omit<LoaderEnv, 'playbookDir'>): Playbook {
  const file = resolve(path);
  return { file, plays: loadEntries(file, [], { ...env, playbookDir: dirname(file) }) };
}
