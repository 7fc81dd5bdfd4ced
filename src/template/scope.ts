/*
 * Variables as a template sees them: looked up lazily, each templated on first use (a var
 * may be "{{ other }}"), cached for the render, cycles reported as Ansible does. `hostvars`
 * is a mapping of mappings templated per host on access, `vars` the raw variables.
 */
import { UnsafeText } from '../yaml/tags.js';
import { PyError, UndefinedUseError, ansibleError } from './py/errors.js';
import { pyStr } from './py/repr.js';
import { Undefined } from './py/undefined.js';
import { LazyMapping, MISSING, dictEntries, isPlainObject } from './py/values.js';

export type Vars = Record<string, unknown>;

export interface Templated {
  readonly value: unknown;
  /** The value came from unsafe text (!unsafe, a lookup): it must not be templated again. */
  readonly unsafe: boolean;
}

export interface ValueRenderer {
  /** Templates a raw variable value (strings rendered, containers walked) with `scope`'s variables. */
  templateValue(raw: unknown, scope: VarScope): Templated;
}

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** str() of a raw value for messages: Python's view of it. */
function describe(raw: unknown): string {
  try {
    return pyStr(raw);
  } catch {
    return String(raw);
  }
}

/** "<class 'ansible.errors.AnsibleError'>" for the wrapped-error message. */
function pyClass(e: unknown): string {
  if (e instanceof PyError) {
    const mod = e.pyType.startsWith('Ansible') ? 'ansible.errors.' : '';
    return `<class '${mod}${e.pyType}'>`;
  }
  return "<class 'Exception'>";
}

export class VarScope {
  private readonly resolved = new Map<string, unknown>();
  private readonly resolving = new Set<string>();
  private readonly unsafeNames = new Set<string>();

  constructor(
    readonly renderer: ValueRenderer,
    readonly vars: Vars,
    readonly globals: Readonly<Record<string, unknown>>,
    /** false for hostvars: an undefined inside a value leaves the value untemplated. */
    readonly failOnUndefined = true,
  ) {}

  has(name: string): boolean {
    return hasOwn(this.vars, name) || hasOwn(this.globals, name);
  }

  /** The raw (untemplated) value, or MISSING. */
  raw(name: string): unknown {
    return hasOwn(this.vars, name) ? this.vars[name] : MISSING;
  }

  lookup(name: string): unknown {
    if (this.resolved.has(name)) return this.resolved.get(name);
    if (!hasOwn(this.vars, name)) {
      if (name === 'vars') return this.vars;
      return hasOwn(this.globals, name) ? this.globals[name] : new Undefined(name);
    }
    const raw = this.vars[name];
    let value: unknown;
    if (name === 'hostvars' && raw !== null && typeof raw === 'object') value = new HostVarsView(this.renderer, raw as Vars);
    else if (name === 'vars' && isPlainObject(raw)) value = raw;
    else value = this.resolve(name, raw);
    this.resolved.set(name, value);
    return value;
  }

  /** Whether the variable's value carries unsafe text (known once it was looked up). */
  isUnsafe(name: string): boolean {
    return this.unsafeNames.has(name);
  }

  private resolve(name: string, raw: unknown): unknown {
    if (this.resolving.has(name)) {
      throw ansibleError(`recursive loop detected in template string: ${describe(raw)}`);
    }
    this.resolving.add(name);
    try {
      const t = this.renderer.templateValue(raw, this);
      if (t.unsafe) this.unsafeNames.add(name);
      return t.value;
    } catch (e) {
      if (e instanceof UndefinedUseError || (e instanceof PyError && e.pyType === 'AnsibleUndefinedVariable')) {
        if (!this.failOnUndefined) return raw;
        const full = e instanceof UndefinedUseError ? `${e.undef.message()}. ${e.undef.message()}` : e.message;
        return new Undefined(name, `${describe(raw)}: ${full}`);
      }
      if (e instanceof PyError) {
        throw ansibleError(
          `An unhandled exception occurred while templating '${describe(raw)}'. Error was a ${pyClass(e)}, original message: ${e.message}`,
        );
      }
      throw e;
    } finally {
      this.resolving.delete(name);
    }
  }
}

export function containsUnsafe(v: unknown, depth = 0): boolean {
  if (v instanceof UnsafeText) return true;
  if (depth > 50 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => containsUnsafe(x, depth + 1));
  if (isPlainObject(v)) return Object.values(v).some((x) => containsUnsafe(x, depth + 1));
  return false;
}

/** `hostvars`: host name → that host's variables, each templated when read. */
export class HostVarsView extends LazyMapping {
  override readonly typeRepr = 'ansible.vars.hostvars.HostVars object';
  private readonly hosts = new Map<string, HostVarsVarsView>();

  override missing(key: string): unknown {
    return new Undefined(`hostvars['${key}']`);
  }

  constructor(
    private readonly renderer: ValueRenderer,
    private readonly raw: Vars,
  ) {
    super();
  }

  keys(): string[] {
    return Object.keys(this.raw);
  }

  has(key: string): boolean {
    return hasOwn(this.raw, key) || key in this.raw;
  }

  get(key: string): unknown {
    if (!this.has(key)) return MISSING;
    let v = this.hosts.get(key);
    if (!v) {
      const vars = this.raw[key];
      if (vars === null || typeof vars !== 'object') return vars;
      v = new HostVarsVarsView(this.renderer, vars as Vars);
      this.hosts.set(key, v);
    }
    return v;
  }
}

/** One host's variables, templated on access with that host's own variables. */
export class HostVarsVarsView extends LazyMapping {
  override readonly typeRepr = 'ansible.vars.hostvars.HostVarsVars object';
  private readonly scope: VarScope;

  constructor(renderer: ValueRenderer, private readonly raw: Vars) {
    super();
    this.scope = new VarScope(renderer, raw, {}, false);
  }

  keys(): string[] {
    return Object.keys(this.raw);
  }

  has(key: string): boolean {
    return hasOwn(this.raw, key) || key in this.raw;
  }

  get(key: string): unknown {
    if (!this.has(key)) return MISSING;
    return this.scope.lookup(key);
  }
}

/** A plain copy of a mapping whose values may be lazy views, as far down as `depth`. */
export function materialize(v: unknown, depth = 100): unknown {
  if (depth <= 0) return v;
  if (v instanceof LazyMapping || isPlainObject(v)) {
    return Object.fromEntries(dictEntries(v as Vars | LazyMapping).map(([k, x]) => [k, materialize(x, depth - 1)]));
  }
  if (Array.isArray(v)) return v.map((x) => materialize(x, depth - 1));
  return v;
}
