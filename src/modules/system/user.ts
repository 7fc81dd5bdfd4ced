// Follows ansible.builtin.user (ansible-core 2.14, generic Linux: useradd/usermod/userdel, chage).
// One deviation: a password hash reaches the host through `chpasswd -e` on stdin, never in argv.
import { shellJoin, shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { run } from './remote.js';
import { chownHomedir, createHomedir, sshKeyFacts, sshKeyGen } from './user-home.js';
import { findGroup, passwordLooksUnhashed, readAccounts, type AccountInfo } from './user-info.js';

export const userSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    name: { type: 'str', required: true, aliases: ['user'] },
    uid: { type: 'int' },
    non_unique: { type: 'bool', default: false },
    group: { type: 'str' },
    groups: { type: 'list', elements: 'str' },
    comment: { type: 'str' },
    home: { type: 'path' },
    shell: { type: 'str' },
    password: { type: 'str', noLog: true },
    login_class: { type: 'str' },
    password_expire_max: { type: 'int' },
    password_expire_min: { type: 'int' },
    hidden: { type: 'bool' },
    seuser: { type: 'str' },
    force: { type: 'bool', default: false },
    remove: { type: 'bool', default: false },
    create_home: { type: 'bool', default: true, aliases: ['createhome'] },
    skeleton: { type: 'str' },
    system: { type: 'bool', default: false },
    move_home: { type: 'bool', default: false },
    append: { type: 'bool', default: false },
    generate_ssh_key: { type: 'bool' },
    ssh_key_bits: { type: 'int', default: 0 },
    ssh_key_type: { type: 'str', default: 'rsa' },
    ssh_key_file: { type: 'path' },
    ssh_key_comment: { type: 'str' },
    ssh_key_passphrase: { type: 'str', noLog: true },
    update_password: { type: 'str', default: 'always', choices: ['always', 'on_create'] },
    expires: { type: 'float' },
    password_lock: { type: 'bool' },
    local: { type: 'bool' },
    profile: { type: 'str' },
    authorization: { type: 'str' },
    role: { type: 'str' },
    umask: { type: 'str' },
  },
};

