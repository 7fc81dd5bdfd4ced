// Follows ansible.posix.authorized_key (1.5.x): the key file (~user/.ssh/authorized_keys or `path`) is merged as the
// module does; the ssh dir is made 0700 and the file 0600, both owned by the user. A key URL is fetched on the host (curl).
import { shellQuote } from '../../connection/quote.js';
import { parsePathInfo, pathInfoScript } from '../text/path-info.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { mergeKeys } from './authorized-keys-file.js';
import { expandHome } from './home-path.js';
import { probe, run, writeText } from './remote.js';

export const authorizedKeySpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    user: { type: 'str', required: true },
    key: { type: 'str', required: true },
    path: { type: 'path' },
    manage_dir: { type: 'bool', default: true },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    key_options: { type: 'str' },
    exclusive: { type: 'bool', default: false },
    comment: { type: 'str' },
    validate_certs: { type: 'bool', default: true },
    follow: { type: 'bool', default: false },
  },
};

interface Account {
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

async function lookupUser(ctx: ModuleContext, user: string): Promise<Account | undefined> {
  const p = await probe(ctx, { passwd: `getent passwd ${shellQuote(user)}` });
  const f = p.passwd.out.trimEnd().split('\n')[0]?.split(':') ?? [];
  if (p.passwd.rc !== 0 || f.length < 7) return undefined;
  return { uid: Number(f[2]), gid: Number(f[3]), home: f[5]! };
}

/* fetch_url on the host: redirects followed, anything but a final 200 is an error. */
async function fetchKeys(ctx: ModuleContext, url: string, validateCerts: boolean): Promise<string | undefined> {
  const script = [
    't=$(mktemp) || exit 1',
    `c=$(curl -sSL ${validateCerts ? '' : '-k '}-o "$t" -w '%{http_code}' -- ${shellQuote(url)}) || { rm -f "$t"; exit 1; }`,
    '[ "$c" = 200 ] || { rm -f "$t"; exit 2; }',
    'base64 -w0 < "$t"; rm -f "$t"',
  ].join('; ');
  const r = await run(ctx, script);
  return r.rc === 0 ? Buffer.from(r.out.trim(), 'base64').toString('utf8') : undefined;
}

const dirname = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) || '/' : '');

/** The file and the ssh dir the module would use (its keyfile() without the writes). */
interface KeyFileLocation {
  readonly keysFile: string;
  readonly sshDir: string;
  readonly account?: Account;
}

async function locate(ctx: ModuleContext, user: string, path: string | null): Promise<KeyFileLocation | string> {
  if (ctx.checkMode && path !== null) return { keysFile: path, sshDir: dirname(path) };
  const account = await lookupUser(ctx, user);
  if (!account) {
    if (ctx.checkMode) return 'Either user must exist or you must provide full path to key file in check mode';
    return `Failed to lookup user ${user}: "getpwnam(): name not found: '${user}'"`;
  }
  const sshDir = path === null ? `${account.home.replace(/\/$/, '')}/.ssh` : dirname(path);
  return { keysFile: path ?? `${sshDir}/authorized_keys`, sshDir, account };
}

/* keyfile(write=True): the ssh dir (manage_dir) and an empty file, with the user's ownership and modes. */
async function prepareKeyFile(ctx: ModuleContext, loc: KeyFileLocation, file: string, manageDir: boolean): Promise<string | undefined> {
  const a = loc.account!;
  const owner = `${a.uid}:${a.gid}`;
  const d = shellQuote(loc.sshDir);
  const f = shellQuote(file);
  const script = [
    manageDir ? `{ [ -e ${d} ] || mkdir -m 0700 ${d}; } && chown ${owner} ${d} && chmod 0700 ${d} || exit 1` : 'true',
    `if [ ! -e ${f} ]; then mkdir -p "$(dirname ${f})" && : > ${f} || exit 1; fi`,
    `chown ${owner} ${f} 2>/dev/null; chmod 0600 ${f} 2>/dev/null; true`,
  ].join('; ');
  const r = await run(ctx, script);
  return r.rc === 0 ? undefined : `Failed to create directory ${loc.sshDir} : ${r.err.trim()}`;
}

export const authorized_key: ModuleDefinition = {
  name: 'authorized_key',
  spec: authorizedKeySpec,
  async run(args, ctx): Promise<ModuleResult> {
    const user = String(args['user']);
    let key = String(args['key']);
    const path = args['path'] === null ? null : await expandHome(ctx, String(args['path']));
    const manageDir = args['manage_dir'] === true;
    const follow = args['follow'] === true;
    const params: ModuleResult = { ...args, path, changed: false };
    const fail = (msg: string): ModuleResult => ({ failed: true, changed: false, msg });
    if (key.startsWith('http')) {
      const fetched = await fetchKeys(ctx, key, args['validate_certs'] === true);
      if (fetched === undefined) return fail(`Error getting key from: ${key}`);
      key = fetched;
    }

    const loc = await locate(ctx, user, path);
    if (typeof loc === 'string') return fail(loc);
    params['keyfile'] = loc.keysFile;
    const q = shellQuote(loc.keysFile);
    const p = await probe(ctx, { text: `[ -f ${q} ] || exit 3; base64 -w0 < ${q}`, real: `realpath -m -- ${q}` });
    const existing = p.text.rc === 0 ? Buffer.from(p.text.out, 'base64').toString('utf8') : '';

    let merged: ReturnType<typeof mergeKeys>;
    try {
      merged = mergeKeys(existing, {
        key,
        present: args['state'] === 'present',
        keyOptions: args['key_options'] === null ? null : String(args['key_options']),
        exclusive: args['exclusive'] === true,
        comment: args['comment'] === null ? null : String(args['comment']),
      });
    } catch (e) {
      return fail((e as Error).message);
    }
    if (merged.error !== undefined) return fail(merged.error);

    if (merged.write !== undefined) {
      const file = follow ? p.real.out.trim() : loc.keysFile;
      if (ctx.diff) params['diff'] = { before_header: loc.keysFile, after_header: file, before: existing, after: merged.write };
      if (!ctx.checkMode) {
        const problem = await prepareKeyFile(ctx, loc, file, manageDir);
        if (problem) return fail(problem);
        await writeText(ctx, file, merged.write, 0o600);
      }
      params['changed'] = true;
    }
    // exit_json adds the stat of an existing `path` (its state word replaces the module's `state`).
    if (path !== null) {
      const conn = await ctx.connection();
      Object.assign(params, parsePathInfo((await conn.exec(pathInfoScript(path))).stdout));
    }
    return params;
  },
};
