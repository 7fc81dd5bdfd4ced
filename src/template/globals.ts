/* Jinja's and Ansible's template globals: range, dict, namespace, lookup/query, now, undef … */
import { bind, pyFunc, type Kwargs, type PyFunc } from './py/callable.js';
import { PyDateTime } from './py/datetime.js';
import { PyError, UndefinedUseError, ansibleError, typeError, valueError } from './py/errors.js';
import { iterate, keyString, truthy } from './py/ops.js';
import { pyStr } from './py/repr.js';
import { Undefined } from './py/undefined.js';
import { Namespace, asStr, dictEntries, isDict, isNumber, num, pyTypeName } from './py/values.js';
import { OMIT_TOKEN } from './omit.js';
import type { EvalEnv, LookupTable } from './registry.js';

export interface LookupHost extends EvalEnv {
  /** Marks the current render's result unsafe (lookup results are, unless allow_unsafe). */
  markUnsafe(): void;
  /** Ansible templates lookup terms once more before the plugin sees them. */
  templateTerms(terms: unknown[]): unknown[];
}

function intArg(v: unknown): number {
  if (v instanceof Undefined) v.fail();
  if (!isNumber(v) || !Number.isInteger(num(v))) throw typeError(`'${pyTypeName(v)}' object cannot be interpreted as an integer`);
  return num(v);
}

const MAX_RANGE = 1_000_000;

function range(args: unknown[]): number[] {
  if (args.length === 0) throw typeError('range expected at least 1 argument, got 0');
  const [a, b, c] = args.map(intArg);
  const [start, stop, step] = args.length === 1 ? [0, a!, 1] : [a!, b!, c ?? 1];
  if (step === 0) throw valueError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
    out.push(i);
    if (out.length > MAX_RANGE) throw new PyError('OverflowError', 'Range too big.');
  }
  return out;
}

function dictGlobal(args: unknown[], kwargs: Kwargs): Record<string, unknown> {
  if (args.length > 1) throw typeError(`dict expected at most 1 argument, got ${args.length}`);
  const out: Record<string, unknown> = {};
  const [src] = args;
  if (src !== undefined && src !== null) {
    if (isDict(src)) Object.assign(out, Object.fromEntries(dictEntries(src)));
    else {
      for (const pair of iterate(src)) {
        const kv = iterate(pair);
        if (kv.length !== 2) throw valueError(`dictionary update sequence element has length ${kv.length}; 2 is required`);
        const k = keyString(kv[0]);
        if (k === undefined) throw typeError(`unhashable type: '${pyTypeName(kv[0])}'`);
        out[k] = kv[1];
      }
    }
  }
  return Object.assign(out, kwargs);
}

function runLookup(host: LookupHost, lookups: LookupTable, name: string, args: unknown[], kwargs: Kwargs, wantlistDefault: boolean): unknown {
  const short = name.startsWith('ansible.builtin.') ? name.slice(16) : name;
  const fn = Object.prototype.hasOwnProperty.call(lookups, short) ? lookups[short] : undefined;
  if (!fn) throw ansibleError(`lookup plugin (${name}) not found`);
  const { wantlist = wantlistDefault, errors = 'strict', allow_unsafe: allowUnsafe = false, ...rest } = kwargs;
  const terms = host.templateTerms(args);
  let ran: unknown[];
  try {
    ran = fn(host, terms, rest);
  } catch (e) {
    if (e instanceof UndefinedUseError) throw e;
    const lookupError = e instanceof PyError && (e.pyType === 'AnsibleLookupError' || e.pyType === 'AnsibleOptionsError');
    if (lookupError && (e as PyError).pyType === 'AnsibleOptionsError') throw e;
    if (errors === 'ignore' || errors === 'warn') return truthy(wantlist) ? [] : null;
    if (lookupError) throw e;
    const cls = e instanceof PyError ? (e.pyType.startsWith('Ansible') ? 'ansible.errors.' : '') + e.pyType : 'Exception';
    const msg = e instanceof Error ? e.message : String(e);
    throw ansibleError(
      `An unhandled exception occurred while running the lookup plugin '${name}'. Error was a <class '${cls}'>, original message: ${msg}. ${msg}`,
    );
  }
  if (ran.length && allowUnsafe !== true) host.markUnsafe();
  if (truthy(wantlist) || !ran.length || allowUnsafe === true) return ran;
  if (ran.every((x) => asStr(x) !== undefined)) return ran.map((x) => asStr(x)).join(',');
  return ran.length === 1 ? ran[0] : ran;
}

function cycler(items: unknown[]): Record<string, unknown> {
  let pos = 0;
  const self: Record<string, unknown> = {};
  const update = (): void => {
    self['current'] = items[pos] ?? null;
  };
  self['next'] = pyFunc('next', () => {
    const v = items[pos];
    pos = (pos + 1) % Math.max(items.length, 1);
    update();
    return v;
  });
  self['reset'] = pyFunc('reset', () => {
    pos = 0;
    update();
    return null;
  });
  update();
  return self;
}

export function makeGlobals(host: LookupHost, lookups: LookupTable): Record<string, unknown> {
  const lookup = (wantlist: boolean): PyFunc =>
    pyFunc(wantlist ? 'query' : 'lookup', (args, kwargs) => {
      const [name, ...terms] = args;
      const n = asStr(name);
      if (n === undefined) throw typeError('lookup() missing required positional argument: name');
      return runLookup(host, lookups, n, terms, kwargs, wantlist);
    });
  return {
    range: pyFunc('range', (args) => range(args)),
    dict: pyFunc('dict', dictGlobal),
    namespace: pyFunc('namespace', (args, kwargs) => new Namespace(dictGlobal(args, kwargs))),
    cycler: pyFunc('cycler', (args) => cycler(args)),
    joiner: pyFunc('joiner', (args, kwargs) => {
      const [sep] = bind('joiner', args, kwargs, ['sep']);
      let used = false;
      return pyFunc('joiner', () => {
        if (used) return sep === undefined ? ', ' : pyStr(sep);
        used = true;
        return '';
      });
    }),
    lookup: lookup(false),
    query: lookup(true),
    q: lookup(true),
    now: pyFunc('now', (args, kwargs) => {
      const [utc, fmt] = bind('now', args, kwargs, ['utc', 'fmt']);
      const d = PyDateTime.now(utc === true);
      return fmt === undefined || fmt === null ? d : d.strftime(pyStr(fmt));
    }),
    undef: pyFunc('undef', (args, kwargs) => {
      const [hint] = bind('undef', args, kwargs, ['hint']);
      const h = hint instanceof Undefined || hint === undefined || hint === null || hint === '' ? undefined : pyStr(hint);
      return new Undefined(undefined, h ?? 'Mandatory variable has not been overridden');
    }),
    omit: OMIT_TOKEN,
  };
}
