import type { ModuleSpec, OptionSpec, OptionType } from './types.js';

/** Arguments that do not fit the module's spec: the task fails with Ansible's message. */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

const TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f']);

function pyType(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'string') return "<class 'str'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(v)) return "<class 'list'>";
  return "<class 'dict'>";
}

export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (v === 1) return true;
    if (v === 0) return false;
  }
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
  }
  throw new TypeError(`The value '${String(v)}' is not a valid boolean.  Valid booleans include: 'f', 1, 'true', 'yes', 'false', 't', 'off', 'on', 'no', '1', 'y', 'n', '0', 0`);
}

function convert(name: string, v: unknown, type: OptionType, elements?: OptionType): unknown {
  const fail = (target: string, why = ''): never => {
    throw new ArgumentError(`argument '${name}' is of type ${pyType(v)} and we were unable to convert to ${target}${why ? `: ${why}` : ''}`);
  };
  switch (type) {
    case 'raw':
      return v;
    case 'str':
    case 'path':
      if (typeof v === 'string') return v;
      if (v === null || v === undefined) return v;
      if (typeof v === 'number') return String(v);
      if (typeof v === 'boolean') return v ? 'True' : 'False';
      return JSON.stringify(v);
    case 'bool':
      try {
        return toBool(v);
      } catch (e) {
        return fail('bool', (e as Error).message);
      }
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
      return fail('int', `<class '${typeof v}'> cannot be converted to an int`);
    case 'float':
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
      return fail('float');
    case 'list': {
      let list: unknown[];
      if (Array.isArray(v)) list = v;
      else if (typeof v === 'string') list = v.split(',');
      else if (typeof v === 'number') list = [String(v)];
      else return fail('list');
      return elements ? list.map((x) => convert(name, x, elements)) : list;
    }
    case 'dict':
      if (v && typeof v === 'object' && !Array.isArray(v)) return v;
      if (typeof v === 'string') {
        try {
          const parsed: unknown = JSON.parse(v);
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
        } catch {
          /* fall through */
        }
      }
      return fail('dict');
  }
}

function optionNames(spec: ModuleSpec): Map<string, string> {
  const byName = new Map<string, string>();
  for (const [name, opt] of Object.entries(spec.options)) {
    byName.set(name, name);
    for (const a of opt.aliases ?? []) byName.set(a, name);
  }
  return byName;
}

/** ArgumentSpecValidator's list: the names sorted, then every alias sorted, in parentheses. */
function supportedList(spec: ModuleSpec): string {
  const names = Object.keys(spec.options).sort();
  const aliases = Object.values(spec.options)
    .flatMap((o: OptionSpec) => o.aliases ?? [])
    .sort();
  return aliases.length ? `${names.join(', ')} (${aliases.join(', ')})` : names.join(', ');
}

/**
 * parameters.py _handle_aliases: an alias given sets its option (over the option's own name,
 * the spec's last alias winning), and stays in the module's params under its own name with
 * the value as given (type conversion runs on the options only). Modules that return their
 * params (known_hosts) show both names.
 */
function handleAliases(spec: ModuleSpec, args: Readonly<Record<string, unknown>>): { out: Record<string, unknown>; aliasValues: Record<string, unknown> } {
  const out: Record<string, unknown> = {};
  const aliasValues: Record<string, unknown> = {};
  for (const [name, opt] of Object.entries(spec.options)) {
    if (Object.hasOwn(args, name)) out[name] = args[name];
    for (const alias of opt.aliases ?? []) {
      if (!Object.hasOwn(args, alias)) continue;
      out[name] = args[alias];
      aliasValues[alias] = args[alias];
    }
  }
  return { out, aliasValues };
}

/**
 * ArgumentSpecValidator's alias warnings: an alias given when its option is already set, by
 * its own name or by an earlier alias (_handle_aliases sets the option as it goes).
 */
export function aliasWarnings(spec: ModuleSpec, args: Readonly<Record<string, unknown>>): string[] {
  if (spec.openArgs) return [];
  const warnings: string[] = [];
  for (const [name, opt] of Object.entries(spec.options)) {
    let set = Object.hasOwn(args, name);
    for (const alias of opt.aliases ?? []) {
      if (!Object.hasOwn(args, alias)) continue;
      if (set) warnings.push(`Both option ${name} and its alias ${alias} are set.`);
      set = true;
    }
  }
  return warnings;
}

/** Validates and converts a module's arguments as AnsibleModule does; throws ArgumentError. */
export function validateArgs(moduleName: string, spec: ModuleSpec, args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (spec.openArgs) return { ...args };
  const names = optionNames(spec);
  const unknown = Object.keys(args).filter((k) => !names.has(k) && !k.startsWith('_ansible_'));
  if (unknown.length) {
    throw new ArgumentError(`Unsupported parameters for (${moduleName}) module: ${unknown.sort().join(', ')}. Supported parameters include: ${supportedList(spec)}.`);
  }
  const { out, aliasValues } = handleAliases(spec, args);
  for (const group of spec.mutuallyExclusive ?? []) {
    const present = group.filter((k) => out[k] !== undefined && out[k] !== null);
    if (present.length > 1) throw new ArgumentError(`parameters are mutually exclusive: ${group.join('|')}`);
  }
  const missing = Object.entries(spec.options)
    .filter(([n, o]) => o.required && (out[n] === undefined || out[n] === null))
    .map(([n]) => n);
  if (missing.length) throw new ArgumentError(`missing required arguments: ${missing.sort().join(', ')}`);
  for (const group of spec.requiredOneOf ?? []) {
    if (!group.some((k) => out[k] !== undefined && out[k] !== null)) throw new ArgumentError(`one of the following is required: ${group.join(', ')}`);
  }
  for (const group of spec.requiredTogether ?? []) {
    const present = group.filter((k) => out[k] !== undefined && out[k] !== null);
    if (present.length > 0 && present.length < group.length) throw new ArgumentError(`parameters are required together: ${group.join(', ')}`);
  }
  for (const [name, opt] of Object.entries(spec.options)) {
    let v = out[name];
    if (v === undefined || v === null) {
      out[name] = opt.default ?? null;
      continue;
    }
    v = convert(name, v, opt.type ?? 'str', opt.elements);
    if (opt.choices && !opt.choices.includes(v)) {
      throw new ArgumentError(`value of ${name} must be one of: ${opt.choices.join(', ')}, got: ${String(v)}`);
    }
    out[name] = v;
  }
  return { ...out, ...aliasValues };
}
