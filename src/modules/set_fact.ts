// Follows ansible.builtin.set_fact (action plugin): values become host facts for the rest of the run.
import type { ModuleDefinition } from './types.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BOOLISH: Record<string, boolean> = { true: true, false: false, yes: true, no: false };

export const set_fact: ModuleDefinition = {
  name: 'set_fact',
  controllerOnly: true,
  spec: { openArgs: true, supportsCheckMode: true, options: {} },
  async run(args) {
    const facts: Record<string, unknown> = {};
    let cacheable = false;
    for (const [k, v] of Object.entries(args)) {
      if (k === 'cacheable') {
        cacheable = v === true || (typeof v === 'string' && BOOLISH[v.toLowerCase()] === true);
        continue;
      }
      if (!IDENTIFIER.test(k)) return { failed: true, msg: `The variable name '${k}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.` };
      facts[k] = typeof v === 'string' && v.toLowerCase() in BOOLISH ? BOOLISH[v.toLowerCase()] : v;
    }
    if (Object.keys(facts).length === 0) return { failed: true, msg: 'No key/value pairs provided, at least one is required for this action to succeed' };
    return { changed: false, ansible_facts: facts, _ansible_facts_cacheable: cacheable };
  },
};
