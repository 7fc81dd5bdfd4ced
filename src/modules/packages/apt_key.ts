// Follows ansible.builtin.apt_key (ansible-core 2.14): apt-key and gpg on the host; id/url/data/file/
// keyserver/keyring, the same key-id rules, result keys and messages.
import { shellJoin } from '../../connection/quote.js';
import { shlexSplit } from '../util/shlex.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../types.js';
import { BEST_LOCALE, runSteps, type StepResult } from './lib/remote.js';

const LANG_ENV = `${BEST_LOCALE}; LANG=$KPLAY_LOCALE LC_ALL=$KPLAY_LOCALE LC_MESSAGES=$KPLAY_LOCALE; export LANG LC_ALL LC_MESSAGES`;

/** Ansible's parse_key_id: [short (8), fingerprint (16), key_id]; throws on bad ids. */
export function parseKeyId(raw: string): [string, string, string] {
  if (!/^\s*(0[xX])?[0-9a-fA-F]+\s*$/.test(raw)) throw new RangeError('Invalid key_id');
  let id = raw.toUpperCase();
  if (id.startsWith('0X')) id = id.slice(2);
  if (id.length !== 8 && id.length !== 16 && id.length <= 16) throw new RangeError('key_id must be 8, 16, or 16+ hexadecimal characters in length');
  return [id.slice(-8), id.length > 16 ? id.slice(-16) : id, id];
}

/** Ansible's parse_output_for_keys: `pub`/`sub` lines of apt-key (algo/ID) or gpg --with-colons. */
export function parseKeys(output: string, short = false): string[] {
  const found: string[] = [];
  for (const line of output.split('\n')) {
    if (!(line.startsWith('pub') || line.startsWith('sub')) || line.includes('expired')) continue;
    const code = line.split(/\s+/)[1];
    const parts = code?.split('/');
    if (parts && parts.length === 2) found.push(parts[1]!);
    else {
      const tokens = line.split(':');
      if (tokens.length > 4) found.push(tokens[4]!);
    }
  }
  return short ? found.map((k) => k.slice(-8)) : found;
}

async function sh(ctx: ModuleContext, cmd: string, stdin?: string, prelude = 'LANG=C LC_ALL=C; export LANG LC_ALL'): Promise<StepResult> {
  if (stdin === undefined) return (await runSteps(ctx, prelude, { c: cmd })).c!;
  const conn = await ctx.connection();
  const r = await conn.exec(`${prelude}; ${cmd}`, { stdin });
  return { rc: r.code ?? -1, out: r.stdout, err: r.stderr };
}

const run = (ctx: ModuleContext, cmd: string, stdin?: string): Promise<StepResult> => sh(ctx, shellJoin(shlexSplit(cmd)), stdin);

