/*
 * What compiled templates call (`env.py.*`): name lookup, Python operators, filters and
 * tests, output of values the way Python's str() prints them, loops and assignments.
 */
import { pyFunc, type Kwargs } from '../py/callable.js';
import { PyError, typeError, valueError } from '../py/errors.js';
import * as ops from '../py/ops.js';
import { failOnUndefined, pyStr } from '../py/repr.js';
import { Undefined } from '../py/undefined.js';
import { MISSING, Namespace, mkNum, tuple } from '../py/values.js';
import type { EvalEnv, FilterTable, TestTable } from '../registry.js';
import type { VarScope } from '../scope.js';
import { call, getattr, getitem, slice } from './access.js';
import type { NjAny } from './nunjucks.js';

/** One render in progress: its variables and what its top-level output looked like. */
export interface RenderState {
  readonly scope: VarScope;
  /** How many output nodes the template's top level produced (Ansible's concat looks at one). */
  nodes: number;
  /** Whether the last top-level node was a STRING_TYPE_FILTERS result. */
  native: boolean;
  /** A variable or lookup read during the render carried unsafe text. */
  unsafe: boolean;
}

export interface RuntimeHooks {
  readonly filters: FilterTable;
  readonly tests: TestTable;
  searchPath(): string[];
  renderTemplateText(text: string, file: string, vars: Record<string, unknown>): string;
  /** Ansible templates lookup terms once more before the plugin sees them. */
  templateTerms(terms: unknown[], scope: VarScope): unknown[];
  readFile(path: string): string;
}

/** Filters that look at an undefined value themselves instead of failing on it. */
const UNDEFINED_OK = new Set(['default', 'd', 'mandatory', 'type_debug', 'to_yaml', 'to_nice_yaml']);
/** Filters whose arguments may be undefined (only used when chosen). */
const UNDEFINED_ARGS_OK = new Set(['default', 'd', 'ternary', 'mandatory']);

/** Tests whose Python function takes only the value: Jinja's test_* and ansible-core's result tests. */
const ONE_ARG_TESTS: Record<string, string> = Object.fromEntries([
  ...['defined', 'undefined', 'none', 'boolean', 'false', 'true', 'integer', 'float', 'number', 'string', 'mapping', 'sequence', 'iterable', 'escaped', 'odd', 'even', 'lower', 'upper'].map((n) => [n, `test_${n}`]),
  ...['failed', 'success', 'changed', 'skipped', 'finished', 'started', 'reachable', 'unreachable'].map((n) => [n, n]),
  ['failure', 'failed'], ['succeeded', 'success'], ['successful', 'success'], ['change', 'changed'], ['skip', 'skipped'],
  ['nan', 'isnotanumber'], ['isnan', 'isnotanumber'],
]);

function stripFqcn(name: string): string {
  return name.startsWith('ansible.builtin.') ? name.slice('ansible.builtin.'.length) : name;
}

export type TargetSpec = string | TargetSpec[];

export class JinjaRuntime implements EvalEnv {
  private readonly stack: RenderState[] = [];

  constructor(private readonly hooks: RuntimeHooks) {}

  state(): RenderState {
    const s = this.stack[this.stack.length - 1];
    if (!s) throw new Error('kplay template runtime used outside a render');
    return s;
  }

  get scope(): VarScope {
    return this.state().scope;
  }

  current(): RenderState | undefined {
    return this.stack[this.stack.length - 1];
  }

  markUnsafe(): void {
    this.state().unsafe = true;
  }

  templateTerms(terms: unknown[]): unknown[] {
    return this.hooks.templateTerms(terms, this.state().scope);
  }

  run<T>(state: RenderState, fn: () => T): T {
    this.stack.push(state);
    try {
      return fn();
    } finally {
      this.stack.pop();
    }
  }

  searchPath(): string[] {
    return this.hooks.searchPath();
  }

  renderTemplateText(text: string, file: string, vars: Record<string, unknown>): string {
    return this.hooks.renderTemplateText(text, file, vars);
  }

  readFile(path: string): string {
    return this.hooks.readFile(path);
  }

