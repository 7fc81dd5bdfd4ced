// Follows ansible.builtin.debug (action plugin): msg, var, verbosity.
import type { ModuleDefinition, ModuleResult } from './types.js';
import { TemplateUndefinedError } from './template-errors.js';

function pythonTypeName(v: unknown): string {
  return Array.isArray(v) ? "<class 'list'>" : "<class 'dict'>";
}

export const debug: ModuleDefinition = {
  name: 'debug',
  controllerOnly: true,
  spec: { supportsCheckMode: true, options: { msg: { type: 'raw' }, var: { type: 'raw' }, verbosity: { type: 'int', default: 0 } } },
  async run(args, ctx) {
    if (args['msg'] != null && args['var'] != null) return { failed: true, msg: "'msg' and 'var' are incompatible options" };
    const verbosity = (args['verbosity'] as number | null) ?? 0;
    const result: ModuleResult = { changed: false };
    if (verbosity > ctx.verbosity) return { ...result, skipped_reason: 'Verbosity threshold not met.', skipped: true, failed: false };
    if (args['msg'] != null) result['msg'] = args['msg'];
    else if (args['var'] != null) {
      const expr = args['var'];
      let value: unknown;
      try {
        if (typeof expr === 'string') {
          value = ctx.template(`{{ ${expr} }}`);
        } else value = expr;
      } catch (e) {
        if (!(e instanceof Error) || !TemplateUndefinedError.matches(e)) throw e;
        value = 'VARIABLE IS NOT DEFINED!' + (ctx.verbosity > 0 ? `: ${e.message}` : '');
      }
      result[typeof expr === 'string' ? expr : pythonTypeName(expr)] = value;
    } else result['msg'] = 'Hello world!';
    result['_ansible_verbose_always'] = true;
    result['failed'] = false;
    return result;
  },
};
