// Follows ansible.builtin.assert (action plugin): that, fail_msg/msg, success_msg, quiet.
import type { ModuleDefinition } from './types.js';

export const assert: ModuleDefinition = {
  name: 'assert',
  controllerOnly: true,
  spec: {
    supportsCheckMode: true,
    options: {
      // Ansible's assert wraps a single condition in a list; it never splits it on commas.
      that: { type: 'raw', required: true },
      fail_msg: { type: 'raw', aliases: ['msg'] },
      success_msg: { type: 'raw' },
      quiet: { type: 'bool', default: false },
    },
  },
  async run(args, ctx) {
    const that = Array.isArray(args['that']) ? (args['that'] as unknown[]) : [args['that']];
    for (const cond of that) {
      if (!ctx.conditional(cond)) {
        return { changed: false, failed: true, assertion: cond, evaluated_to: false, msg: args['fail_msg'] ?? 'Assertion failed' };
      }
    }
    if (args['quiet'] === true) return { changed: false, _ansible_verbose_always: false, msg: args['success_msg'] ?? 'All assertions passed' };
    return { changed: false, msg: args['success_msg'] ?? 'All assertions passed', _ansible_verbose_always: true };
  },
};
