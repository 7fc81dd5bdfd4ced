// Follows ansible.builtin.fetch (ansible-core 2.14: plugins/action/fetch.py): the file lands on the controller.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { expandRemotePath } from './support/remote-path.js';
import { isDir, statRemote } from './support/remote-stat.js';

export const fetchSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    src: {},
    dest: {},
    flat: { type: 'bool', default: false },
    fail_on_missing: { type: 'bool', default: true },
    validate_checksum: { type: 'bool', default: true },
  },
};

const sha1 = (b: Buffer): string => createHash('sha1').update(b).digest('hex');
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

function localFile(path: string): Buffer | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

async function runFetch(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const rawSrc = args['src'] as string | null;
  const rawDest = args['dest'] as string | null;
  if (rawSrc === null || rawDest === null) return { failed: true, msg: 'src and dest are required' };
  const failOnMissing = args['fail_on_missing'] === true;
  const conn = await ctx.connection();
  const source = await expandRemotePath(conn, rawSrc);
  const st = await statRemote(conn, source, { follow: true, checksum: 'sha1' });
  if (st && isDir(st)) {
    return failOnMissing ? { failed: true, changed: false, msg: 'remote file is a directory, fetch cannot work on directories' } : { msg: 'remote file is a directory, fetch cannot work on directories, not transferring, ignored' };
  }
  if (!st) {
    const msg = 'the remote file does not exist, not transferring, ignored';
    return failOnMissing ? { failed: true, msg } : { file: source, changed: false, msg };
  }
  const base = String(ctx.lookupVar('playbook_dir') ?? process.cwd());
  const dwim = (p: string): string => (isAbsolute(p) ? p : join(base, p));
  let dest: string;
  if (args['flat'] === true) {
    dest = rawDest;
    if (existsSync(dest) && statSync(dest).isDirectory() && !dest.endsWith('/')) return { failed: true, msg: 'dest is an existing directory, use a trailing slash if you want to fetch src into that directory' };
    if (dest.endsWith('/')) dest = join(dest, source.split('/').pop()!);
    dest = dwim(dest);
  } else dest = `${dwim(rawDest)}/${ctx.hostName}/${source}`;
  dest = normalize(dest);
  const local = localFile(dest);
  const localSum = local ? sha1(local) : null;
  if (st.checksum === localSum) return { changed: false, md5sum: local ? md5(local) : null, file: source, dest, checksum: localSum };
  const data = await conn.getFile(source);
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, data);
  const newSum = sha1(data);
  const remote = st.checksum ?? newSum;
  if (args['validate_checksum'] === true && newSum !== remote) {
    return { failed: true, md5sum: md5(data), msg: 'checksum mismatch', file: source, dest, remote_md5sum: null, checksum: newSum, remote_checksum: remote };
  }
  return { changed: true, md5sum: md5(data), dest, remote_md5sum: null, checksum: newSum, remote_checksum: remote };
}

export const fetch: ModuleDefinition = {
  name: 'fetch',
  spec: fetchSpec,
  run: runFetch,
};