  hasFilter(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.hooks.filters, name);
  }

  hasTest(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.hooks.tests, name);
  }

  // ---- names and access -------------------------------------------------

  name(context: NjAny, frame: NjAny, n: string): unknown {
    const v = frame.lookup(n);
    if (v !== undefined) return v;
    const ctx = context.ctx as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(ctx, n)) return ctx[n];
    const st = this.state();
    const value = st.scope.lookup(n);
    if (!st.unsafe && st.scope.isUnsafe(n)) st.unsafe = true;
    return value;
  }

  getattr(obj: unknown, name: string): unknown {
    return getattr(obj, name);
  }

  getitem(obj: unknown, key: unknown): unknown {
    return getitem(obj, key);
  }

  slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
    return slice(obj, start, stop, step);
  }

  call(fn: unknown, args: unknown[], kwargs: Kwargs, dynArgs?: unknown, dynKwargs?: unknown): unknown {
    return call(fn, args, kwargs, dynArgs, dynKwargs);
  }

  filter(name: string, value: unknown, args: unknown[], kwargs: Kwargs, dynArgs?: unknown, dynKwargs?: unknown): unknown {
    const fn = this.hooks.filters[name];
    if (!fn) throw new PyError('TemplateSyntaxError', `Could not load "${name}": '${name}'`);
    const [a, kw] = spread(args, kwargs, dynArgs, dynKwargs);
    const short = stripFqcn(name);
    if (value instanceof Undefined && !value.lenient && !UNDEFINED_OK.has(short)) value.fail();
    if (!UNDEFINED_ARGS_OK.has(short)) {
      for (const x of a) if (x instanceof Undefined) x.fail();
      for (const x of Object.values(kw)) if (x instanceof Undefined) x.fail();
    }
    return fn(this, value, a, kw);
  }

  test(name: string, value: unknown, args: unknown[], kwargs: Kwargs, dynArgs?: unknown, dynKwargs?: unknown): unknown {
    const fn = this.hooks.tests[name];
    if (!fn) throw new PyError('TemplateSyntaxError', `Could not load "${name}": '${name}'`);
    const [a, kw] = spread(args, kwargs, dynArgs, dynKwargs);
    const pyName = ONE_ARG_TESTS[stripFqcn(name)];
    if (pyName && a.length) throw typeError(`${pyName}() takes 1 positional argument but ${a.length + 1} were given`);
    return fn(this, value, a, kw);
  }

  // ---- operators ---------------------------------------------------------

  truthy = ops.truthy;
  add = ops.add;
  sub = ops.sub;
  mul = ops.mul;
  truediv = ops.truediv;
  floordiv = ops.floordiv;
  mod = ops.mod;
  pow = ops.pow;
  neg = ops.neg;
  pos = ops.pos;
  compare = ops.compare;

  and(a: unknown, b: () => unknown): unknown {
    return ops.truthy(a) ? b() : a;
  }

  or(a: unknown, b: () => unknown): unknown {
    return ops.truthy(a) ? a : b();
  }

  chain(first: unknown, rest: Array<[string, () => unknown]>): boolean {
    let left = first;
    for (const [op, next] of rest) {
      const right = next();
      if (!ops.compare(op, left, right)) return false;
      left = right;
    }
    return true;
  }

  concat(items: unknown[]): string {
    return items.map((x) => pyStr(x)).join('');
  }

  float(n: number): unknown {
    return mkNum(n, true);
  }

  tuple(items: unknown[]): unknown[] {
    return tuple(items);
  }

  dict(pairs: Array<[unknown, unknown]>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of pairs) {
      if (k instanceof Undefined) k.fail();
      const ks = ops.keyString(k);
      if (ks === undefined) throw typeError(`unhashable type: '${Array.isArray(k) ? 'list' : 'dict'}'`);
      out[ks] = v;
    }
    return out;
  }

  /** The value of an inline `if` without `else` when false: Jinja's lenient Undefined. */
  undef(hint: string): Undefined {
    return new Undefined(undefined, hint, undefined, true);
  }

  // ---- output ------------------------------------------------------------

  out(v: unknown): string {
    if (v instanceof Undefined) return v.lenient ? '' : v.fail();
    if (v !== null && typeof v === 'object') failOnUndefined(v);
    return v === null || v === undefined ? '' : pyStr(v);
  }

  outRoot(v: unknown, native: boolean): string {
    const s = this.state();
    s.nodes++;
    s.native = native;
    return this.out(v);
  }

  rootNode(native: boolean): void {
    const s = this.state();
    s.nodes++;
    s.native = native;
  }

  // ---- loops and assignment ----------------------------------------------

  iter(v: unknown): unknown[] {
    return [...ops.iterate(v)];
  }

  bind(frame: NjAny, spec: TargetSpec, value: unknown): void {
    if (typeof spec === 'string') {
      frame.set(spec, value);
      return;
    }
    const items = ops.iterate(value);
    if (items.length < spec.length) throw valueError(`not enough values to unpack (expected ${spec.length}, got ${items.length})`);
    if (items.length > spec.length) throw valueError(`too many values to unpack (expected ${spec.length})`);
    spec.forEach((s, i) => this.bind(frame, s, items[i]));
  }

  assign(context: NjAny, frame: NjAny, spec: TargetSpec, value: unknown): void {
    this.bind(frame, spec, value);
    if (!frame.topLevel) return;
    const names: string[] = [];
    const collect = (s: TargetSpec): void => {
      if (typeof s === 'string') names.push(s);
      else s.forEach(collect);
    };
    collect(spec);
    for (const n of names) {
      context.setVariable(n, frame.lookup(n));
      if (!n.startsWith('_')) context.addExport(n);
    }
  }

  setattr(ns: unknown, attr: string, value: unknown): void {
    if (!(ns instanceof Namespace)) throw new PyError('TemplateRuntimeError', 'cannot assign attribute on non-namespace object');
    ns.attrs[attr] = value;
  }

  loopState(items: unknown[]): { at(i: number): Record<string, unknown> } {
    const n = items.length;
    let last: unknown = MISSING;
    const changed = pyFunc('changed', (args) => {
      const v = tuple(args);
      if (last !== MISSING && ops.eq(last, v)) return false;
      last = v;
      return true;
    });
    return {
      at: (i) => ({
        index: i + 1,
        index0: i,
        revindex: n - i,
        revindex0: n - i - 1,
        first: i === 0,
        last: i === n - 1,
        length: n,
        depth: 1,
        depth0: 0,
        previtem: i > 0 ? items[i - 1] : new Undefined(undefined, 'there is no previous item'),
        nextitem: i < n - 1 ? items[i + 1] : new Undefined(undefined, 'there is no next item'),
        cycle: pyFunc('cycle', (args) => {
          if (!args.length) throw typeError('no items for cycling given');
          return args[i % args.length];
        }),
        changed,
      }),
    };
  }
}

function spread(args: unknown[], kwargs: Kwargs, dynArgs: unknown, dynKwargs: unknown): [unknown[], Kwargs] {
  if ((dynArgs === null || dynArgs === undefined) && (dynKwargs === null || dynKwargs === undefined)) return [args, kwargs];
  const a = dynArgs === null || dynArgs === undefined ? args : [...args, ...ops.iterate(dynArgs)];
  const kw = dynKwargs && typeof dynKwargs === 'object' ? { ...kwargs, ...(dynKwargs as Kwargs) } : kwargs;
  return [a, kw];
}
