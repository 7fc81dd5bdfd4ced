// Follows ansible.builtin.setup: gathers ansible_facts in one round trip (shell, no Python).
import { FACTS_SCRIPT } from '../facts/script.js';
import { parseFacts } from '../facts/parse.js';
import type { ModuleDefinition } from './types.js';

export const setup: ModuleDefinition = {
  name: 'setup',
  spec: {
    supportsCheckMode: true,
    options: {
      gather_subset: { type: 'list', default: ['all'] },
      gather_timeout: { type: 'int', default: 10 },
      filter: { type: 'list', default: [] },
      fact_path: { type: 'path', default: '/etc/ansible/facts.d' },
    },
  },
  async run(_args, ctx) {
    const conn = await ctx.connection();
    const r = await conn.exec(FACTS_SCRIPT);
    if (r.code !== 0) return { failed: true, changed: false, msg: `fact gathering failed: ${r.stderr.trim()}` };
    return { changed: false, ansible_facts: parseFacts(r.stdout) };
  },
};
