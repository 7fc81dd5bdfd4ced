// Follows ansible.builtin.deb822_repository (ansible-core ≥ 2.15; 2.14, the reference here, has
// none): /etc/apt/sources.list.d/SLUG.sources, signed_by as a host path, inline key or URL
// (downloaded on the host into /etc/apt/keyrings/SLUG.asc|gpg).
import { shellQuote } from '../../connection/quote.js';
import type { ModuleDefinition, ModuleResult } from '../types.js';
import { deb822Slug, renderDeb822 } from './lib/deb822.js';
import { parseMode, replaceFile } from './lib/host-files.js';
import { runSteps } from './lib/remote.js';

const KEYRINGS = '/etc/apt/keyrings';
const b = { type: 'bool' } as const;
const l = { type: 'list', elements: 'str' } as const;

export const deb822_repository: ModuleDefinition = {
  name: 'deb822_repository',
  spec: {
    supportsCheckMode: true,
    options: {
      allow_downgrade_to_insecure: b, allow_insecure: b, allow_weak: b, architectures: l, by_hash: b, check_date: b, check_valid_until: b,
      components: l, date_max_future: { type: 'int' }, enabled: b, inrelease_path: {}, install_python_debian: { type: 'bool', default: true },
      languages: l, name: { required: true }, pdiffs: b, signed_by: {}, suites: l, targets: l, trusted: b,
      types: { type: 'list', elements: 'str', default: ['deb'] }, uris: l,
      mode: { type: 'raw', default: '0644' }, state: { choices: ['present', 'absent'], default: 'present' },
    },
  },
  async run(args, ctx): Promise<ModuleResult> {
    const { mode: rawMode, state, ...params } = args;
    const types = params['types'] as string[];
    const badType = types.find((t) => t !== 'deb' && t !== 'deb-src');
    if (badType !== undefined) return { failed: true, msg: `value of types must be one or more of: deb, deb-src. Got no match for: ${badType}` };
    const slug = deb822Slug(String(params['name']));
    const dest = `/etc/apt/sources.list.d/${slug}.sources`;
    const keyFile = (ext: string): string => `${KEYRINGS}/${slug}.${ext}`;
    if (state === 'absent') {
      const paths = [dest, keyFile('asc'), keyFile('gpg')];
      const r = await runSteps(ctx, '', { rm: paths.map((p) => `if [ -e ${shellQuote(p)} ]; then echo x; ${ctx.checkMode ? ':' : `rm -f ${shellQuote(p)}`}; fi`).join('; ') });
      return { repo: null, changed: (r.rm?.out ?? '').includes('x'), dest, key_filename: keyFile('gpg') };
    }
    const mode = parseMode(rawMode);
    if (typeof mode === 'object') return { failed: true, msg: mode.error };
    let changed = false;
    let keyFilename: string | null = null;
    const signedBy = typeof params['signed_by'] === 'string' ? params['signed_by'] : null;
    if (signedBy !== null) {
      const isUrl = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(signedBy) && !signedBy.includes('\n');
      const q = shellQuote(signedBy);
      const steps = await runSteps(ctx, '', {
        isFile: `test -f ${q}`,
        ...(isUrl ? { fetch: `if command -v curl >/dev/null; then curl -fsSL ${q}; else wget -q -O - ${q}; fi | base64 -w0` } : {}),
      });
      if (steps.isFile?.rc === 0) keyFilename = signedBy;
      else if (isUrl) {
        if (steps.fetch?.rc !== 0) return { failed: true, msg: `Could not fetch signed_by key: ${steps.fetch?.err.trim()}` };
        const data = Buffer.from(steps.fetch.out.trim(), 'base64');
        if (data.length) {
          keyFilename = keyFile(data.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----') ? 'asc' : 'gpg');
          const cur = await runSteps(ctx, '', { cur: `base64 -w0 < ${shellQuote(keyFilename)}` });
          if (cur.cur?.rc !== 0 || Buffer.from(cur.cur.out.trim(), 'base64').compare(data) !== 0) {
            changed = true;
            if (!ctx.checkMode) {
              const conn = await ctx.connection();
              await conn.exec(`mkdir -p -m 0755 ${KEYRINGS}`);
              await conn.putFile(keyFilename, data, 0o644);
            }
          }
        } else keyFilename = signedBy;
      }
      params['signed_by'] = keyFilename ?? signedBy;
    }
    // 2.15's module leaves install_python_debian among the fields it writes; so does kplay.
    const repo = renderDeb822(params);
    const cur = await runSteps(ctx, '', { cur: `base64 -w0 < ${shellQuote(dest)}`, mode: `stat -c %a ${shellQuote(dest)}` });
    const same = cur.cur?.rc === 0 && Buffer.from(cur.cur.out.trim(), 'base64').toString('utf8') === repo;
    if (!same) {
      changed = true;
      if (!ctx.checkMode) {
        const w = await replaceFile(ctx, dest, repo, mode);
        if (!w.ok) return { failed: true, msg: w.err.trim() };
      }
    } else if (mode !== undefined && parseInt(cur.mode?.out.trim() ?? '', 8) !== mode) {
      changed = true;
      if (!ctx.checkMode) await (await ctx.connection()).exec(`chmod ${mode.toString(8)} ${shellQuote(dest)}`);
    }
    return { repo, changed, dest, key_filename: keyFilename };
  },
};