class UserFailure extends Error {
  constructor(
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type Opts = Record<string, unknown>;
const ymd = (secs: number): string => new Date(secs * 1000).toISOString().slice(0, 10);

/** get_groups_set: the requested groups (each must exist), minus the primary one when asked. */
function groupsSet(o: Opts, acc: AccountInfo, removePrimary: boolean): string[] {
  const wanted = [...new Set(String(o['groupsStr']).split(',').filter(Boolean).map((g) => g.trim()))];
  for (const g of wanted) if (!findGroup(acc.groups, g)) throw new UserFailure(`Group ${g} does not exist`);
  return wanted.filter((g) => !(acc.user && removePrimary && findGroup(acc.groups, g)!.gid === acc.user.gid));
}

async function passwordCmd(ctx: ModuleContext, name: string, hash: string): Promise<{ rc: number; out: string; err: string }> {
  if (ctx.checkMode) return { rc: 0, out: '', err: '' };
  return run(ctx, 'chpasswd -e', `${name}:${hash}\n`);
}

async function createUser(o: Opts, ctx: ModuleContext, acc: AccountInfo): Promise<{ rc: number; out: string; err: string; needsParents: boolean }> {
  const name = String(o['name']);
  const argv = ['useradd'];
  if (o['uid'] !== null) argv.push('-u', String(o['uid']), ...(o['non_unique'] === true ? ['-o'] : []));
  if (o['seuser'] !== null) argv.push('-Z', String(o['seuser']));
  if (o['group'] !== null) {
    if (!findGroup(acc.groups, String(o['group']))) throw new UserFailure(`Group ${String(o['group'])} does not exist`);
    argv.push('-g', String(o['group']));
  } else if (findGroup(acc.groups, name)) argv.push('-N');
  if (o['groupsStr'] !== null && String(o['groupsStr']).length) argv.push('-G', groupsSet(o, acc, true).join(','));
  if (o['comment'] !== null) argv.push('-c', String(o['comment']));
  let needsParents = false;
  if (o['home'] !== null) {
    const home = String(o['home']);
    if (o['create_home'] === true) {
      const parent = home.slice(0, home.lastIndexOf('/')) || '/';
      needsParents = (await run(ctx, `test -d ${shellQuote(parent)}`)).rc !== 0;
      if (needsParents) await createHomedir(ctx, home, o['skeleton'] as string | null);
    }
    argv.push('-d', home);
  }
  if (o['shell'] !== null) argv.push('-s', String(o['shell']));
  if (o['expires'] !== null) argv.push('-e', Number(o['expires']) < 0 ? '' : ymd(Number(o['expires'])));
  if (o['create_home'] === true) {
    argv.push('-m');
    if (o['skeleton'] !== null) argv.push('-k', String(o['skeleton']));
    if (o['umask'] !== null) argv.push('-K', `UMASK=${String(o['umask'])}`);
  } else argv.push('-M');
  if (o['system'] === true) argv.push('-r');
  const r = await run(ctx, shellJoin([...argv, name]));
  if (r.rc === 0 && o['password'] !== null) {
    const p = await passwordCmd(ctx, name, `${o['password_lock'] === true ? '!' : ''}${String(o['password'])}`);
    return { rc: p.rc, out: r.out + p.out, err: r.err + p.err, needsParents };
  }
  return { ...r, needsParents };
}

async function modifyUser(o: Opts, ctx: ModuleContext, acc: AccountInfo): Promise<{ rc?: number; out: string; err: string }> {
  const info = acc.user!;
  const argv = ['usermod'];
  if (o['uid'] !== null && info.uid !== Number(o['uid'])) argv.push('-u', String(o['uid']), ...(o['non_unique'] === true ? ['-o'] : []));
  if (o['group'] !== null) {
    const g = findGroup(acc.groups, String(o['group']));
    if (!g) throw new UserFailure(`Group ${String(o['group'])} does not exist`);
    if (info.gid !== g.gid) argv.push('-g', String(g.gid));
  }
  if (o['groupsStr'] !== null) {
    const current = acc.groups.filter((g) => g.members.includes(info.name)).map((g) => g.name);
    let need = false;
    let groups: string[] = [];
    let diff: string[] = [];
    if (o['groupsStr'] === '') need = current.length > 0 && o['append'] !== true;
    else {
      groups = groupsSet(o, acc, false);
      diff = [...current.filter((g) => !groups.includes(g)), ...groups.filter((g) => !current.includes(g))];
      if (diff.length) {
        if (o['append'] !== true) need = true;
        else if (groups.some((g) => diff.includes(g))) {
          if (acc.hasAppend) argv.push('-a');
          need = true;
        }
      }
    }
    if (need) argv.push(...(o['append'] === true && !acc.hasAppend ? ['-A', diff.join(',')] : ['-G', groups.join(',')]));
  }
  if (o['comment'] !== null && info.comment !== o['comment']) argv.push('-c', String(o['comment']));
  if (o['home'] !== null && info.home !== o['home']) argv.push('-d', String(o['home']), ...(o['move_home'] === true ? ['-m'] : []));
  if (o['shell'] !== null && info.shell !== o['shell']) argv.push('-s', String(o['shell']));
  if (o['expires'] !== null) {
    const current = acc.shadow?.expire ?? -1;
    const want = Number(o['expires']);
    if (want < 0) {
      if (current >= 0) argv.push('-e', '');
    } else if (current < 0 || ymd(current * 86400) !== ymd(want)) argv.push('-e', ymd(want));
  }
  if (o['password_lock'] === true && !info.password.startsWith('!')) argv.push('-L');
  else if (o['password_lock'] === false && info.password.startsWith('!')) argv.push('-U');
  const pw = o['password'] as string | null;
  const newHash = o['update_password'] === 'always' && pw !== null && info.password.replace(/^!+/, '') !== pw.replace(/^!+/, '') ? `${o['password_lock'] === true ? '!' : ''}${pw}` : undefined;
  const cmd = newHash === undefined ? argv : argv.filter((a) => a !== '-U' && a !== '-L');
  let res: { rc?: number; out: string; err: string } = { out: '', err: '' };
  if (cmd.length > 1) res = ctx.checkMode ? { rc: 0, out: '', err: '' } : await run(ctx, shellJoin([...cmd, info.name]));
  if (newHash !== undefined && (res.rc === undefined || res.rc === 0)) {
    const p = await passwordCmd(ctx, info.name, newHash);
    res = { rc: p.rc, out: res.out + p.out, err: res.err + p.err };
  }
  return res;
}

async function present(o: Opts, ctx: ModuleContext, result: ModuleResult, warnings: string[]): Promise<ModuleResult> {
  const name = String(o['name']);
  let acc = await readAccounts(ctx, name);
  let r: { rc?: number; out: string; err: string };
  if (!acc.user) {
    if (ctx.checkMode) return { changed: true };
    const c = await createUser(o, ctx, acc);
    r = c;
    if (c.needsParents && c.rc === 0) {
      const now = await readAccounts(ctx, name);
      if (now.user) await chownHomedir(ctx, now.user.uid, now.user.gid, String(o['home']));
    }
    result['system'] = o['system'];
    result['create_home'] = o['create_home'];
  } else {
    r = await modifyUser(o, ctx, acc);
    result['append'] = o['append'];
    result['move_home'] = o['move_home'];
  }
  if (r.rc !== undefined && r.rc !== 0) throw new UserFailure(r.err, { name, rc: r.rc });
  if (o['password'] !== null) result['password'] = 'NOT_LOGGING_PASSWORD';
  result.changed = r.rc !== undefined;
  if (r.out) result['stdout'] = r.out;
  if (r.err) result['stderr'] = r.err;
  acc = await readAccounts(ctx, name);
  const info = acc.user;
  if (!info) return result;
  Object.assign(result, { uid: info.uid, group: info.gid, comment: info.comment, home: info.home, shell: info.shell });
  if (o['groupsStr'] !== null) result['groups'] = o['groupsStr'];
  const home = o['home'] === null ? info.home : String(o['home']);
  if (o['create_home'] === true && (await run(ctx, `test -e ${shellQuote(home)}`)).rc !== 0) {
    if (!ctx.checkMode) {
      const e = (await createHomedir(ctx, home, o['skeleton'] as string | null)) ?? (await chownHomedir(ctx, info.uid, info.gid, home));
      if (e) throw new UserFailure(e);
    }
    result.changed = true;
  }
  if (o['generate_ssh_key'] === true) await sshKey(o, ctx, result, warnings, info);
  const minChange = o['password_expire_min'] !== null && o['password_expire_min'] !== acc.shadow?.min;
  const maxChange = o['password_expire_max'] !== null && o['password_expire_max'] !== acc.shadow?.max;
  if (acc.shadow && (minChange || maxChange)) {
    const argv = ['chage', ...(minChange ? ['-m', String(o['password_expire_min'])] : []), ...(maxChange ? ['-M', String(o['password_expire_max'])] : []), name];
    const c = ctx.checkMode ? { rc: 0, err: '' } : await run(ctx, shellJoin(argv));
    if (c.rc !== 0) throw new UserFailure(c.err, { name, rc: c.rc });
    result.changed = true;
  }
  return result;
}

async function sshKey(o: Opts, ctx: ModuleContext, result: ModuleResult, warnings: string[], info: { uid: number; gid: number; home: string }): Promise<void> {
  if (o['ssh_key_passphrase'] !== null) throw new UserFailure('kplay: ssh_key_passphrase is not supported yet (the passphrase would have to go through a PTY)');
  const file = o['ssh_key_file'] === null ? `.ssh/id_${String(o['ssh_key_type'])}` : String(o['ssh_key_file']);
  let keyFile = file;
  if (!file.startsWith('/')) {
    if (!ctx.checkMode && (await run(ctx, `test -e ${shellQuote(info.home)}`)).rc !== 0) throw new UserFailure(`User ${String(o['name'])} home directory does not exist`, { name: o['name'], rc: 1 });
    keyFile = `${info.home.replace(/\/$/, '')}/${file}`;
  }
  const comment = o['ssh_key_comment'] === null ? `ansible-generated on ${(await run(ctx, 'hostname')).out.trim()}` : String(o['ssh_key_comment']);
  const g = await sshKeyGen(ctx, { keyFile, type: String(o['ssh_key_type']), bits: Number(o['ssh_key_bits']), comment, force: o['force'] === true, uid: info.uid, gid: info.gid }, warnings);
  if (g.rc !== undefined && g.rc !== 0) throw new UserFailure(g.err, { name: o['name'], rc: g.rc });
  if (g.rc === 0) result.changed = true;
  Object.assign(result, await sshKeyFacts(ctx, keyFile));
}

async function absent(o: Opts, ctx: ModuleContext, result: ModuleResult): Promise<ModuleResult> {
  const acc = await readAccounts(ctx, String(o['name']));
  result.changed = false;
  if (!acc.user) return result;
  if (ctx.checkMode) return { changed: true };
  const argv = [o['local'] === true ? 'luserdel' : 'userdel', ...(o['force'] === true && o['local'] !== true ? ['-f'] : []), ...(o['remove'] === true ? ['-r'] : []), String(o['name'])];
  const r = await run(ctx, shellJoin(argv));
  if (r.rc !== 0) throw new UserFailure(r.err, { name: o['name'], rc: r.rc });
  Object.assign(result, { force: o['force'], remove: o['remove'], changed: true });
  if (r.out) result['stdout'] = r.out;
  if (r.err) result['stderr'] = r.err;
  return result;
}

export const user: ModuleDefinition = {
  name: 'user',
  spec: userSpec,
  async run(args, ctx): Promise<ModuleResult> {
    if (args['umask'] !== null && args['local'] === true) return { failed: true, changed: false, msg: "'umask' can not be used with 'local'" };
    const o: Opts = { ...args, groupsStr: args['groups'] === null ? null : (args['groups'] as string[]).join(',') };
    const warnings: string[] = [];
    if (o['groupsStr'] === null && o['append'] === true) warnings.push("'append' is set, but no 'groups' are specified. Use 'groups' for appending new groups.This will change to an error in Ansible 2.14.");
    const pw = args['password'] as string | null;
    if (pw && passwordLooksUnhashed(pw)) warnings.push("The input password appears not to have been hashed. The 'password' argument must be encrypted for this module to work properly.");
    let result: ModuleResult = { name: args['name'], state: args['state'] };
    try {
      result = args['state'] === 'absent' ? await absent(o, ctx, result) : await present(o, ctx, result, warnings);
    } catch (e) {
      if (e instanceof UserFailure) return { failed: true, msg: e.message, ...e.extra, ...(warnings.length ? { warnings } : {}) };
      throw e;
    }
    if (warnings.length) result['warnings'] = warnings;
    return result;
  },
};
