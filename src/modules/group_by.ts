// Follows ansible.builtin.group_by (action plugin): the executor puts the host into the group.
import type { ModuleDefinition } from './types.js';

export const group_by: ModuleDefinition = {
  name: 'group_by',
  controllerOnly: true,
  spec: { supportsCheckMode: true, options: { key: { required: true }, parents: { type: 'list', default: ['all'] } } },
  async run(args) {
    const key = String(args['key']).replace(/\s+/g, '-');
    const parents = (args['parents'] as unknown[]).map((p) => String(p).replace(/\s+/g, '-'));
    return { changed: false, add_group: key, parent_groups: parents };
  },
};
