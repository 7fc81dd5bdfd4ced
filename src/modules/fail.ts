// Follows ansible.builtin.fail (action plugin).
import type { ModuleDefinition } from './types.js';

export const fail: ModuleDefinition = {
  name: 'fail',
  controllerOnly: true,
  spec: { supportsCheckMode: true, options: { msg: { type: 'raw', default: 'Failed as requested from task' } } },
  async run(args) {
    return { changed: false, failed: true, msg: args['msg'] };
  },
};
