// Follows ansible.builtin.dpkg_selections (ansible-core 2.14): dpkg --get-selections / --set-selections.
import { shellJoin } from '../../connection/quote.js';
import type { ModuleDefinition } from '../types.js';
import { runSteps } from './lib/remote.js';

export const dpkg_selections: ModuleDefinition = {
  name: 'dpkg_selections',
  spec: {
    supportsCheckMode: true,
    options: {
      name: { required: true },
      selection: { required: true, choices: ['install', 'hold', 'deinstall', 'purge'] },
    },
  },
  async run(args, ctx) {
    const name = String(args['name']);
    const selection = String(args['selection']);
    const get = (await runSteps(ctx, 'LANG=C LC_ALL=C; export LANG LC_ALL', { get: `dpkg --get-selections ${shellJoin(['--', name])}` })).get!;
    if (get.rc !== 0) return { failed: true, msg: get.err, rc: get.rc, stdout: get.out, stderr: get.err, cmd: `dpkg --get-selections ${name}` };
    const current = get.out.trim() === '' ? 'not present' : (get.out.split(/\s+/)[1] ?? 'not present');
    const changed = current !== selection;
    if (ctx.checkMode || !changed) return { changed, before: current, after: selection };
    const conn = await ctx.connection();
    const set = await conn.exec('LANG=C LC_ALL=C dpkg --set-selections', { stdin: `${name} ${selection}` });
    if (set.code !== 0) return { failed: true, msg: set.stderr, rc: set.code, stdout: set.stdout, stderr: set.stderr, cmd: '/usr/bin/dpkg --set-selections' };
    return { changed, before: current, after: selection };
  },
};
