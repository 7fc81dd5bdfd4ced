// Follows ansible.builtin.validate_argument_spec (action plugin), the task Ansible puts first in
// a role with meta/argument_specs.yml: the role's params (and same-named variables) against the spec.
import { ArgumentError, validateArgs } from './argspec.js';
import type { ModuleDefinition, OptionSpec, OptionType } from './types.js';

type Ds = Record<string, unknown>;

const TYPES = new Set<string>(['str', 'bool', 'int', 'float', 'list', 'dict', 'path', 'raw']);

const YAML_STR = "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>";

function isDs(v: unknown): v is Ds {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An argument_specs option as kplay's OptionSpec (types kplay does not convert are taken as they come). */
function optionSpec(o: Ds): OptionSpec {
  const type = typeof o['type'] === 'string' && TYPES.has(o['type']) ? (o['type'] as OptionType) : 'raw';
  const elements = typeof o['elements'] === 'string' && TYPES.has(o['elements']) ? (o['elements'] as OptionType) : undefined;
  return {
    type,
    ...(elements ? { elements } : {}),
    ...(o['required'] === true ? { required: true } : {}),
    ...(Array.isArray(o['choices']) ? { choices: o['choices'] } : {}),
    ...(Array.isArray(o['aliases']) ? { aliases: o['aliases'].map(String) } : {}),
  };
}

/** ArgumentSpecValidator.validate's error messages, in its order: unsupported, required, types and choices. */
export function argumentSpecErrors(spec: Ds, given: Ds): string[] {
  const options = Object.fromEntries(Object.entries(spec).map(([n, o]) => [n, optionSpec(isDs(o) ? o : {})]));
  const errors: string[] = [];
  const names = new Map<string, string>();
  for (const [n, o] of Object.entries(options)) {
    names.set(n, n);
    for (const a of o.aliases ?? []) names.set(a, n);
  }
  const unsupported = Object.keys(given).filter((k) => !names.has(k)).sort();
  if (unsupported.length) {
    const aliases = Object.values(options).flatMap((o) => o.aliases ?? []).sort();
    errors.push(`${unsupported.join(', ')}. Supported parameters include: ${Object.keys(options).sort().join(', ')}${aliases.length ? ` (${aliases.join(', ')})` : ''}.`);
  }
  const present = new Map<string, unknown>();
  for (const [k, v] of Object.entries(given)) if (names.has(k)) present.set(names.get(k)!, v);
  const missing = Object.entries(options).filter(([n, o]) => o.required && (present.get(n) === undefined || present.get(n) === null)).map(([n]) => n);
  if (missing.length) errors.push(`missing required arguments: ${missing.sort().join(', ')}`);
  for (const [n, v] of present) {
    if (v === undefined || v === null) continue;
    try {
      validateArgs('validate_argument_spec', { options: { [n]: options[n]! } }, { [n]: v });
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      // Role params are YAML strings: Python names their type AnsibleUnicode.
      errors.push(typeof v === 'string' ? e.message.replace(/<class '(str|string)'>/g, YAML_STR) : e.message);
    }
  }
  return errors;
}

export const validate_argument_spec: ModuleDefinition = {
  name: 'validate_argument_spec',
  controllerOnly: true,
  spec: { supportsCheckMode: true, openArgs: true, options: {} },
  async run(args, ctx) {
    const context = isDs(args['validate_args_context']) ? args['validate_args_context'] : {};
    const spec = args['argument_spec'];
    const provided = args['provided_arguments'] ?? {};
    if (spec === undefined) return { failed: true, msg: `"argument_spec" arg is required in args: ${JSON.stringify(args)}` };
    if (!isDs(spec)) return { failed: true, msg: `Incorrect type for argument_spec, expected dict and got ${Array.isArray(spec) ? "<class 'list'>" : `<class '${typeof spec}'>`}` };
    if (!isDs(provided)) return { failed: true, msg: `Incorrect type for provided_arguments, expected dict and got <class '${typeof provided}'>` };
    // Variables named like an option count too; the role's params win over them.
    const fromVars: Ds = {};
    for (const name of Object.keys(spec)) {
      const v = ctx.lookupVar(name);
      if (v !== undefined) fromVars[name] = ctx.template(v);
    }
    const errors = argumentSpecErrors(spec, { ...fromVars, ...provided });
    if (errors.length) {
      return { failed: true, msg: `Validation of arguments failed:\n${errors.join('\n')}`, argument_spec_data: spec, argument_errors: errors, validate_args_context: context };
    }
    return { changed: false, msg: 'The arg spec validation passed', validate_args_context: context };
  },
};
