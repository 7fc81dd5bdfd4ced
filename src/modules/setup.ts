// Follows ansible.builtin.setup (ansible-core 2.14): ansible_facts in one round trip, a POSIX
// shell script instead of Python on the host; gather_subset, gather_timeout, filter, fact_path.
import { GatherSubsetError } from '../facts/collectors.js';
import { factsFromOutput, planGather, type GatherPlan } from '../facts/gather.js';
import type { ModuleDefinition } from './types.js';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export const setup: ModuleDefinition = {
  name: 'setup',
  spec: {
    supportsCheckMode: true,
    options: {
      gather_subset: { type: 'list', elements: 'str', default: ['all'] },
      gather_timeout: { type: 'int', default: 10 },
      filter: { type: 'list', elements: 'str', default: [] },
      fact_path: { type: 'path', default: '/etc/ansible/facts.d' },
    },
  },
  async run(args, ctx) {
    let plan: GatherPlan;
    try {
      plan = planGather({
        gatherSubset: strings(args['gather_subset']),
        gatherTimeout: typeof args['gather_timeout'] === 'number' ? args['gather_timeout'] : 10,
        filter: strings(args['filter']),
        factPath: typeof args['fact_path'] === 'string' ? args['fact_path'] : '/etc/ansible/facts.d',
      });
    } catch (e) {
      if (e instanceof GatherSubsetError) return { failed: true, changed: false, msg: e.message };
      throw e;
    }
    const conn = await ctx.connection();
    const r = await conn.exec(plan.script);
    if (r.code !== 0) return { failed: true, changed: false, msg: `fact gathering failed (rc=${String(r.code)}): ${r.stderr.trim()}` };
    const { facts, warnings } = factsFromOutput(plan, r.stdout);
    return { changed: false, ansible_facts: facts, ...(warnings.length ? { warnings } : {}) };
  },
};
