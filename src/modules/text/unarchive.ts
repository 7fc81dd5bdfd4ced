// Follows ansible.builtin.unarchive (ansible-core 2.14 plugins/action/unarchive.py + modules/unarchive.py):
// a controller src is copied to ~/.ansible/tmp on the host first; handlers are in archive-handlers.ts.
import { readFile } from 'node:fs/promises';
import { shellQuote } from '../../connection/quote.js';
import { applyAttributes, AttributeError } from '../files/support/attributes.js';
import { statRemote } from '../files/support/remote-stat.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { type ArchiveOptions, filesInArchive, isUnarchived, pickHandler, unpack } from './archive-handlers.js';
import { shellPath } from './find-listing.js';
import { pathInfo } from './path-info.js';
import { fileCommonOptions } from './uri.js';

const spec: ModuleSpec = {
  supportsCheckMode: true,
  mutuallyExclusive: [['include', 'exclude']],
  options: {
    ...fileCommonOptions,
    src: { type: 'path', required: true },
    dest: { type: 'path', required: true },
    remote_src: { type: 'bool', default: false },
    creates: { type: 'path' },
    list_files: { type: 'bool', default: false },
    keep_newer: { type: 'bool', default: false },
    exclude: { type: 'list', elements: 'str', default: [] },
    include: { type: 'list', elements: 'str', default: [] },
    extra_opts: { type: 'list', elements: 'str', default: [] },
    validate_certs: { type: 'bool', default: true },
    io_buffer_size: { type: 'int', default: 65536 },
    copy: { type: 'bool', default: true },
    decrypt: { type: 'bool', default: true },
  },
};

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const dest = args['dest'] as string;
  let src = args['src'] as string;
  const remoteSrc = args['remote_src'] === true;
  const conn = await ctx.connection();
  const creates = args['creates'] as string | null;
  if (creates && (await conn.exec(`test -e ${shellPath(creates)}`)).code === 0) return { skipped: true, msg: `skipped, since ${creates} exists`, changed: false };
  let local: string | undefined;
  if (!remoteSrc) {
    local = ctx.findFile?.('files', src);
    if (local === undefined) return { failed: true, msg: `Could not find or access '${src}'\nSearched in:\n\t${src}\non the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option` };
  }
  const destStat = await statRemote(conn, dest, { follow: true });
  if (!destStat || (destStat.rawMode & 0o170000) !== 0o040000) return { failed: true, msg: `dest '${dest}' must be an existing dir` };
  let tmpDir: string | undefined;
  try {
    if (local !== undefined) {
      tmpDir = (await conn.exec('umask 77 && mkdir -p "$HOME/.ansible/tmp" && mktemp -d "$HOME/.ansible/tmp/ansible-tmp-$(date +%s)-XXXXXXXX"')).stdout.trim();
      src = `${tmpDir}/source`;
      await conn.putFile(src, await readFile(local), 0o600);
    } else if (src.includes('://')) {
      return { failed: true, msg: 'kplay: unarchive of a URL src is not supported yet; use get_url first' };
    }
    const srcCheck = await conn.exec(`s=${shellQuote(src)}; if [ ! -e "$s" ]; then echo MISSING; elif [ ! -r "$s" ]; then echo UNREADABLE; elif [ ! -s "$s" ]; then echo EMPTY; fi`);
    const problem = srcCheck.stdout.trim();
    if (problem === 'MISSING') return { failed: true, msg: remoteSrc ? `Source '${src}' does not exist` : `Source '${src}' failed to transfer` };
    if (problem === 'UNREADABLE') return { failed: true, msg: `Source '${src}' not readable` };
    if (problem === 'EMPTY') return { failed: true, msg: `Invalid archive '${src}', the file is 0 bytes` };
    const handler = await pickHandler(conn, src);
    if (!handler) return { failed: true, msg: `Failed to find handler for "${src}". Make sure the required command to extract the file is installed.` };
    if (handler !== 'ZipArchive' && ctx.checkMode) return { skipped: true, msg: 'remote module (unarchive) does not support check mode when using gtar' };
    const owner = args['owner'] as string | null;
    const group = args['group'] as string | null;
    const uid = (await conn.exec('id -u')).stdout.trim();
    const opts: ArchiveOptions = {
      src,
      dest,
      extraOpts: args['extra_opts'] as string[],
      excludes: (args['exclude'] as string[]).map((e) => e.replace(/\/+$/, '')),
      includes: args['include'] as string[],
      owner,
      group,
      modeGiven: args['mode'] !== null,
      keepNewer: args['keep_newer'] === true,
      runAsRoot: uid === '0',
    };
    const files = await filesInArchive(conn, handler, opts);
    const result: ModuleResult = { handler, dest, src, changed: false };
    const unarchived = await isUnarchived(conn, handler, opts, files);
    if (ctx.checkMode) result.changed = !unarchived;
    else if (!unarchived) {
      const extracted = await unpack(conn, handler, opts);
      result['extract_results'] = extracted;
      if (extracted.rc !== 0) return { ...result, failed: true, msg: `failed to unpack ${src} to ${dest}` };
      result.changed = true;
    }
    if (!ctx.checkMode && (args['mode'] !== null || owner !== null || group !== null)) {
      const tops = [...new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]!))];
      for (const f of [...files, ...tops]) {
        const st = await statRemote(conn, `${dest.replace(/\/+$/, '')}/${f}`);
        if (!st) continue;
        try {
          const o = await applyAttributes(conn, st, { mode: args['mode'], owner, group }, { checkMode: false });
          if (o.changed) result.changed = true;
        } catch (e) {
          if (e instanceof AttributeError) return { ...result, failed: true, msg: e.message };
          throw e;
        }
      }
    }
    if (args['list_files'] === true) result['files'] = files;
    return { ...result, ...(await pathInfo(conn, dest)) };
  } finally {
    if (tmpDir) await conn.exec(`rm -rf ${shellQuote(tmpDir)}`);
  }
}

export const unarchive: ModuleDefinition = { name: 'unarchive', spec, run };
