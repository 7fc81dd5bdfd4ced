// Follows ansible.builtin.service as its action plugin runs it: on a systemd host the systemd module does the work.
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { run } from './remote.js';
import { runSystemd } from './systemd_service.js';

export const serviceSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    name: { type: 'str', required: true },
    state: { type: 'str', choices: ['started', 'stopped', 'reloaded', 'restarted'] },
    sleep: { type: 'int' },
    pattern: { type: 'str' },
    enabled: { type: 'bool' },
    runlevel: { type: 'str', default: 'default' },
    arguments: { type: 'str', default: '', aliases: ['args'] },
    use: { type: 'str', default: 'auto' },
  },
  requiredOneOf: [['state', 'enabled']],
};

/* The options the service action drops, with a warning, before handing over to systemd (UNUSED_PARAMS). */
const UNUSED_BY_SYSTEMD: ReadonlyArray<[string, unknown]> = [
  ['pattern', null],
  ['runlevel', 'default'],
  ['sleep', null],
  ['arguments', ''],
];

/** ansible_facts.service_mgr when known, else what the host shows (Ansible gathers that one fact). */
async function serviceManager(args: Record<string, unknown>, ctx: ModuleContext): Promise<string> {
  if (args['use'] !== 'auto') return String(args['use']);
  const facts = ctx.lookupVar('ansible_facts') as Record<string, unknown> | undefined;
  const known = facts?.['service_mgr'];
  if (typeof known === 'string' && known !== 'auto') return known;
  const r = await run(ctx, '[ -d /run/systemd/system ] || grep -q systemd /proc/1/comm 2>/dev/null && echo systemd || echo service');
  return r.out.trim();
}

export const service: ModuleDefinition = {
  name: 'service',
  spec: serviceSpec,
  async run(args, ctx): Promise<ModuleResult> {
    const manager = await serviceManager(args, ctx);
    if (manager !== 'systemd') return { failed: true, changed: false, msg: `kplay's service module supports systemd hosts only (service manager here: ${manager})` };
    const warnings: string[] = [];
    for (const [opt, dflt] of UNUSED_BY_SYSTEMD) {
      if (args[opt] !== null && args[opt] !== dflt) warnings.push(`Ignoring "${opt}" as it is not used in "systemd"`);
    }
    const result = await runSystemd(
      { name: args['name'], state: args['state'], enabled: args['enabled'], force: null, masked: null, daemon_reload: false, daemon_reexec: false, scope: 'system', no_block: false },
      ctx,
    );
    if (warnings.length) result['warnings'] = [...warnings, ...((result['warnings'] as string[] | undefined) ?? [])];
    return result;
  },
};
