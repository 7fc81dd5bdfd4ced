// Follows ansible.builtin.add_host (action plugin): the executor adds the host to the in-memory inventory.
import type { ModuleDefinition } from './types.js';

export const add_host: ModuleDefinition = {
  name: 'add_host',
  controllerOnly: true,
  spec: { openArgs: true, supportsCheckMode: true, options: {} },
  async run(args) {
    const name = args['name'] ?? args['hostname'] ?? args['host'] ?? args['_raw_params'];
    if (typeof name !== 'string' || name === '') return { failed: true, changed: false, msg: 'The add_host module requires a name' };
    const rawGroups = args['groups'] ?? args['group'] ?? args['groupname'] ?? [];
    const groups = (Array.isArray(rawGroups) ? rawGroups : String(rawGroups).split(',')).map((g) => String(g).trim()).filter(Boolean);
    const hostVars: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(args)) {
      if (!['name', 'hostname', 'host', 'groups', 'group', 'groupname', '_raw_params'].includes(k)) hostVars[k] = v;
    }
    const [host, port] = name.split(':');
    if (port && /^\d+$/.test(port)) hostVars['ansible_ssh_port'] = Number(port);
    return { changed: true, add_host: { host_name: host, groups, host_vars: hostVars } };
  },
};
