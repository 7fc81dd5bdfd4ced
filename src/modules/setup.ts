// Follows ansible.builtin.setup (ansible-core 2.14): ansible_facts in one round trip, a POSIX
// shell script instead of Python on the host; gather_subset, gather_timeout, filter, fact_path.
import { GatherSubsetError } from '../facts/collectors.js';
import { factsFromOutput, planGather, type GatherPlan } from '../facts/gather.js';
import type { ModuleDefinition } from './types.js';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The setup module's own names: `ansible_`-prefixed, except gather_subset and module_setup. */
function asSetupReturns(facts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) out[k === 'gather_subset' || k === 'module_setup' || k.startsWith('ansible_') ? k : `ansible_${k}`] = v;
  return out;
}

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
    // normal.py sets the override for setup: -v does not print the facts.
    return { changed: false, ansible_facts: asSetupReturns(facts), _ansible_verbose_override: true, ...(warnings.length ? { warnings } : {}) };
  },
};
