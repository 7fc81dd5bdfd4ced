/* The shapes of filters, tests and lookups, and what they may ask of the engine. */
import type { Kwargs } from './py/callable.js';
import type { VarScope } from './scope.js';

/** What a filter, test or lookup can use while a template renders. */
export interface EvalEnv {
  /** The variables of the render (lazy, templated on access). */
  readonly scope: VarScope;
  filter(name: string, value: unknown, args: unknown[], kwargs: Kwargs): unknown;
  /** A test's result as the test returned it (use truthy() for a boolean). */
  test(name: string, value: unknown, args: unknown[], kwargs: Kwargs): unknown;
  getattr(obj: unknown, name: string): unknown;
  getitem(obj: unknown, key: unknown): unknown;
  /** Directories the file/template lookups search (Ansible's search path). */
  searchPath(): string[];
  /** Renders a template file's text with the given variables (the `template` lookup). */
  renderTemplateText(text: string, file: string, vars: Record<string, unknown>): string;
  /** A controller file's text, decrypted when it is a vault file (the loader's get_file_contents). */
  readFile(path: string): string;
}

export type FilterFn = (env: EvalEnv, value: unknown, args: unknown[], kwargs: Kwargs) => unknown;
export type TestFn = (env: EvalEnv, value: unknown, args: unknown[], kwargs: Kwargs) => unknown;
/** A lookup plugin's run(): terms in, a list out. */
export type LookupFn = (env: EvalEnv, terms: unknown[], kwargs: Kwargs) => unknown[];

export type FilterTable = Readonly<Record<string, FilterFn>>;
export type TestTable = Readonly<Record<string, TestFn>>;
export type LookupTable = Readonly<Record<string, LookupFn>>;
