// Follows ansible.builtin.apt (ansible-core 2.14, modules/apt.py): the same decisions from dpkg-query
// and apt-cache policy instead of python-apt, the same apt-get command lines, results and messages.
import { shellJoin } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { expandGlobs, hasGlob, packageSplit, packageStatus, type AptView } from './lib/apt-cache.js';
import { APT_GET_ZERO, APTITUDE_ZERO, asShell, cleanupCommand, DPKG_OPTIONS, expandDpkgOptions, parseDiff, removeCommand, upgradeCommand, type InstallFlags } from './lib/apt-commands.js';
import { installDebs } from './lib/apt-deb.js';
import { install } from './lib/apt-install.js';
import { readAptHost, readAptView, runAptCommand, type AptHost } from './lib/apt-host.js';

export const aptSpec: ModuleSpec = {
  supportsCheckMode: true,
  mutuallyExclusive: [['deb', 'package', 'upgrade']],
  options: {
    state: { default: 'present', choices: ['absent', 'build-dep', 'fixed', 'latest', 'present'] },
    update_cache: { type: 'bool', aliases: ['update-cache'] },
    update_cache_retries: { type: 'int', default: 5 },
    update_cache_retry_max_delay: { type: 'int', default: 12 },
    cache_valid_time: { type: 'int', default: 0 },
    purge: { type: 'bool', default: false },
    package: { type: 'list', elements: 'str', aliases: ['pkg', 'name'] },
    deb: { type: 'path' },
    default_release: { aliases: ['default-release'] },
    install_recommends: { type: 'bool', aliases: ['install-recommends'] },
    force: { type: 'bool', default: false },
    upgrade: { choices: ['dist', 'full', 'no', 'safe', 'yes'], default: 'no' },
    dpkg_options: { default: DPKG_OPTIONS },
    autoremove: { type: 'bool', default: false },
    autoclean: { type: 'bool', default: false },
    fail_on_autoremove: { type: 'bool', default: false },
    policy_rc_d: { type: 'int' },
    only_upgrade: { type: 'bool', default: false },
    force_apt_get: { type: 'bool', default: false },
    clean: { type: 'bool', default: false },
    allow_unauthenticated: { type: 'bool', default: false, aliases: ['allow-unauthenticated'] },
    allow_downgrade: { type: 'bool', default: false, aliases: ['allow-downgrade', 'allow_downgrades', 'allow-downgrades'] },
    allow_change_held_packages: { type: 'bool', default: false },
    lock_timeout: { type: 'int', default: 60 },
  },
};

type Args = Record<string, unknown>;
const fail = (msg: string, extra: ModuleResult = {}): ModuleResult => ({ failed: true, msg, ...extra });
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function flagsOf(p: Args, host: AptHost, ctx: ModuleContext, over: Partial<InstallFlags> = {}): InstallFlags {
  return {
    aptGet: host.aptGet,
    dpkgOptions: expandDpkgOptions(String(p['dpkg_options'])),
    onlyUpgrade: p['only_upgrade'] === true,
    fixed: p['state'] === 'fixed',
    force: p['force'] === true,
    autoremove: p['autoremove'] === true,
    failOnAutoremove: p['fail_on_autoremove'] === true,
    check: ctx.checkMode,
    buildDep: p['state'] === 'build-dep',
    defaultRelease: str(p['default_release']),
    installRecommends: typeof p['install_recommends'] === 'boolean' ? p['install_recommends'] : null,
    allowUnauthenticated: p['allow_unauthenticated'] === true,
    allowDowngrade: p['allow_downgrade'] === true,
    allowChangeHeld: p['allow_change_held_packages'] === true,
    ...over,
  };
}

async function remove(ctx: ModuleContext, host: AptHost, view: AptView, specs: readonly string[], p: Args): Promise<ModuleResult> {
  const list = specs.filter((spec) => {
    const { name, cmp, version } = packageSplit(spec);
    const st = packageStatus(view, name, cmp, version);
    return st.versionInstalled || (st.hasFiles && p['purge'] === true);
  });
  if (!list.length) return { changed: false };
  const cmd = removeCommand(host.aptGet, expandDpkgOptions(String(p['dpkg_options'])), p['purge'] === true, p['force'] === true, p['autoremove'] === true, ctx.checkMode, list);
  const r = await runAptCommand(ctx, asShell(cmd), { policyRcD: (p['policy_rc_d'] as number | null) ?? null });
  const diff = ctx.diff ? parseDiff(r.main.out) : {};
  if (r.main.rc !== 0) return fail(`'apt-get remove ${list.map((x) => `'${x}'`).join(' ')}' failed: ${r.main.err}`, { stdout: r.main.out, stderr: r.main.err, rc: r.main.rc });
  return { changed: true, stdout: r.main.out, stderr: r.main.err, diff };
}

