/**
 * Loading inventory sources as Ansible's InventoryManager.parse_sources does: each source
 * is a directory (its entries in sorted order, ignored names skipped, recursively) or is
 * offered to the plugins in INVENTORY_ENABLED order until one parses it; a source no
 * plugin parses is a warning (or an error with `anyUnparsedIsFailed`).
 */
import { readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { homedir } from 'node:os';
import { SourceError } from '../errors/source-error.js';
import { InventoryError } from './errors.js';
import type { TransformGroupChars } from './group.js';
import { Inventory } from './inventory.js';
import { exists, isDirectory, isFile } from './sources/fs-checks.js';
import { hostListPlugin } from './sources/host-list.js';
import { iniPlugin } from './sources/ini.js';
import { DeferredFailure, type InventoryPlugin, type PluginName, type SourceContext } from './sources/plugin.js';
import type { DecryptHook } from './sources/read.js';
import { scriptPlugin } from './sources/script.js';
import { autoPlugin, yamlPlugin } from './sources/yaml.js';
import { sortNames } from './vars-files.js';

export const DEFAULT_IGNORE_EXTENSIONS: readonly string[] = [
  '.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry',
];
export const DEFAULT_ENABLED_PLUGINS: readonly PluginName[] = ['host_list', 'script', 'auto', 'yaml', 'ini'];

const PLUGINS: Record<PluginName, InventoryPlugin> = {
  host_list: hostListPlugin,
  script: scriptPlugin,
  auto: autoPlugin,
  yaml: yamlPlugin,
  ini: iniPlugin,
};

export interface LoadInventoryOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Decrypts a vault-encrypted inventory or vars file (the vault is someone else's). */
  decrypt?: DecryptHook;
  /** INVENTORY_IGNORE_EXTS (`inventory_ignore_extensions`). */
  ignoreExtensions?: readonly string[];
  /** INVENTORY_IGNORE_PATTERNS (`inventory_ignore_patterns`), regular expressions. */
  ignorePatterns?: readonly string[];
  /** The yaml plugin's yaml_extensions. */
  yamlExtensions?: readonly string[];
  /** YAML_FILENAME_EXTENSIONS, for group_vars/host_vars files. */
  varsExtensions?: readonly string[];
  /** INVENTORY_ENABLED; `toml` and collection plugins are not served. */
  enabledPlugins?: readonly PluginName[];
  /** INVENTORY_ANY_UNPARSED_IS_FAILED: a source no plugin parses stops the load. */
  anyUnparsedIsFailed?: boolean;
  /** INVENTORY_UNPARSED_IS_FAILED: no source parsed at all stops the load. */
  unparsedIsFailed?: boolean;
  /** The implicit localhost's ansible_python_interpreter (Ansible: its own sys.executable). */
  controllerPython?: string;
  transformGroupChars?: TransformGroupChars;
}

export interface SourceFailure {
  source: string;
  plugin: PluginName;
  error: Error;
}

export interface LoadInventoryResult {
  inventory: Inventory;
  /** Ansible's warnings, in order, without the `[WARNING]: ` prefix. */
  warnings: string[];
  /** Why each plugin failed, for sources no plugin could parse. */
  failures: SourceFailure[];
  /** stderr of inventory scripts that succeeded (Ansible prints it as an error line). */
  scriptErrors: Array<{ source: string; text: string }>;
}

/** A load stopped by anyUnparsedIsFailed / unparsedIsFailed; carries the warnings so far. */
export class InventoryLoadError extends InventoryError {
  constructor(
    message: string,
    readonly warnings: string[],
    override readonly cause?: Error,
  ) {
    super(message);
    this.name = 'InventoryLoadError';
  }
}

/** utils.path.unfrackpath(follow=False): env vars and ~ expanded, absolute, normalized. */
export function unfrackPath(path: string, cwd: string, env: NodeJS.ProcessEnv): string {
  let p = path.replace(/\$(\w+)|\$\{([^}]*)\}/g, (m, a: string | undefined, b: string | undefined) => env[a ?? b ?? ''] ?? m);
  if (p === '~' || p.startsWith('~/')) p = (env['HOME'] ?? homedir()) + p.slice(1);
  return normalize(isAbsolute(p) ? p : join(cwd, p)).replace(/(.)\/$/, '$1');
}

/** utils.path.basedir: what inventory_dir is for hosts of a source. */
function baseDir(source: string, cwd: string): string {
  if (isDirectory(source)) return resolve(cwd, source);
  if (source === '' || source === '.') return cwd;
  if (isFile(source)) return resolve(cwd, dirname(source));
  return 'None';
}

/** The directories whose group_vars/host_vars belong to the sources (get_vars_from_inventory_sources). */
export function inventoryVarsDirs(sources: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const source of sources) {
    if (!source) continue;
    const path = resolve(cwd, source);
    if (source.includes(',') && !exists(path)) continue;
    out.push(isDirectory(path) ? path : dirname(path));
  }
  return out;
}

