// Follows ansible.builtin.group (ansible-core 2.14, generic Linux: groupadd/groupmod/groupdel).
import { shellJoin, shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { run } from './remote.js';

export const groupSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    name: { type: 'str', required: true },
    gid: { type: 'int' },
    system: { type: 'bool', default: false },
    local: { type: 'bool', default: false },
    non_unique: { type: 'bool', default: false },
  },
};

/** `getent group NAME` → the gid, or undefined when there is no such group. */
async function groupGid(ctx: ModuleContext, name: string): Promise<number | undefined> {
  const r = await run(ctx, `getent group ${shellQuote(name)}`);
  if (r.rc !== 0) return undefined;
  return Number(r.out.split(':')[2]);
}

export const group: ModuleDefinition = {
  name: 'group',
  spec: groupSpec,
  async run(args, ctx): Promise<ModuleResult> {
    if (args['non_unique'] === true && args['gid'] === null) return { failed: true, changed: false, msg: 'non_unique is True but all of the following are missing: gid' };
    const name = String(args['name']);
    const gid = args['gid'] as number | null;
    const local = args['local'] === true;
    const result: ModuleResult = { name, state: args['state'] };
    let rc: number | undefined;
    let out = '';
    let err = '';
    const exec = async (argv: string[]): Promise<void> => {
      const r = await run(ctx, shellJoin(argv));
      rc = r.rc;
      out = r.out;
      err = r.err;
    };
    const current = await groupGid(ctx, name);
    if (args['state'] === 'absent') {
      if (current !== undefined) {
        if (ctx.checkMode) return { changed: true };
        await exec([local ? 'lgroupdel' : 'groupdel', name]);
        if (rc !== 0) return { failed: true, name, msg: err };
      }
    } else if (current === undefined) {
      if (ctx.checkMode) return { changed: true };
      const argv = [local ? 'lgroupadd' : 'groupadd'];
      if (gid !== null) argv.push('-g', String(gid), ...(args['non_unique'] === true ? ['-o'] : []));
      if (args['system'] === true) argv.push('-r');
      await exec([...argv, name]);
    } else if (gid !== null && current !== gid) {
      if (ctx.checkMode) rc = 0;
      else await exec([local ? 'lgroupmod' : 'groupmod', '-g', String(gid), ...(args['non_unique'] === true ? ['-o'] : []), name]);
    }
    if (rc !== undefined && rc !== 0) return { failed: true, name, msg: err };
    result.changed = rc !== undefined;
    if (out) result['stdout'] = out;
    if (err) result['stderr'] = err;
    const after = await groupGid(ctx, name);
    if (after !== undefined) {
      result['system'] = args['system'];
      result['gid'] = after;
    }
    return result;
  },
};
