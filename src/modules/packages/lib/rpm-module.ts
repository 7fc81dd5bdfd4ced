// The shared body of kplay's dnf and yum modules: arguments as Ansible names them, rpm probe,
// then the planned commands (none in check mode).
import { shellJoin } from '../../../connection/quote.js';
import type { ModuleContext, ModuleResult, ModuleSpec } from '../../types.js';
import { installedProbe, planRpm, type RpmArgs, type RpmState } from './rpm-plan.js';
import { runSteps } from './remote.js';

const list = { type: 'list', elements: 'str', default: [] } as const;

export function rpmSpec(tool: 'dnf' | 'yum'): ModuleSpec {
  return {
    supportsCheckMode: true,
    mutuallyExclusive: [['name', 'list']],
    /* Ansible's required_one_of name/list/update_cache never fires: name defaults to []. */
    options: {
      name: { type: 'list', elements: 'str', aliases: ['pkg'], default: [] },
      list: {},
      state: { choices: ['absent', 'present', 'installed', 'removed', 'latest'] },
      enablerepo: list,
      disablerepo: list,
      exclude: list,
      conf_file: {},
      disable_gpg_check: { type: 'bool', default: false },
      installroot: { default: '/' },
      releasever: {},
      skip_broken: { type: 'bool', default: false },
      update_cache: { type: 'bool', default: false, aliases: ['expire-cache'] },
      update_only: { type: 'bool', default: false },
      security: { type: 'bool', default: false },
      bugfix: { type: 'bool', default: false },
      enable_plugin: list,
      disable_plugin: list,
      disable_excludes: {},
      validate_certs: { type: 'bool', default: true },
      sslverify: { type: 'bool', default: true },
      allow_downgrade: { type: 'bool', default: false },
      install_repoquery: { type: 'bool', default: true },
      install_weak_deps: { type: 'bool', default: true },
      allowerasing: { type: 'bool', default: false },
      nobest: { type: 'bool', default: false },
      cacheonly: { type: 'bool', default: false },
      autoremove: { type: 'bool', default: false },
      download_only: { type: 'bool', default: false },
      download_dir: {},
      lock_timeout: { type: 'int', default: 30 },
      use_backend: { choices: tool === 'dnf' ? ['auto', 'dnf4', 'dnf5'] : ['auto', 'yum', 'yum4', 'dnf'], default: 'auto' },
    },
  };
}

export function rpmArgs(p: Record<string, unknown>): RpmArgs | { error: string } {
  const strs = (k: string): string[] => ((p[k] as string[] | null) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const names = strs('name');
  const raw = (p['state'] as string | null) ?? (p['autoremove'] === true ? 'absent' : 'present');
  const state: RpmState = raw === 'installed' ? 'present' : raw === 'removed' ? 'absent' : (raw as RpmState);
  if (p['autoremove'] === true && state !== 'absent') return { error: 'Autoremove should be used alone or with state=absent' };
  return {
    names, state,
    enablerepo: strs('enablerepo'), disablerepo: strs('disablerepo'), exclude: strs('exclude'),
    confFile: (p['conf_file'] as string | null) ?? null, disableGpgCheck: p['disable_gpg_check'] === true,
    installroot: String(p['installroot'] ?? '/'), releasever: (p['releasever'] as string | null) ?? null,
    skipBroken: p['skip_broken'] === true, updateCache: p['update_cache'] === true, updateOnly: p['update_only'] === true,
    security: p['security'] === true, bugfix: p['bugfix'] === true, enablePlugin: strs('enable_plugin'), disablePlugin: strs('disable_plugin'),
    disableExcludes: (p['disable_excludes'] as string | null) ?? null, sslverify: p['sslverify'] !== false && p['validate_certs'] !== false,
    allowDowngrade: p['allow_downgrade'] === true, installWeakDeps: p['install_weak_deps'] !== false, allowerasing: p['allowerasing'] === true,
    nobest: p['nobest'] === true, cacheonly: p['cacheonly'] === true, downloadOnly: p['download_only'] === true,
    downloadDir: (p['download_dir'] as string | null) ?? null, autoremove: p['autoremove'] === true,
  };
}

export async function runRpm(tool: 'dnf' | 'yum', p: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const a = rpmArgs(p);
  if ('error' in a) return { failed: true, msg: a.error, results: [] };
  const probe = await runSteps(ctx, 'LANG=C LC_ALL=C; export LANG LC_ALL', { bin: `command -v ${tool}`, rpm: installedProbe(a.names) });
  if (probe.bin?.rc !== 0) return { failed: true, msg: `${tool} is not installed on the host`, results: [] };
  const plan = planRpm(a, new Set((probe.rpm?.out ?? '').split('\n').filter(Boolean)), tool);
  if (!plan.commands.length) return { changed: false, msg: 'Nothing to do', rc: 0, results: [] };
  if (ctx.checkMode) return { changed: true, msg: 'Check mode: No changes made, but would have if not in check mode', rc: 0, results: plan.results };
  let stdout = '';
  for (const argv of plan.commands) {
    const r = (await runSteps(ctx, 'LANG=C LC_ALL=C; export LANG LC_ALL', { c: shellJoin(argv) })).c!;
    stdout += r.out;
    if (r.rc !== 0) return { failed: true, msg: r.err.trim() || r.out.trim(), rc: r.rc, results: [], failures: [] };
  }
  const changed = !/^Nothing to do\.?$/m.test(stdout) || plan.results.length > 0;
  return { changed, msg: '', rc: 0, results: plan.results };
}
