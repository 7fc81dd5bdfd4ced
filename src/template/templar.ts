/*
 * Ansible's Templar (lib/ansible/template/__init__.py, 2.14, jinja2_native off): templates
 * values recursively, keeps a lone `{{ var }}`'s number/bool/None, reads rendered text that
 * looks like a list/dict/bool back as a Python literal, evaluates `when`-style conditionals,
 * and renders template files with their `#jinja2:` overrides.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RunError, type SourcePos } from '../errors/source-error.js';
import { UnsafeText, VaultText, type VaultReader } from '../yaml/tags.js';
import { TemplateError } from './errors.js';
import { FILTERS } from './filters/index.js';
import { makeGlobals } from './globals.js';
import { FILE_OPTIONS, JinjaEnvironment, STRING_OPTIONS } from './jinja/environment.js';
import type { LexOptions } from './jinja/lexer.js';
import { JinjaRuntime, type RenderState } from './jinja/runtime.js';
import { LOOKUPS } from './lookups/index.js';
import { countTrailingNewlines, evalConcat, toPlain, wrapUnsafe } from './native-helpers.js';
import { PyError, TemplateSyntaxError, UndefinedUseError, ansibleError } from './py/errors.js';
import { truthy } from './py/ops.js';
import { pyStr } from './py/repr.js';
import { PyFloat, isPlainObject } from './py/values.js';
import { VarScope, type Templated, type ValueRenderer } from './scope.js';
import { applyHeader, isPossiblyTemplate, isTemplate } from './template-header.js';
import { TESTS } from './tests/index.js';

export type Vars = Record<string, unknown>;
export { TemplateError };

export interface TemplarOptions {
  /** Directories for file/template lookups and `{% include %}` (Ansible's search path). */
  searchPath?: string[];
  /** The run's vault: inline `!vault` values decrypt through it when used. */
  vault?: VaultReader;
}

const SINGLE_VAR = /^\{\{\s*(\w*)\s*\}\}$/;

/**
 * Whether a raw value holds no template and no unsafe text, remembered per object: such a
 * value (facts, most data) is copied instead of walked string by string. Raw variable
 * values are treated as immutable once seen.
 */
const STATIC = new WeakMap<object, boolean>();

function isStatic(v: unknown): boolean {
  if (typeof v === 'string') return !isPossiblyTemplate(v);
  if (v === null || typeof v !== 'object') return true;
  if (v instanceof UnsafeText || v instanceof VaultText) return false;
  const known = STATIC.get(v);
  if (known !== undefined) return known;
  const r = Array.isArray(v) ? v.every(isStatic) : isPlainObject(v) ? Object.values(v).every(isStatic) : true;
  STATIC.set(v, r);
  return r;
}

