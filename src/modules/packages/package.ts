// Follows ansible.builtin.package (ansible-core 2.14 action plugin): runs the host's package manager
// module (`use`, else the pkg_mgr fact, else a minimal fact gathering) with the same arguments.
import { ArgumentError, validateArgs } from '../argspec.js';
import { setup } from '../setup.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../types.js';

/** The backends kplay has; filled by index.ts so this file does not import its siblings in a cycle. */
export const PACKAGE_BACKENDS = new Map<string, ModuleDefinition>();

async function detectPkgMgr(ctx: ModuleContext): Promise<string> {
  const facts = ctx.lookupVar('ansible_facts');
  if (facts && typeof facts === 'object' && typeof (facts as Record<string, unknown>)['pkg_mgr'] === 'string') return (facts as Record<string, string>)['pkg_mgr']!;
  const r = await setup.run({ gather_subset: ['!all'], filter: ['ansible_pkg_mgr'], gather_timeout: 10, fact_path: '/etc/ansible/facts.d' }, ctx);
  const facts2 = r['ansible_facts'] as Record<string, unknown> | undefined;
  const gathered = facts2?.['pkg_mgr'] ?? facts2?.['ansible_pkg_mgr'];
  return typeof gathered === 'string' ? gathered : 'auto';
}

export const packageModule: ModuleDefinition = {
  name: 'package',
  spec: { supportsCheckMode: true, openArgs: true, options: {} },
  async run(args, ctx): Promise<ModuleResult> {
    let use = typeof args['use'] === 'string' ? args['use'] : 'auto';
    if (use === 'auto') use = await detectPkgMgr(ctx);
    if (use === 'auto') return { failed: true, msg: 'Could not detect which package manager to use. Try gathering facts or setting the "use" option.' };
    const short = use.replace(/^ansible\.(builtin|legacy)\./, '');
    const backend = PACKAGE_BACKENDS.get(short);
    if (!backend) return { failed: true, msg: `Could not find a module for ${use}.` };
    const rest = Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'use'));
    try {
      return await backend.run(validateArgs(backend.name, backend.spec, rest), ctx);
    } catch (e) {
      if (e instanceof ArgumentError) return { failed: true, msg: e.message };
      throw e;
    }
  },
};
