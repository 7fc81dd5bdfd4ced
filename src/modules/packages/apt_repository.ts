// Follows ansible.builtin.apt_repository (ansible-core 2.14): one-line sources in sources.list and
// sources.list.d/*.list, edited and named exactly as its SourcesList does; apt-get update after a change.
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../types.js';
import { parseMode, removeFile, replaceFile } from './lib/host-files.js';
import { APT_ENV, BEST_LOCALE, runSteps } from './lib/remote.js';
import { InvalidSource, SourcesList } from './lib/sources-list.js';

const READ = `eval "$(apt-config shell SL Dir::Etc::sourcelist/f SP Dir::Etc::sourceparts/d)"; printf '%s\\n%s\\n' "$SL" "$SP"; for f in "$SL" "$SP"/*.list; do [ -f "$f" ] || continue; printf '%s\\n' "$f"; base64 -w0 < "$f"; echo; done`;

async function loadSources(ctx: ModuleContext): Promise<SourcesList> {
  const r = (await runSteps(ctx, '', { read: READ })).read!;
  const lines = r.out.split('\n');
  const list = new SourcesList(lines[0] || '/etc/apt/sources.list', lines[1] || '/etc/apt/sources.list.d/');
  for (let i = 2; i + 1 < lines.length; i += 2) list.load(lines[i]!, Buffer.from(lines[i + 1]!, 'base64').toString('utf8'));
  return list;
}

/* The same schedule as the apt module: 2**n + a random fraction, capped. */
function updateScript(retries: number, maxDelay: number): string {
  const rand = Math.floor(Math.random() * 1000) / 1000;
  const tries = Array.from({ length: retries }, (_, n) => `apt-get update -q >/dev/null 2>"$_t.u" && exit 0; sleep ${Math.min(2 ** n + rand, maxDelay + rand).toFixed(3)}`);
  return `${tries.join('; ')}; cat "$_t.u" >&2; exit 1`;
}

export const apt_repository: ModuleDefinition = {
  name: 'apt_repository',
  spec: {
    supportsCheckMode: true,
    options: {
      repo: { required: true },
      state: { default: 'present', choices: ['absent', 'present'] },
      mode: { type: 'raw' },
      update_cache: { type: 'bool', default: true, aliases: ['update-cache'] },
      update_cache_retries: { type: 'int', default: 5 },
      update_cache_retry_max_delay: { type: 'int', default: 12 },
      filename: {},
      install_python_apt: { type: 'bool', default: true },
      validate_certs: { type: 'bool', default: true },
      codename: {},
    },
  },
  async run(args, ctx): Promise<ModuleResult> {
    const repo = String(args['repo'] ?? '');
    const state = String(args['state']);
    if (!repo) return { failed: true, msg: "Please set argument 'repo' to a non-empty value" };
    if (repo.startsWith('ppa:')) return { failed: true, msg: 'kplay: ppa: repositories (Launchpad) are not supported' };
    const mode = parseMode(args['mode']);
    if (typeof mode === 'object') return { failed: true, msg: mode.error };
    const list = await loadSources(ctx);
    const before = list.dump();
    try {
      if (state === 'present') list.addSource(repo, typeof args['filename'] === 'string' ? args['filename'] : null);
      else list.removeSource(repo);
    } catch (e) {
      if (e instanceof InvalidSource) return { failed: true, msg: `Invalid repository string: ${e.message}` };
      if (e instanceof RangeError) return { failed: true, msg: e.message };
      throw e;
    }
    const after = list.dump();
    const files = new Set([...before.keys(), ...after.keys()]);
    const changed = [...files].some((f) => before.get(f) !== after.get(f));
    const diff = changed && ctx.diff ? [...files].map((f) => ({ before: before.get(f) ?? '', after: after.get(f) ?? '', before_header: before.has(f) ? f : '/dev/null', after_header: after.has(f) ? f : '/dev/null' })) : {};
    if (changed && !ctx.checkMode) {
      const restore = async (): Promise<void> => {
        for (const f of files) {
          const text = before.get(f);
          if (text === undefined) await removeFile(ctx, f);
          else await replaceFile(ctx, f, text);
        }
      };
      /* Ansible saves every file it loaded; files whose text is unchanged are rewritten identically, so they are skipped. */
      for (const f of files) {
        const text = after.get(f);
        if (text === undefined) await removeFile(ctx, f);
        else if (text !== before.get(f)) {
          const w = await replaceFile(ctx, f, text, list.newRepos.has(f) ? mode : undefined);
          if (!w.ok) {
            await restore();
            return { failed: true, msg: w.err.trim() };
          }
        }
      }
      if (args['update_cache'] === true) {
        const u = (await runSteps(ctx, `${BEST_LOCALE}; ${APT_ENV}`, { update: updateScript(args['update_cache_retries'] as number, args['update_cache_retry_max_delay'] as number) })).update!;
        if (u.rc !== 0) {
          await restore();
          return { failed: true, msg: `Failed to update apt cache: ${u.err.trim() || 'unknown reason'}` };
        }
      }
    }
    return { changed, repo, state, diff };
  },
};
