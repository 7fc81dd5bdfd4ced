// Follows ansible.builtin.known_hosts (ansible-core 2.14): ssh-keygen -F decides whether the host
// and key are in the file, ssh-keygen -R drops every key of a host, anything else rewrites the file.
import { createHmac, randomBytes } from 'node:crypto';
import { shellJoin, shellQuote } from '../../connection/quote.js';
import { expandRemotePath } from '../files/support/remote-path.js';
import { parsePathInfo, pathInfoScript } from '../text/path-info.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { probe, run, writeText } from './remote.js';

export const knownHostsSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    name: { type: 'str', required: true, aliases: ['host'] },
    key: { type: 'str' },
    path: { type: 'path', default: '~/.ssh/known_hosts' },
    hash_host: { type: 'bool', default: false },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
  },
};

class KnownHostsFailure extends Error {
  constructor(
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface KeyFields {
  options?: string;
  host: string;
  type: string;
  key: string;
}

/** Ansible's normalize_known_hosts_key: the marker, host field, key type and key, comment dropped. */
export function normalizeKey(line: string): KeyFields {
  const k = line.trim().split(/\s+/);
  const marked = (k[0] ?? '').startsWith('@');
  const at = (i: number): string => {
    const v = k[marked ? i + 1 : i];
    if (v === undefined) throw new KnownHostsFailure(`a known_hosts key line needs a host, a key type and a key: '${line.trim()}'`);
    return v;
  };
  return marked ? { options: k[0]!, host: at(0), type: at(1), key: at(2) } : { host: at(0), type: at(1), key: at(2) };
}

function sameKey(a: KeyFields, b: KeyFields): boolean {
  return a.options === b.options && a.host === b.host && a.type === b.type && a.key === b.key;
}

/** Ansible's hash_host_key: `|1|salt|HMAC-SHA1(salt, host)` in place of the host field. */
export function hashHostKey(host: string, key: string): string {
  const salt = randomBytes(20);
  const hashed = createHmac('sha1', salt).update(host, 'utf8').digest();
  const parts = key.trim().split(/\s+/);
  const i = parts[0]?.startsWith('@') ? 1 : 0;
  parts[i] = `|1|${salt.toString('base64')}|${hashed.toString('base64')}`;
  return parts.join(' ');
}

interface Search {
  found: boolean;
  replaceOrAdd: boolean;
  foundLine: number | undefined;
}

/** Ansible's search_for_host_key over `ssh-keygen -F host -f path` output. */
export function searchOutput(rc: number, stdout: string, stderr: string, key: string | null): Search {
  if (stdout === '' && stderr === '' && (rc === 0 || rc === 1)) return { found: false, replaceOrAdd: false, foundLine: undefined };
  if (rc !== 0) throw new KnownHostsFailure(`ssh-keygen failed (rc=${rc}, stdout='${stdout}',stderr='${stderr}')`);
  if (!key) return { found: true, replaceOrAdd: false, foundLine: undefined };
  const wanted = normalizeKey(key);
  let foundLine: number | undefined;
  for (const l of stdout.split('\n')) {
    if (l === '') continue;
    if (l.startsWith('#')) {
      const m = /found: line (\d+)/.exec(l);
      if (m) foundLine = Number(m[1]);
      continue;
    }
    const have = normalizeKey(l);
    if (wanted.host.startsWith('|1|') && have.host.startsWith('|1|')) wanted.host = have.host;
    if (sameKey(wanted, have)) return { found: true, replaceOrAdd: false, foundLine };
    if (wanted.type === have.type) return { found: true, replaceOrAdd: true, foundLine };
  }
  return { found: true, replaceOrAdd: true, foundLine: undefined };
}

/** Python's str.splitlines(keepends=True) for the '\n' line ends known_hosts files use. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The file after the change: the found line dropped when replaced or removed, the key appended when present. */
function newContent(before: string, s: Search, state: string, key: string | null): string {
  const lines = linesOf(before);
  if ((s.replaceOrAdd || state === 'absent') && s.foundLine !== undefined && s.foundLine >= 1 && s.foundLine <= lines.length) lines.splice(s.foundLine - 1, 1);
  if (state === 'present' && key && (s.replaceOrAdd || s.foundLine === undefined)) lines.push(key);
  return lines.join('');
}

async function enforceState(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const host = String(args['name']).toLowerCase();
  const givenKey = (args['key'] as string | null) || null;
  const state = String(args['state']);
  const conn = await ctx.connection();
  const path = await expandRemotePath(conn, String(args['path']));
  const p = shellQuote(path);

  const bin = await run(ctx, 'command -v ssh-keygen');
  const sshKeygen = bin.out.trim();
  if (bin.rc !== 0 || !sshKeygen) throw new KnownHostsFailure('Failed to find required executable "ssh-keygen" in paths: /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  if (!givenKey && state !== 'absent') throw new KnownHostsFailure('No key specified when adding a host');

  let key = givenKey && args['hash_host'] === true ? hashHostKey(host, givenKey) : givenKey;
  if (key && !key.endsWith('\n')) key += '\n';
  if (key && /\S+(\s+)?,(\s+)?/.test(host)) {
    throw new KnownHostsFailure('Comma separated list of names is not supported. Please pass a single name to lookup in the known_hosts file.');
  }

  const sanity = key
    ? `t=$(mktemp) && printf '%s' ${shellQuote(key)} >"$t" && ${shellJoin(['ssh-keygen', '-F', host, '-f'])} "$t"; r=$?; rm -f "$t"; exit $r`
    : 'true';
  const probed = await probe(ctx, {
    sanity,
    exists: `[ -e ${p} ]`,
    search: `[ -e ${p} ] || exit 0; ${shellJoin(['ssh-keygen', '-F', host, '-f', path])}`,
    content: `[ -f ${p} ] && cat -- ${p}`,
  });
  if (key && probed.sanity.out === '') throw new KnownHostsFailure('Host parameter does not match hashed host field in supplied key');

  const exists = probed.exists.rc === 0;
  const search: Search = exists ? searchOutput(probed.search.rc, probed.search.out, probed.search.err, key) : { found: false, replaceOrAdd: false, foundLine: undefined };
  const before = exists ? probed.content.out : '';
  const after = newContent(before, search, state, key);
  const diff = { before_header: exists ? path : '/dev/null', after_header: path, before, after };
  // Ansible returns the module's params: an alias given (`host:`) shows beside `name`.
  const params: ModuleResult = { ...args, name: args['name'], key: givenKey, path, hash_host: args['hash_host'], state, diff, changed: false };

  if (state === 'absent' && search.foundLine === undefined && key) return params;
  if (ctx.checkMode) return { changed: search.replaceOrAdd || (state === 'present') !== search.found, diff };

  if (search.found && !key && state === 'absent') {
    const cmd = shellJoin([sshKeygen, '-R', host, '-f', path]);
    const r = await run(ctx, cmd);
    if (r.rc !== 0) throw new KnownHostsFailure(r.err.trimEnd(), { cmd, rc: r.rc, stdout: r.out, stderr: r.err });
    params.changed = true;
  }
  if (search.replaceOrAdd || search.found !== (state === 'present')) {
    // After `ssh-keygen -R` nothing is left to drop or add: Ansible rewrites the same text.
    if (!(search.found && !key && state === 'absent')) {
      try {
        await writeText(ctx, path, after);
      } catch (e) {
        throw new KnownHostsFailure(`Failed to write to file ${path}: ${(e as Error).message}`);
      }
    }
    params.changed = true;
  }
  return params;
}

export const known_hosts: ModuleDefinition = {
  name: 'known_hosts',
  spec: knownHostsSpec,
  async run(args, ctx): Promise<ModuleResult> {
    try {
      const result = await enforceState(args, ctx);
      if (typeof result['path'] !== 'string') return result;
      // exit_json's add_path_info: a result naming an existing `path` carries its stat.
      const info = parsePathInfo((await run(ctx, pathInfoScript(result['path']))).out);
      return { ...result, ...info };
    } catch (e) {
      if (e instanceof KnownHostsFailure) return { ...e.extra, failed: true, changed: false, msg: e.message };
      throw e;
    }
  },
};
