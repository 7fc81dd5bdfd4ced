// Follows ansible.builtin.get_url (ansible-core 2.14 modules/get_url.py). The download happens ON
// THE HOST, as in Ansible, with the host's curl (http-client.ts) into a temporary file there; the
// file then replaces dest atomically only when its sha1 differs.
import { shellQuote } from '../../connection/quote.js';
import type { Connection } from '../../connection/types.js';
import { applyAttributes, AttributeError, pathInfo } from '../files/support/attributes.js';
import { writeAtomic } from '../files/support/atomic-write.js';
import { isDir, statRemote } from '../files/support/remote-stat.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { httpRequest } from './http-client.js';
import { fileCommonOptions, urlOptions } from './uri.js';

const spec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    ...urlOptions,
    ...fileCommonOptions,
    url: { type: 'str', required: true },
    dest: { type: 'path', required: true },
    backup: { type: 'bool', default: false },
    checksum: { type: 'str', default: '' },
    timeout: { type: 'int', default: 10 },
    headers: { type: 'dict' },
    tmp_dest: { type: 'path' },
  },
};

const ALGORITHMS = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

async function digest(conn: Connection, algorithm: string, path: string): Promise<string | undefined> {
  const r = await conn.exec(`${algorithm}sum < ${shellQuote(path)} 2>/dev/null | cut -d' ' -f1`);
  return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/* get_url's url_filename: the last path segment, or index.html. */
function urlFilename(url: string): string {
  const path = new URL(url).pathname;
  const name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  return name || 'index.html';
}

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const url = args['url'] as string;
  let dest = args['dest'] as string;
  let force = args['force'] === true;
  const result: ModuleResult = { changed: false, checksum_dest: null, checksum_src: null, dest, elapsed: 0, url };
  let algorithm = '';
  let checksum = args['checksum'] as string;
  if (checksum) {
    const at = checksum.indexOf(':');
    if (at < 0) return { ...result, failed: true, msg: 'The checksum parameter has to be in format <algorithm>:<checksum>' };
    algorithm = checksum.slice(0, at);
    checksum = checksum.slice(at + 1).replace(/\W+/g, '').toLowerCase();
    if (!/^[0-9a-f]+$/.test(checksum)) return { ...result, failed: true, msg: 'The checksum format is invalid' };
    if (!ALGORITHMS.has(algorithm)) return { ...result, failed: true, msg: `Could not hash file '${dest}' with algorithm '${algorithm}'. Available algorithms: ${[...ALGORITHMS].join(', ')}` };
  }
  const conn = await ctx.connection();
  const destStat = await statRemote(conn, dest, { follow: true });
  const destIsDir = destStat !== undefined && isDir(destStat);
  let lastModified: number | undefined;
  if (!destIsDir && destStat) {
    const mismatch = !force && checksum !== '' && (await digest(conn, algorithm, dest)) !== checksum;
    if (!force && checksum && !mismatch) {
      const attrs = await applyFileArgs(conn, dest, args, ctx.checkMode);
      if ('failed' in attrs) return { ...result, ...attrs };
      return { ...result, changed: attrs.changed, msg: attrs.changed ? 'file already exists but file attributes changed' : 'file already exists', ...attrs.info };
    }
    lastModified = destStat.mtime;
    if (mismatch) force = true;
  }

  const tmp = (await conn.exec(`mktemp ${args['tmp_dest'] ? `-p ${shellQuote(args['tmp_dest'] as string)}` : ''}`)).stdout.trim();
  try {
    const start = Date.now();
    const headers = Object.fromEntries(Object.entries((args['headers'] as Record<string, unknown> | null) ?? {}).map(([k, v]) => [k, String(v)]));
    if (force) headers['cache-control'] = 'no-cache';
    const resp = await httpRequest(conn, {
      url,
      method: ctx.checkMode ? 'HEAD' : 'GET',
      headers,
      timeoutSeconds: args['timeout'] as number,
      ...(args['url_username'] !== null ? { username: args['url_username'] as string, password: (args['url_password'] as string | null) ?? '' } : {}),
      forceBasicAuth: args['force_basic_auth'] === true,
      followRedirects: 'safe',
      validateCerts: args['validate_certs'] === true,
      userAgent: args['http_agent'] as string,
      decompress: args['decompress'] === true,
      ...(!force && lastModified !== undefined ? { ifModifiedSince: Math.floor(lastModified) } : {}),
      outputFile: tmp,
    });
    const elapsed = Math.floor((Date.now() - start) / 1000);
    const msg = resp.error ?? (resp.status < 200 || resp.status >= 300 ? `HTTP Error ${resp.status}: ${resp.reason}` : `OK (${resp.headers['content-length'] ?? 'unknown'} bytes)`);
    if (resp.status === 304) return { url, dest, changed: false, msg, status_code: 304, elapsed, ...pathInfo(destStat) };
    if (resp.status === -1) return { failed: true, msg, url, dest, elapsed };
    if (resp.status !== 200) return { failed: true, msg: 'Request failed', status_code: resp.status, response: msg, url, dest, elapsed };
    result['elapsed'] = elapsed;
    result['src'] = tmp;
    if (destIsDir) {
      const cd = /^attachment; ?filename="?([^"]+)/.exec(resp.headers['content-disposition'] ?? '');
      dest = `${dest.replace(/\/+$/, '')}/${cd?.[1] ?? urlFilename(resp.url)}`;
      result['dest'] = dest;
    }
    result['checksum_src'] = await digest(conn, 'sha1', tmp);
    const current = destIsDir ? await statRemote(conn, dest, { follow: true }) : destStat;
    if (current) result['checksum_dest'] = (await digest(conn, 'sha1', dest)) ?? null;
    else if ((await conn.exec(`test -d "$(dirname -- ${shellQuote(dest)})"`)).code !== 0) {
      return { ...result, failed: true, msg: `Destination ${dest.slice(0, dest.lastIndexOf('/')) || '/'} does not exist` };
    }
    if (ctx.checkMode) return { ...result, changed: result['checksum_src'] !== result['checksum_dest'], msg };
    let backupFile: string | undefined;
    if (result['checksum_src'] !== result['checksum_dest']) {
      const w = await writeAtomic(conn, dest, undefined, { remoteSource: tmp, backup: args['backup'] === true });
      backupFile = w.backupFile;
      result['changed'] = true;
    }
    if (checksum !== '') {
      const got = await digest(conn, algorithm, dest);
      if (got !== checksum) {
        await conn.exec(`rm -f -- ${shellQuote(dest)}`);
        return { ...result, failed: true, msg: `The checksum for ${dest} did not match ${checksum}; it was ${got}.` };
      }
    }
    const attrs = await applyFileArgs(conn, dest, args, false);
    if ('failed' in attrs) return { ...result, ...attrs };
    return {
      ...result,
      changed: result['changed'] === true || attrs.changed,
      md5sum: (await digest(conn, 'md5', dest)) ?? null,
      ...(backupFile ? { backup_file: backupFile } : {}),
      msg,
      status_code: resp.status,
      ...attrs.info,
    };
  } finally {
    await conn.exec(`rm -f -- ${shellQuote(tmp)}`);
  }
}

async function applyFileArgs(conn: Connection, path: string, args: Record<string, unknown>, checkMode: boolean): Promise<{ changed: boolean; info: Record<string, unknown> } | { failed: true; msg: string }> {
  const st = await statRemote(conn, path, { follow: true });
  if (!st) return { changed: false, info: {} };
  try {
    const o = await applyAttributes(conn, st, { mode: args['mode'], owner: args['owner'] as string | null, group: args['group'] as string | null }, { checkMode, follow: true });
    return { changed: o.changed, info: pathInfo(o.stat) };
  } catch (e) {
    if (e instanceof AttributeError) return { failed: true, msg: e.message };
    throw e;
  }
}

export const get_url: ModuleDefinition = { name: 'get_url', spec, run };
