import type { Connection } from '../connection/types.js';
import type { VaultReader } from '../yaml/tags.js';

/** A module's result: Ansible's result keys. `changed`/`failed` decide the status. */
export type ModuleResult = Record<string, unknown> & { changed?: boolean; failed?: boolean; msg?: unknown };

/** What a module gets to work with: the host and the run's modes. Nothing about plays or other hosts. */
export interface ModuleContext {
  /** The host's connection, opened on first use. */
  connection(): Promise<Connection>;
  readonly hostName: string;
  readonly checkMode: boolean;
  readonly diff: boolean;
  readonly verbosity: number;
  /** Templates a value with the host's variables (controller-side actions such as debug need it). */
  template(value: unknown): unknown;
  /** Evaluates a conditional (`when` syntax) with the host's variables. */
  conditional(expr: unknown): boolean;
  /**
   * Finds a controller-side file the way Ansible's DWIM search does (role `files/`, `templates/`,
   * `vars/` dirs, the task file's dir, the playbook dir); undefined when nowhere.
   */
  findFile?(kind: 'files' | 'templates' | 'vars' | 'tasks', name: string): string | undefined;
  /** A job started with `async:` (for async_status). */
  asyncJob?(jid: string): { readonly result: Record<string, unknown> | undefined } | undefined;
  /** Reads a variable as the task sees it; undefined when absent. */
  lookupVar(name: string): unknown;
  /**
   * Renders a controller-side template file's text as the template action does: the host's
   * variables plus template_* vars and ansible_managed, trim_blocks on, `#jinja2:` first line honoured.
   */
  renderTemplateFile?(text: string, fullPath: string, srcArg: string, dest: string): string;
  /** The run's vault, for controller-side reads of vault-encrypted files (include_vars). */
  readonly vault?: VaultReader;
}

export type OptionType = 'str' | 'bool' | 'int' | 'float' | 'list' | 'dict' | 'path' | 'raw';

export interface OptionSpec {
  readonly type?: OptionType;
  readonly elements?: OptionType;
  readonly required?: boolean;
  readonly default?: unknown;
  readonly choices?: readonly unknown[];
  readonly aliases?: readonly string[];
  readonly noLog?: boolean;
}

export interface ModuleSpec {
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly mutuallyExclusive?: readonly (readonly string[])[];
  readonly requiredOneOf?: readonly (readonly string[])[];
  readonly requiredTogether?: readonly (readonly string[])[];
  readonly supportsCheckMode?: boolean;
  /** Free-form modules (command family) keep words that are not k=v in `_raw_params`. */
  readonly freeForm?: boolean;
  /** Skip validation: action plugins with open-ended arguments (debug, set_fact). */
  readonly openArgs?: boolean;
}

export interface ModuleDefinition {
  readonly name: string;
  readonly spec: ModuleSpec;
  /** Runs on the controller; needs no connection (debug, set_fact, assert, fail). */
  readonly controllerOnly?: boolean;
  /** An action plugin that runs no module (pause): Ansible adds `stdout_lines`/`stderr_lines` only to module results. */
  readonly noModuleLines?: boolean;
  run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult>;
}
