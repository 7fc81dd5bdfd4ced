// Follows ansible.builtin.service_facts (ansible-core 2.14): sysv `service --status-all` and systemd units, merged in that order.
import { shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../types.js';
import { probe, run } from './remote.js';

type ServiceEntry = Record<string, string>;

const BAD_STATES = ['not-found', 'masked', 'failed'];
const PATHS = 'PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin:/usr/bin:/usr/local/bin"';

/** `service --status-all` lines `[ + ]  name`. */
export function parseSysvStatusAll(stdout: string, services: Record<string, ServiceEntry>): void {
  for (const m of stdout.matchAll(/^\s*\[ (\+|-) \]\s+(.+)$/gm)) {
    const name = m[2]!;
    services[name] = { name, state: m[1] === '+' ? 'running' : 'stopped', source: 'sysv' };
  }
}

/** `systemctl list-units --type service --all`, read the way Ansible splits its columns. */
export function parseListUnits(stdout: string, services: Record<string, ServiceEntry>): void {
  for (const line of stdout.split('\n').filter((l) => l.includes('.service'))) {
    let fields = line.split(/\s+/).filter((f) => f !== '');
    let status = 'unknown';
    const bad = BAD_STATES.find((b) => fields.includes(b));
    if (bad) {
      status = bad;
      fields = fields.slice(1);
    } else {
      status = fields[2] ?? 'unknown';
    }
    const name = fields[0]!;
    services[name] = { name, state: fields[3] === 'running' ? 'running' : 'stopped', status, source: 'systemd' };
  }
}

/** Unit files not seen as units; returns the names whose ActiveState must still be asked. */
export function mergeUnitFiles(stdout: string, services: Record<string, ServiceEntry>): string[] {
  const missing: string[] = [];
  for (const line of stdout.split('\n').filter((l) => l.includes('.service'))) {
    const [name, status] = line.split(/\s+/).filter((f) => f !== '');
    if (name === undefined || status === undefined) throw new Error(`Malformed output discovered from systemd list-unit-files: ${line}`);
    const known = services[name];
    if (!known) {
      services[name] = { name, state: 'unknown', status, source: 'systemd' };
      missing.push(name);
    } else if (!BAD_STATES.includes(known['status'] ?? '')) {
      known['status'] = status;
    }
  }
  return missing;
}

async function gather(ctx: ModuleContext): Promise<{ services: Record<string, ServiceEntry>; warnings: string[] }> {
  const p = await probe(ctx, {
    tools: `${PATHS}; for t in service chkconfig initctl rc-status; do command -v $t >/dev/null && echo $t; done; grep -q systemd /proc/1/comm 2>/dev/null && echo systemd; [ -d /etc/init.d ] && echo initd; true`,
  });
  const tools = new Set(p.tools.out.split('\n'));
  const services: Record<string, ServiceEntry> = {};
  const warnings: string[] = [];
  if (tools.has('service') && !tools.has('chkconfig') && !tools.has('rc-status')) {
    const r = await run(ctx, `${PATHS}; service --status-all`);
    if (!(r.rc === 4 && !tools.has('initd'))) {
      if (r.rc !== 0) warnings.push(`Unable to query 'service' tool (${r.rc}): ${r.err}`);
      parseSysvStatusAll(r.out, services);
    }
  }
  if (tools.has('systemd')) {
    const s = await probe(ctx, {
      units: `${PATHS}; systemctl list-units --no-pager --type service --all`,
      files: `${PATHS}; systemctl list-unit-files --no-pager --type service --all`,
    });
    if (s.units.rc !== 0) warnings.push(`Could not list units from systemd: ${s.units.err}`);
    else parseListUnits(s.units.out, services);
    if (s.files.rc !== 0) warnings.push(`Could not get unit files data from systemd: ${s.files.err}`);
    else {
      const missing = mergeUnitFiles(s.files.out, services);
      if (missing.length) {
        const states = await probe(ctx, Object.fromEntries(missing.map((n, i) => [`u${i}`, `${PATHS}; systemctl show ${shellQuote(n)} --property=ActiveState`])) as Record<string, string>);
        missing.forEach((n, i) => {
          const r = states[`u${i}`]!;
          if (r.rc === 0 && r.out !== '') services[n]!['state'] = r.out.replace('ActiveState=', '').trimEnd();
        });
      }
    }
  }
  return { services, warnings };
}

export const service_facts: ModuleDefinition = {
  name: 'service_facts',
  spec: { supportsCheckMode: true, options: {} },
  async run(_args, ctx): Promise<ModuleResult> {
    let gathered: Awaited<ReturnType<typeof gather>>;
    try {
      gathered = await gather(ctx);
    } catch (e) {
      return { failed: true, msg: (e as Error).message };
    }
    const { services, warnings } = gathered;
    const result: ModuleResult = Object.keys(services).length === 0 ? { skipped: true, msg: 'Failed to find any services. This can be due to privileges or some other configuration issue.' } : { ansible_facts: { services } };
    if (warnings.length) result['warnings'] = warnings;
    return { changed: false, ...result };
  },
};
