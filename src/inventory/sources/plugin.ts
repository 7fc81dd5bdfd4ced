import type { InventoryData } from '../inventory-data.js';
import type { DecryptHook } from './read.js';

/** What a source plugin gets to read a source and write into the inventory. */
export interface SourceContext {
  readonly inventory: InventoryData;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly decrypt: DecryptHook | undefined;
  /** The yaml plugin's yaml_extensions. */
  readonly yamlExtensions: readonly string[];
  /** Script output on stderr when the script succeeded (Ansible shows it as an error line). */
  scriptStderr(source: string, text: string): void;
}

export type PluginName = 'host_list' | 'script' | 'auto' | 'yaml' | 'ini';

/** One of Ansible's inventory plugins, in the order INVENTORY_ENABLED tries them. */
export interface InventoryPlugin {
  readonly name: PluginName;
  /** verify_file: whether the plugin wants to try this source. */
  verify(source: string, ctx: SourceContext): boolean;
  parse(source: string, ctx: SourceContext): Promise<void>;
}

/**
 * A plugin's failure whose error is worked out only when it is shown, that is, when no
 * other plugin could read the source either.
 */
export class DeferredFailure extends Error {
  constructor(private readonly work: () => Error) {
    super('deferred inventory plugin failure');
  }

  resolve(): Error {
    return this.work();
  }
}

/** Python's splitlines(), which the INI plugin reads lines with. */
export function pySplitLines(s: string): string[] {
  if (s === '') return [];
  const parts = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Python's str.strip() with no argument. */
export function pyStrip(s: string): string {
  return s.replace(PY_SPACE_START, '').replace(PY_SPACE_END, '');
}

const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_SPACE_START = new RegExp(`^${PY_SPACE}+`);
const PY_SPACE_END = new RegExp(`${PY_SPACE}+$`);

/** Python's truth value of a loaded YAML/JSON value. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v).length > 0;
  return true;
}