function ignoredRegExp(opts: LoadInventoryOptions): RegExp {
  const parts = ['^\\.', '^host_vars$', '^group_vars$', '^vars_plugins$'];
  parts.push(...(opts.ignorePatterns ?? []));
  for (const ext of opts.ignoreExtensions ?? DEFAULT_IGNORE_EXTENSIONS) parts.push(ext.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&') + '$');
  return new RegExp(parts.join('|'));
}

function failureText(e: Error): string {
  if (e instanceof SourceError && e.snippet) return e.describe();
  return e.message;
}

class SourceLoader {
  readonly failures: SourceFailure[] = [];
  readonly scriptErrors: Array<{ source: string; text: string }> = [];
  private readonly ignored: RegExp;
  private readonly plugins: InventoryPlugin[];
  private readonly ctx: SourceContext;

  constructor(
    private readonly inventory: Inventory,
    private readonly opts: LoadInventoryOptions,
  ) {
    this.ignored = ignoredRegExp(opts);
    this.plugins = (opts.enabledPlugins ?? DEFAULT_ENABLED_PLUGINS).map((n) => PLUGINS[n]).filter((p): p is InventoryPlugin => !!p);
    this.ctx = {
      inventory,
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      decrypt: opts.decrypt,
      yamlExtensions: opts.yamlExtensions ?? ['.yaml', '.yml', '.json'],
      scriptStderr: (source, text) => this.scriptErrors.push({ source, text }),
    };
  }

  async parseSource(source: string): Promise<boolean> {
    let parsed = false;
    const failures: SourceFailure[] = [];
    if (isDirectory(source)) {
      for (const entry of sortNames(readdirSync(source))) {
        if (this.ignored.test(entry)) continue;
        const child = await this.parseSource(join(source, entry));
        parsed ||= child;
      }
    } else {
      this.inventory.currentSource = { file: source, dir: baseDir(source, this.opts.cwd) };
      for (const plugin of this.plugins) {
        let wants = false;
        try {
          wants = plugin.verify(source, this.ctx);
        } catch {
          wants = false;
        }
        if (!wants) continue;
        try {
          await plugin.parse(source, this.ctx);
          parsed = true;
          break;
        } catch (e) {
          failures.push({ source, plugin: plugin.name, error: e instanceof Error ? e : new Error(String(e)) });
        }
      }
    }
    if (parsed) this.inventory.processedSources.push(source);
    else if (source !== '/etc/ansible/hosts' || exists(source)) this.unparsed(source, failures);
    this.inventory.currentSource = undefined;
    return parsed;
  }

  private unparsed(source: string, deferred: SourceFailure[]): void {
    const failures = deferred.map((f) => (f.error instanceof DeferredFailure ? { ...f, error: f.error.resolve() } : f));
    this.failures.push(...failures);
    for (const f of failures) this.inventory.warn(` * Failed to parse ${f.source} with ${f.plugin} plugin: ${failureText(f.error)}`);
    if (this.opts.anyUnparsedIsFailed) {
      throw new InventoryLoadError(`Completely failed to parse inventory source ${source}`, this.inventory.takeWarnings(), failures[0]?.error);
    }
    this.inventory.warn(`Unable to parse ${source} as an inventory source`);
  }
}

/** Loads every source into one inventory, as `-i a -i b` does. */
export async function loadInventory(sources: string[], opts: LoadInventoryOptions): Promise<LoadInventoryResult> {
  const env = opts.env ?? process.env;
  const inventoryDirs = inventoryVarsDirs(sources, opts.cwd);
  const inventory = new Inventory({
    inventoryDirs,
    cwd: opts.cwd,
    decrypt: opts.decrypt,
    varsExtensions: opts.varsExtensions,
    controllerPython: opts.controllerPython ?? defaultControllerPython(),
    transformGroupChars: opts.transformGroupChars,
  });
  const loader = new SourceLoader(inventory, opts);
  let parsed = false;
  for (const source of sources) {
    if (!source) continue;
    const path = !source.includes(',') ? unfrackPath(source, opts.cwd, env) : exists(resolve(opts.cwd, source)) ? resolve(opts.cwd, source) : source;
    if (await loader.parseSource(path)) parsed = true;
  }
  if (parsed) {
    inventory.reconcile();
  } else if (opts.unparsedIsFailed) {
    throw new InventoryLoadError('No inventory was parsed, please check your configuration and options.', inventory.takeWarnings());
  } else {
    inventory.warn('No inventory was parsed, only implicit localhost is available');
  }
  return { inventory, warnings: inventory.takeWarnings(), failures: loader.failures, scriptErrors: loader.scriptErrors };
}

/** Ansible puts its own interpreter there; kplay offers the system Python Ansible would use. */
function defaultControllerPython(): string {
  for (const p of ['/usr/bin/python3', '/usr/bin/python']) if (exists(p)) return p;
  return '/usr/bin/python';
}