async function upgrade(ctx: ModuleContext, host: AptHost, p: Args, mode: string): Promise<ModuleResult> {
  const plan = upgradeCommand(mode, {
    aptGet: host.aptGet,
    aptitude: host.aptitude,
    forceAptGet: p['force_apt_get'] === true,
    dpkgOptions: expandDpkgOptions(String(p['dpkg_options'])),
    force: p['force'] === true,
    autoremove: p['autoremove'] === true,
    failOnAutoremove: p['fail_on_autoremove'] === true,
    allowUnauthenticated: p['allow_unauthenticated'] === true,
    allowDowngrade: p['allow_downgrade'] === true,
    check: ctx.checkMode,
    defaultRelease: str(p['default_release']),
  });
  if ('error' in plan) return fail(plan.error);
  const r = await runAptCommand(ctx, asShell(plan.cmd), { policyRcD: (p['policy_rc_d'] as number | null) ?? null });
  if (r.main.rc !== 0) return fail(`'${plan.program} ${plan.subcommand}' failed: ${r.main.err}`, { stdout: r.main.out, rc: r.main.rc });
  if (r.main.out.includes(plan.aptitude ? APTITUDE_ZERO : APT_GET_ZERO)) return { changed: false, msg: r.main.out, stdout: r.main.out, stderr: r.main.err };
  return { changed: true, msg: r.main.out, stdout: r.main.out, stderr: r.main.err, diff: ctx.diff ? parseDiff(r.main.out) : {} };
}

async function cleanup(ctx: ModuleContext, host: AptHost, p: Args, operation: 'autoremove' | 'autoclean'): Promise<ModuleResult> {
  const cmd = cleanupCommand(host.aptGet, expandDpkgOptions(String(p['dpkg_options'])), p['purge'] === true, p['force'] === true, operation, ctx.checkMode);
  const r = await runAptCommand(ctx, asShell(cmd), { policyRcD: (p['policy_rc_d'] as number | null) ?? null });
  const diff = ctx.diff ? parseDiff(r.main.out) : {};
  if (r.main.rc !== 0) return fail(`'apt-get ${operation}' failed: ${r.main.err}`, { stdout: r.main.out, stderr: r.main.err, rc: r.main.rc });
  const marker = operation === 'autoremove' ? 'The following packages will be REMOVED' : 'Del ';
  return { changed: r.main.out.includes(marker), stdout: r.main.out, stderr: r.main.err, diff };
}

async function runApt(p: Args, ctx: ModuleContext): Promise<ModuleResult> {
  const given = (p['package'] as string[] | null) ?? [];
  const packages = given.filter((x) => x !== '*').map((x) => x.trim());
  const state = String(p['state']);
  const wantUpdate = p['update_cache'] === true || (p['cache_valid_time'] as number) > 0;
  const globbed = packages.some(hasGlob);
  const mode = p['upgrade'] === 'no' ? null : String(p['upgrade']);
  const release = str(p['default_release']);
  let preClean: ModuleResult | undefined;
  if (p['clean'] === true) {
    const r = await runAptCommand(ctx, shellJoin(['apt-get', 'clean']));
    if (r.main.rc !== 0) return fail('apt-get clean failed', { stdout: r.main.out, rc: r.main.rc });
    if (r.main.err) return fail(`apt-get clean failed: ${r.main.err}`, { stdout: r.main.out, rc: r.main.rc });
    preClean = { changed: true, msg: r.main.out, stdout: r.main.out, stderr: r.main.err };
    if (!given.length && !mode && !p['deb']) return preClean;
  }
  const host = await readAptHost(ctx, {
    ...(wantUpdate ? { update: { validSeconds: p['cache_valid_time'] as number, retries: p['update_cache_retries'] as number, maxDelay: p['update_cache_retry_max_delay'] as number, check: ctx.checkMode } } : {}),
    ...(globbed ? {} : { names: packages.map((s) => packageSplit(s).name) }),
    listNames: globbed,
    defaultRelease: release,
  });
  if (host.updateError !== undefined) return fail(`Failed to update apt cache: ${host.updateError || 'unknown reason'}`);
  const cacheKeys = { cache_updated: host.cacheUpdated, cache_update_time: host.cacheTime };
  if (wantUpdate && !given.length && !mode && !p['deb']) return { changed: host.cacheUpdated, ...cacheKeys };
  if (mode) return upgrade(ctx, host, p, mode);
  const deb = str(p['deb']);
  if (deb) {
    if (state !== 'present') return fail('deb only supports state=present');
    return installDebs(ctx, host, deb, p, flagsOf(p, host, ctx, { fixed: false, buildDep: false, onlyUpgrade: false, autoremove: false, defaultRelease: null }));
  }
  if (state === 'latest' && given.includes('*')) {
    if (packages.length) return fail('unable to install additional packages when upgrading all installed packages');
    return upgrade(ctx, host, p, 'yes');
  }
  const bad = packages.find((x) => x.split('=').length > 2);
  if (bad) return fail(`invalid package spec: ${bad}`);
  if (!packages.length) {
    if (p['autoclean'] === true) return cleanup(ctx, host, p, 'autoclean');
    if (p['autoremove'] === true) return cleanup(ctx, host, p, 'autoremove');
  }
  let specs = packages;
  let view = host.view;
  if (globbed) {
    const expanded = expandGlobs(packages, host.knownNames ?? []);
    if (expanded.error) return fail(expanded.error);
    specs = expanded.specs;
    view = await readAptView(ctx, specs.map((s) => packageSplit(s).name), release);
  }
  if (state === 'absent') return remove(ctx, host, view!, specs, p);
  const r = await install(ctx, host, view!, specs, flagsOf(p, host, ctx), state === 'latest', (p['policy_rc_d'] as number | null) ?? null);
  return { ...r, ...cacheKeys };
}

export const apt: ModuleDefinition = { name: 'apt', spec: aptSpec, run: runApt };
