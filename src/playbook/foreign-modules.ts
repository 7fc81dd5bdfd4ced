/*
 * The loader's side of module resolution: the run's ModuleFinder (src/modules/python), which
 * the executor uses too. Loading a playbook file or a legacy role adds its library/ directory
 * (Ansible's add_all_plugin_dirs) before the tasks after it are parsed, so a task resolves a
 * module from any role loaded before it.
 */
import { ModuleFinder } from '../modules/python/module-finder.js';
import { findConfigFile } from '../config/ansible-cfg.js';
import type { LoaderEnv } from './loader-env.js';

const DEFAULT_FINDERS = new Map<string, ModuleFinder>();

/** The run's finder: the one the CLI gave, else one per playbook directory. */
export function moduleFinderOf(env: LoaderEnv): ModuleFinder {
  if (env.modules) return env.modules;
  let f = DEFAULT_FINDERS.get(env.playbookDir);
  if (!f) DEFAULT_FINDERS.set(env.playbookDir, (f = new ModuleFinder(env.playbookDir, findConfigFile(process.env, process.cwd()), process.env)));
  return f;
}