/** A copy of plain containers (templates get their own, as Ansible's templating copies). */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = copy(v[k]);
    return out;
  }
  return v;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Templar {
  private readonly runtime: JinjaRuntime;
  private readonly env: JinjaEnvironment;
  private readonly globals: Record<string, unknown>;
  private readonly searchPath: string[];
  private readonly vault: VaultReader | undefined;
  /** Directories of template files being rendered (innermost last), searched first. */
  private readonly fileDirs: string[] = [];
  private readonly renderer: ValueRenderer = { templateValue: (raw, scope) => this.resolveRaw(raw, scope) };

  constructor(opts: TemplarOptions = {}) {
    this.searchPath = opts.searchPath ?? [];
    this.vault = opts.vault;
    this.runtime = new JinjaRuntime({
      filters: FILTERS,
      tests: TESTS,
      searchPath: () => this.currentSearchPath(),
      renderTemplateText: (text, file, vars) => this.renderTemplateFile(text, vars, file),
      templateTerms: (terms, scope) => terms.map((t) => this.templateDeep(t, scope, false)),
      readFile: (path) => this.readControllerFile(path),
    });
    this.env = new JinjaEnvironment(this.runtime, () => this.currentSearchPath());
    this.globals = makeGlobals(this.runtime, LOOKUPS);
  }

  /**
   * Recursively templates strings inside `value`. A string that is one `{{ var }}` naming a
   * number/bool/None keeps that value; rendered text that looks like a list/dict/bool comes
   * back as one; other strings render to strings. UnsafeText passes through untemplated, and
   * results built from unsafe data come back as UnsafeText.
   */
  template(value: unknown, vars: Vars, where?: SourcePos): unknown {
    return toPlain(this.templateNative(value, vars, where));
  }

  /** template() keeping Python's float-ness (PyFloat) for integral floats. */
  templateNative(value: unknown, vars: Vars, where?: SourcePos): unknown {
    const scope = this.scope(vars);
    try {
      return this.templateDeep(value, scope, true);
    } catch (e) {
      // Vault errors (no secret fits a `!vault` value) keep Ansible's own message.
      if (e instanceof RunError) throw e;
      throw this.toTemplateError(e, where);
    }
  }

  /** `when`/`failed_when`/`changed_when`/`until`: bare expressions, booleans, lists (all must hold). */
  conditional(expr: unknown, vars: Vars, where?: SourcePos): boolean {
    for (const c of Array.isArray(expr) ? expr : [expr]) {
      if (!this.evalConditional(c, vars, where)) return false;
    }
    return true;
  }

  /**
   * A lookup plugin's run() as `with_<name>:` calls it: `terms` already templated (the
   * caller's listify_lookup_plugin_terms), wantlist on, the result a list.
   */
  runLookup(name: string, terms: unknown[], vars: Vars, where?: SourcePos): unknown[] {
    const scope = this.scope(vars);
    const state: RenderState = { scope, nodes: 0, native: false, unsafe: false };
    const query = this.globals['query'] as (args: unknown[], kwargs: Record<string, unknown>) => unknown;
    try {
      const out = this.runtime.run(state, () => query([name, ...terms], {}));
      return Array.isArray(out) ? out.map(copy) : [out];
    } catch (e) {
      if (e instanceof RunError) throw e;
      throw this.toTemplateError(e, where);
    }
  }

  isTemplate(s: string): boolean {
    return isTemplate(s);
  }

  /**
   * Renders a template file's text like the template module: trim_blocks, trailing newlines
   * kept, no backslash doubling, `#jinja2:` overrides, no literal reading of the result.
   * The template action adds ansibleTemplateVars() (ansible_managed …) to `vars` itself.
   */
  renderTemplateFile(text: string, vars: Vars, file: string): string {
    const scope = this.scope(vars);
    this.fileDirs.push(dirname(file));
    try {
      const { options } = applyHeader(text, FILE_OPTIONS);
      return this.env.withFileOptions(options, () => pyStr(this.doTemplate(text, scope, FILE_OPTIONS, false).value));
    } catch (e) {
      throw this.toTemplateError(e, undefined);
    } finally {
      this.fileDirs.pop();
    }
  }

  private readControllerFile(path: string): string {
    const text = readFileSync(path, 'utf8');
    if (!text.startsWith('$ANSIBLE_VAULT;')) return text;
    if (!this.vault) throw ansibleError(`A vault password or secret must be specified to decrypt ${path}`);
    return this.vault.decryptFile(text, path);
  }

  private scope(vars: Vars): VarScope {
    return new VarScope(this.renderer, vars, this.globals);
  }

  private currentSearchPath(): string[] {
    let base = this.searchPath;
    const asp = this.runtime.current()?.scope.raw('ansible_search_path');
    if (Array.isArray(asp)) base = asp.map(String);
    return [...[...this.fileDirs].reverse(), ...base];
  }

  /** A variable's value as Jinja sees it: templated, containers copied, unsafe text plain (flagged). */
  private resolveRaw(raw: unknown, scope: VarScope): Templated {
    let unsafe = false;
    const walk = (v: unknown): unknown => {
      if (v !== null && typeof v === 'object' && isStatic(v)) return copy(v);
      if (v instanceof VaultText) return this.revealVaulted(v);
      if (v instanceof UnsafeText) {
        unsafe = true;
        return v.value;
      }
      if (typeof v === 'string') {
        const t = this.templateString(v, scope);
        if (t.unsafe) unsafe = true;
        return t.value;
      }
      if (Array.isArray(v)) return v.map(walk);
      if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return { value: walk(raw), unsafe };
  }

  /** Templar.template(): UnsafeText passes, strings render, containers are walked. */
  private templateDeep(v: unknown, scope: VarScope, wrap: boolean): unknown {
    if (v instanceof UnsafeText) return wrap ? v : v.value;
    if (v instanceof VaultText) return this.revealVaulted(v);
    if (typeof v === 'string') {
      const t = this.templateString(v, scope);
      return wrap && t.unsafe ? wrapUnsafe(t.value) : t.value;
    }
    if (Array.isArray(v)) return v.map((x) => this.templateDeep(x, scope, wrap));
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.templateDeep(x, scope, wrap)]));
    return v;
  }

  /** AnsibleVaultEncryptedUnicode: used as its plaintext, which is never templated itself. */
  private revealVaulted(v: VaultText): string {
    if (!this.vault) throw new RunError('Attempting to decrypt but no vault secrets found');
    return this.vault.decryptValue(v);
  }

  private templateString(s: string, scope: VarScope): Templated {
    if (!isPossiblyTemplate(s)) return { value: s, unsafe: false };
    const single = SINGLE_VAR.exec(s);
    if (single) {
      const raw = scope.raw(single[1] ?? '');
      if (typeof raw === 'boolean' || typeof raw === 'number' || raw instanceof PyFloat) return { value: raw, unsafe: false };
      if (raw === null) return { value: null, unsafe: false };
    }
    return this.doTemplate(s, scope, STRING_OPTIONS, true);
  }

  /** Templar.do_template: render, read back literals (convertData), restore trailing newlines. */
  private doTemplate(data: string, scope: VarScope, base: LexOptions, convertData: boolean): Templated {
    const { options, body } = applyHeader(data, base);
    let tmpl;
    try {
      tmpl = this.env.template(body, options);
    } catch (e) {
      if (e instanceof TemplateSyntaxError) {
        throw ansibleError(`template error while templating string: ${e.message}. String: ${data}. ${e.message}`);
      }
      throw e;
    }
    const state: RenderState = { scope, nodes: 0, native: false, unsafe: false };
    let text: string;
    try {
      text = this.runtime.run(state, () => this.env.render(tmpl));
    } catch (e) {
      if (e instanceof PyError && /TypeError$/.test(e.pyType)) {
        if (e.message.includes('AnsibleUndefined')) {
          const m = `Unable to look up a name or access an attribute in template string (${data}).\nMake sure your variable name does not contain invalid characters like '-': ${e.message}`;
          throw new PyError('AnsibleUndefinedVariable', `${m}. ${e.message}`);
        }
        throw ansibleError(`Unexpected templating type error occurred on (${data}): ${e.message}. ${e.message}`);
      }
      if (e instanceof TemplateSyntaxError || (e instanceof PyError && e.pyType === 'TemplateSyntaxError')) {
        throw ansibleError(`template error while templating string: ${e.message}. String: ${data}. ${e.message}`);
      }
      throw e;
    }
    let value: unknown = text;
    if (convertData && !(state.nodes === 1 && state.native)) value = evalConcat(text);
    if (typeof value === 'string') {
      const missing = countTrailingNewlines(data) - countTrailingNewlines(value);
      if (missing > 0) value += (options.newlineSequence ?? '\n').repeat(missing);
    }
    return { value, unsafe: state.unsafe };
  }

  private evalConditional(c: unknown, vars: Vars, where: SourcePos | undefined): boolean {
    if (c === null || c === undefined || c === '') return true;
    if (typeof c === 'boolean') return c;
    const original = c instanceof UnsafeText ? c.value : typeof c === 'string' ? c : String(c);
    const scope = this.scope(vars);
    try {
      if (c instanceof UnsafeText) throw ansibleError('Conditional is marked as unsafe, and cannot be evaluated.');
      if (typeof c !== 'string') return truthy(this.templateDeep(c, scope, false));
      const first = this.templateString(c, scope);
      if (typeof first.value !== 'string' || first.value === '') return truthy(first.value);
      if (first.unsafe) throw ansibleError('Conditional is marked as unsafe, and cannot be evaluated.');
      const presented = `{% if ${first.value} %} True {% else %} False {% endif %}`;
      const val = String(this.doTemplate(presented, scope, STRING_OPTIONS, true).value).trim();
      if (val === 'True') return true;
      if (val === 'False') return false;
      throw ansibleError(`unable to evaluate conditional: ${original}`);
    } catch (e) {
      if (e instanceof RunError) {
        // A vault error keeps its class (the task fails with it), worded as Ansible words it.
        e.message = `The conditional check '${original}' failed. The error was: ${e.message}`;
        throw e;
      }
      const err = this.toTemplateError(e, where);
      const detail = err.undefinedName !== undefined ? `error while evaluating conditional (${original}): ${err.message}` : err.message;
      throw new TemplateError(`The conditional check '${original}' failed. The error was: ${detail}`, {
        pos: where,
        undefinedName: err.undefinedName,
        reason: err.reason,
        kind: 'AnsibleError',
      });
    }
  }

  private toTemplateError(e: unknown, where: SourcePos | undefined): TemplateError {
    if (e instanceof TemplateError) return e;
    if (e instanceof UndefinedUseError) {
      const m = e.undef.message();
      const name = e.undef.name;
      return new TemplateError(`${m}. ${m}`, { pos: where, undefinedName: name === undefined ? '' : String(name), reason: m });
    }
    if (e instanceof PyError && e.pyType === 'AnsibleUndefinedVariable') {
      return new TemplateError(e.message, { pos: where, undefinedName: '', kind: e.pyType });
    }
    if (e instanceof PyError) return new TemplateError(e.message, { pos: where, kind: e.pyType });
    if (e instanceof TemplateSyntaxError) return new TemplateError(e.message, { pos: where, kind: 'AnsibleError' });
    return new TemplateError(`Unexpected templating error: ${messageOf(e)}`, { pos: where, kind: 'AnsibleError' });
  }
}

/** Renders a template file's text (see Templar.renderTemplateFile). */
export function renderTemplateFile(text: string, vars: Vars, file: string, templar: Templar = new Templar()): string {
  return templar.renderTemplateFile(text, vars, file);
}
