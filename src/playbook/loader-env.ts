import type { ModuleFinder } from '../modules/python/module-finder.js';
import type { VaultReader } from '../yaml/tags.js';
import type { BlockNode, RoleInfo } from './model.js';

/** What loading needs beyond the file itself: where to find roles, and static templating. */
export interface LoaderEnv {
  readonly playbookDir: string;
  /** roles_path (ANSIBLE_ROLES_PATH / ansible.cfg), already split. */
  readonly rolesPath: readonly string[];
  /** Templates names known at load time (role names, import paths) with play and extra vars. */
  readonly templateStatic: (value: unknown, extra?: Record<string, unknown>) => unknown;
  /** The run's vault: vault-encrypted task, vars and role files decrypt when loaded. */
  readonly vault?: VaultReader;
  /** The run's module search, shared by loading and running (library/ dirs of loaded roles). */
  readonly modules?: ModuleFinder;
}

export interface LoadContext {
  readonly file: string;
  readonly handler: boolean;
  readonly env: LoaderEnv;
  /** Directory relative paths (import_tasks) resolve against. */
  readonly dir: string;
  /** The role being loaded, if any. */
  readonly role?: RoleInfo;
  /** Vars usable to template import paths: the play's vars. */
  readonly playVars: Readonly<Record<string, unknown>>;
  /** Where handlers of imported roles go (the play's handler list). */
  readonly handlerSink?: BlockNode[];
  /** The play's `collections:` keyword: namespaces searched for short module names. */
  readonly collections?: readonly string[];
}