export const apt_key: ModuleDefinition = {
  name: 'apt_key',
  spec: {
    supportsCheckMode: true,
    mutuallyExclusive: [['data', 'file', 'keyserver', 'url']],
    options: {
      id: {},
      url: {},
      data: {},
      file: { type: 'path' },
      keyring: { type: 'path' },
      validate_certs: { type: 'bool', default: true },
      keyserver: {},
      state: { default: 'present', choices: ['absent', 'present'] },
    },
  },
  async run(args, ctx): Promise<ModuleResult> {
    const s = (k: string): string | null => (typeof args[k] === 'string' && args[k] !== '' ? (args[k] as string) : null);
    let keyId = s('id');
    const url = s('url');
    let data = s('data');
    const file = s('file');
    const keyring = s('keyring');
    const keyserver = s('keyserver');
    const bins = await sh(ctx, 'command -v apt-key; command -v gpg');
    const [aptKey, gpg] = bins.out.split('\n');
    if (!aptKey || !gpg) return { failed: true, msg: `Failed to find required executable "${aptKey ? 'gpg' : 'apt-key'}" in paths: /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` };
    const r: ModuleResult = { changed: false };
    const download = async (): Promise<string | ModuleResult> => {
      const d = await sh(ctx, `if command -v curl >/dev/null; then curl -fsSL ${args['validate_certs'] === false ? '-k ' : ''}${shellJoin([url!])}; else wget -q -O - ${args['validate_certs'] === false ? '--no-check-certificate ' : ''}${shellJoin([url!])}; fi`);
      return d.rc === 0 ? d.out : { failed: true, msg: `Failed to download key at ${url}: ${d.err.trim()}` };
    };
    if (!keyId) {
      if (keyserver) return { failed: true, msg: 'Missing key_id, required with keyserver.' };
      if (url) {
        const d = await download();
        if (typeof d !== 'string') return d;
        data = d;
      }
      const source = file ?? (data !== null ? '-' : null);
      if (source !== null) {
        /* run_command(data=…) adds a newline to text data: an armored key needs it after its END line. */
        const armored = data !== null && data.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----');
        const g = await sh(ctx, shellJoin([gpg, '--with-colons', source]), data === null ? undefined : armored ? `${data}\n` : data, LANG_ENV);
        if (g.rc !== 0) return { failed: true, msg: `Unable to extract key from '${file === null ? 'inline data' : file}'`, stdout: g.out, stderr: g.err };
        keyId = parseKeys(g.out)[0] ?? null;
      }
    }
    r['id'] = keyId;
    let short: string, fp: string;
    try {
      [short, fp, keyId] = parseKeyId(keyId ?? '');
    } catch {
      return { failed: true, msg: 'Invalid key_id', ...r };
    }
    Object.assign(r, { short_id: short, fp, key_id: keyId });
    const shortFormat = keyId.length === 8;
    const ring = keyring ? ` --keyring ${keyring}` : '';
    const listKeys = async (): Promise<string[] | ModuleResult> => {
      const cmd = `${aptKey}${ring} adv --list-public-keys --keyid-format=long`;
      const l = await run(ctx, cmd);
      return l.rc === 0 ? parseKeys(l.out, shortFormat) : { failed: true, msg: 'Unable to list public keys', cmd, rc: l.rc, stdout: l.out, stderr: l.err };
    };
    const keys = await listKeys();
    if (!Array.isArray(keys)) return keys;
    r['before'] = keys;
    const has = (list: string[]): boolean => list.includes(shortFormat ? short : fp);
    if (args['state'] === 'present') {
      if (has(keys)) return r;
      r.changed = true;
      if (ctx.checkMode) return r;
      if (file) {
        const cmd = `${aptKey}${ring} add ${file}`;
        const a = await run(ctx, cmd);
        if (a.rc !== 0) return { failed: true, msg: `Unable to add a key from file ${file}`, cmd, rc: a.rc, keyfile: file, stdout: a.out, stderr: a.err };
      } else if (keyserver) {
        const cmd = `${aptKey}${ring} adv --no-tty --keyserver ${keyserver} --recv ${keyId}`;
        let a: StepResult = { rc: 1, out: '', err: '' };
        for (let i = 0; i < 5 && a.rc !== 0; i++) a = await sh(ctx, shellJoin(shlexSplit(cmd)), undefined, LANG_ENV);
        if (a.rc !== 0) return { failed: true, cmd, msg: a.rc === 2 && a.out.includes('not found on keyserver') ? `Key ${keyId} not found on keyserver ${keyserver}` : `Error fetching key ${keyId} from keyserver: ${keyserver}`, rc: a.rc, stdout: a.out, stderr: a.err };
      } else {
        if (data === null && url) {
          const d = await download();
          if (typeof d !== 'string') return d;
          data = d;
        }
        if (data === null) return { failed: true, msg: 'No key to add ... how did i get here?!?!', ...r };
        const cmd = `${aptKey}${ring} add -`;
        const a = await run(ctx, cmd, data);
        if (a.rc !== 0) return { failed: true, msg: 'Unable to add a key from binary data', cmd, rc: a.rc, stdout: a.out, stderr: a.err };
      }
      const after = await listKeys();
      if (!Array.isArray(after)) return after;
      r['after'] = after;
      if (!has(after)) return { ...r, failed: true, msg: 'apt-key did not return an error, but failed to add the key (check that the id is correct and *not* a subkey)' };
      return r;
    }
    if (!keyId) return { failed: true, msg: 'key is required to remove a key', ...r };
    if (!keys.includes(fp)) return r;
    r.changed = true;
    if (ctx.checkMode) return r;
    const cmd = `${aptKey}${ring} del ${short}`;
    const d = await run(ctx, cmd);
    if (d.rc !== 0) return { failed: true, msg: `Unable to remove a key with id ${short}`, cmd, rc: d.rc, key_id: short, stdout: d.out, stderr: d.err };
    const after = await listKeys();
    if (!Array.isArray(after)) return after;
    r['after'] = after;
    if (after.includes(fp)) return { ...r, failed: true, msg: 'apt-key did not return an error, but the key was not removed (check that the id is correct and *not* a subkey)' };
    return r;
  },
};
