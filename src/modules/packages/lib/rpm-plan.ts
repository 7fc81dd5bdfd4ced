// dnf/yum without Python on the host: which names need a transaction (from `rpm -q` on the host)
// and the dnf/yum command line for it. Pure, so tested without an RPM host.
import { shellJoin } from '../../../connection/quote.js';

export type RpmState = 'present' | 'latest' | 'absent';

export interface RpmArgs {
  readonly names: readonly string[];
  readonly state: RpmState;
  readonly enablerepo: readonly string[];
  readonly disablerepo: readonly string[];
  readonly exclude: readonly string[];
  readonly confFile: string | null;
  readonly disableGpgCheck: boolean;
  readonly installroot: string;
  readonly releasever: string | null;
  readonly skipBroken: boolean;
  readonly updateCache: boolean;
  readonly updateOnly: boolean;
  readonly security: boolean;
  readonly bugfix: boolean;
  readonly enablePlugin: readonly string[];
  readonly disablePlugin: readonly string[];
  readonly disableExcludes: string | null;
  readonly sslverify: boolean;
  readonly allowDowngrade: boolean;
  readonly installWeakDeps: boolean;
  readonly allowerasing: boolean;
  readonly nobest: boolean;
  readonly cacheonly: boolean;
  readonly downloadOnly: boolean;
  readonly downloadDir: string | null;
  readonly autoremove: boolean;
}

/** Names that are not plain package specs: groups, modules, local or remote .rpm files. */
const isGroup = (n: string): boolean => n.startsWith('@');
const isFile = (n: string): boolean => n.endsWith('.rpm') || /^[a-z]+:\/\//.test(n);

/** The options every dnf/yum call of the task gets. */
export function commonOptions(a: RpmArgs, tool: 'dnf' | 'yum'): string[] {
  const o = ['-y'];
  if (a.confFile) o.push('-c', a.confFile);
  if (a.installroot !== '/') o.push(`--installroot=${a.installroot}`);
  if (a.releasever) o.push(`--releasever=${a.releasever}`);
  if (a.disablerepo.length) o.push(`--disablerepo=${a.disablerepo.join(',')}`);
  if (a.enablerepo.length) o.push(`--enablerepo=${a.enablerepo.join(',')}`);
  if (a.exclude.length) o.push(`--exclude=${a.exclude.join(',')}`);
  if (a.disableGpgCheck) o.push('--nogpgcheck');
  if (!a.sslverify) o.push('--setopt=sslverify=0');
  if (a.skipBroken) o.push('--skip-broken');
  if (a.updateCache) o.push('--refresh');
  if (a.cacheonly) o.push('--cacheonly');
  if (a.disableExcludes) o.push(`--disableexcludes=${a.disableExcludes}`);
  for (const p of a.enablePlugin) o.push(`--enableplugin=${p}`);
  for (const p of a.disablePlugin) o.push(`--disableplugin=${p}`);
  if (tool === 'dnf') {
    if (!a.installWeakDeps) o.push('--setopt=install_weak_deps=False');
    if (a.allowerasing) o.push('--allowerasing');
    if (a.nobest) o.push('--nobest');
  }
  if (a.downloadOnly) o.push('--downloadonly');
  if (a.downloadDir) o.push(`--downloaddir=${a.downloadDir}`);
  if (a.security) o.push('--security');
  if (a.bugfix) o.push('--bugfix');
  return o;
}

export interface RpmPlan {
  /** argv lists to run in order; empty when nothing needs doing. */
  readonly commands: readonly (readonly string[])[];
  /** What Ansible lists in `results` (one line a package). */
  readonly results: readonly string[];
}

/**
 * `installed` holds the names (or provides) that `rpm -q --whatprovides` found. Files and groups
 * always go to the tool, which decides itself whether anything changes.
 */
export function planRpm(a: RpmArgs, installed: ReadonlySet<string>, tool: 'dnf' | 'yum'): RpmPlan {
  const opts = commonOptions(a, tool);
  const commands: string[][] = [];
  const results: string[] = [];
  if (!a.names.length && a.updateCache && !a.autoremove) return { commands: [[tool, ...opts.filter((o) => o !== '--refresh'), 'makecache']], results };
  const groups = a.names.filter(isGroup);
  const plain = a.names.filter((n) => !isGroup(n));
  if (a.state === 'absent') {
    const remove = plain.filter((n) => installed.has(n));
    if (remove.length) commands.push([tool, ...opts, 'remove', ...remove]);
    if (groups.length) commands.push([tool, ...opts, 'group', 'remove', ...groups.map((g) => g.slice(1))]);
    if (a.autoremove && !a.names.length) commands.push([tool, ...opts, 'autoremove']);
    results.push(...remove.map((n) => `Removed: ${n}`));
    return { commands, results };
  }
  if (a.state === 'latest') {
    if (a.names.includes('*')) {
      commands.push([tool, ...opts, 'upgrade']);
      return { commands, results };
    }
    const upgrade = plain.filter((n) => installed.has(n));
    const install = a.updateOnly ? [] : plain.filter((n) => !installed.has(n));
    if (upgrade.length) commands.push([tool, ...opts, 'upgrade', ...upgrade]);
    if (install.length) commands.push([tool, ...opts, 'install', ...install]);
    if (groups.length) commands.push([tool, ...opts, 'group', tool === 'dnf' ? 'upgrade' : 'update', ...groups.map((g) => g.slice(1))]);
    results.push(...install.map((n) => `Installed: ${n}`));
    return { commands, results };
  }
  const install = plain.filter((n) => isFile(n) || !installed.has(n));
  if (install.length) commands.push([tool, ...opts, ...(a.allowDowngrade ? ['--setopt=allow_downgrade=True'] : []), 'install', ...install]);
  if (groups.length) commands.push([tool, ...opts, 'group', 'install', ...groups.map((g) => g.slice(1))]);
  results.push(...install.map((n) => `Installed: ${n}`));
  return { commands, results };
}

/** The probe: which of `names` rpm knows as installed (by name or by what they provide). */
export function installedProbe(names: readonly string[]): string {
  const plain = names.filter((n) => !isGroup(n) && !isFile(n) && n !== '*');
  return plain.map((n) => `rpm -q --whatprovides ${shellJoin([n])} >/dev/null 2>&1 && printf '%s\\n' ${shellJoin([n])}`).join('; ') || 'true';
}
