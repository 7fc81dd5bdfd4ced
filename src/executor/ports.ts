import type { SourcePos } from '../errors/source-error.js';

/* What the executor needs from inventory and templating: narrow views, not the classes. */

export type Vars = Record<string, unknown>;

export interface InventoryView {
  hostNames(): string[];
  hostVars(name: string): Vars;
  groupNamesOf(host: string): string[];
  groupsMagic(): Record<string, string[]>;
  selectHosts(pattern: string): string[];
  /** add_host at run time. */
  addHost(name: string, groups: string[], vars: Vars): { changed: boolean };
  /** group_by at run time. */
  groupBy(host: string, group: string, parents: string[]): { changed: boolean };
}

export interface TemplarView {
  template(value: unknown, vars: Vars, where?: SourcePos): unknown;
  conditional(expr: unknown, vars: Vars, where?: SourcePos): boolean;
  /** A template file's text rendered as the template action does (file options, `#jinja2:` header). */
  renderTemplateFile(text: string, vars: Vars, file: string): string;
  isTemplate(s: string): boolean;
  /** A lookup plugin run as `with_<name>:` runs it (terms already templated). */
  runLookup(name: string, terms: unknown[], vars: Vars, where?: SourcePos): unknown[];
}
