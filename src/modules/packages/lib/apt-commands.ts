// The apt-get command lines Ansible's apt module builds, as the same strings (they appear in its messages).
import { shlexSplit } from '../../util/shlex.js';
import { shellJoin } from '../../../connection/quote.js';

export const DPKG_OPTIONS = 'force-confdef,force-confold';
export const APT_GET_ZERO = '\n0 upgraded, 0 newly installed';
export const APTITUDE_ZERO = '\n0 packages upgraded, 0 newly installed';

/** Ansible's expand_dpkg_options. */
export function expandDpkgOptions(compressed: string): string {
  return compressed
    .split(',')
    .map((o) => `-o "Dpkg::Options::=--${o}"`)
    .join(' ');
}

/** `%s %s` formatting leaves double spaces where an option is empty; keep them, they show in messages. */
const fmt = (parts: readonly string[]): string => parts.join(' ');

export interface InstallFlags {
  readonly aptGet: string;
  readonly dpkgOptions: string;
  readonly onlyUpgrade: boolean;
  readonly fixed: boolean;
  readonly force: boolean;
  readonly autoremove: boolean;
  readonly failOnAutoremove: boolean;
  readonly check: boolean;
  readonly buildDep: boolean;
  readonly defaultRelease: string | null;
  readonly installRecommends: boolean | null;
  readonly allowUnauthenticated: boolean;
  readonly allowDowngrade: boolean;
  readonly allowChangeHeld: boolean;
}

export function installCommand(f: InstallFlags, packages: readonly string[]): string {
  const pkgs = packages.map((p) => `'${p}'`).join(' ');
  const common = [f.aptGet, '-y', f.dpkgOptions, f.onlyUpgrade ? '--only-upgrade' : '', f.fixed ? '--fix-broken' : '', f.force ? '--force-yes' : ''];
  let cmd = f.buildDep
    ? fmt([...common, f.failOnAutoremove ? '--no-remove' : '', f.check ? '--simulate' : '', 'build-dep', pkgs])
    : fmt([...common, f.autoremove ? '--auto-remove' : '', f.failOnAutoremove ? '--no-remove' : '', f.check ? '--simulate' : '', 'install', pkgs]);
  if (f.defaultRelease) cmd += ` -t '${f.defaultRelease}'`;
  if (f.installRecommends === false) cmd += ' -o APT::Install-Recommends=no';
  else if (f.installRecommends === true) cmd += ' -o APT::Install-Recommends=yes';
  if (f.allowUnauthenticated) cmd += ' --allow-unauthenticated';
  if (f.allowDowngrade) cmd += ' --allow-downgrades';
  if (f.allowChangeHeld) cmd += ' --allow-change-held-packages';
  return cmd;
}

export function removeCommand(aptGet: string, dpkgOptions: string, purge: boolean, force: boolean, autoremove: boolean, check: boolean, packages: readonly string[]): string {
  const pkgs = packages.map((p) => `'${p}'`).join(' ');
  return fmt([aptGet, '-q', '-y', dpkgOptions, purge ? '--purge' : '', force ? '--force-yes' : '', autoremove ? '--auto-remove' : '', check ? '--simulate' : '', 'remove', pkgs]);
}

export function cleanupCommand(aptGet: string, dpkgOptions: string, purge: boolean, force: boolean, operation: 'autoremove' | 'autoclean', check: boolean): string {
  return fmt([aptGet, '-y', dpkgOptions, purge ? '--purge' : '', force ? '--force-yes' : '', operation, check ? '--simulate' : '']);
}

export interface UpgradePlan {
  readonly cmd: string;
  /** The program (aptitude or apt-get path) and its sub-command, for the failure message. */
  readonly program: string;
  readonly subcommand: string;
  readonly aptitude: boolean;
}

export function upgradeCommand(
  mode: string,
  o: { aptGet: string; aptitude: string | null; forceAptGet: boolean; dpkgOptions: string; force: boolean; autoremove: boolean; failOnAutoremove: boolean; allowUnauthenticated: boolean; allowDowngrade: boolean; check: boolean; defaultRelease: string | null },
): UpgradePlan | { error: string } {
  const useAptGet = o.forceAptGet || !o.aptitude;
  const ar = o.autoremove ? '--auto-remove' : '';
  let program: string;
  let sub: string;
  if (mode === 'dist' || (mode === 'full' && useAptGet)) [program, sub] = [o.aptGet, `dist-upgrade ${ar}`];
  else if (mode === 'full') [program, sub] = [o.aptitude!, 'full-upgrade'];
  else if (useAptGet) [program, sub] = [o.aptGet, `upgrade --with-new-pkgs ${ar}`];
  else [program, sub] = [o.aptitude!, 'safe-upgrade'];
  const aptitude = program !== o.aptGet;
  const force = o.force ? (aptitude ? '--assume-yes --allow-untrusted' : '--force-yes') : '';
  let cmd = fmt([program, '-y', o.dpkgOptions, force, o.failOnAutoremove ? '--no-remove' : '', o.allowUnauthenticated ? '--allow-unauthenticated' : '', o.allowDowngrade ? '--allow-downgrades' : '', o.check ? '--simulate' : '', sub]);
  if (o.defaultRelease) cmd += ` -t '${o.defaultRelease}'`;
  return { cmd, program, subcommand: sub, aptitude };
}

/** What Ansible's run_command does with a string: shlex-split it, no shell. Here: re-quoted for sh. */
export function asShell(cmd: string): string {
  return shellJoin(shlexSplit(cmd));
}

/** Ansible's parse_diff: apt-get's output between its "Reading state information..." and the summary. */
export function parseDiff(output: string): { prepared: string } {
  const lines = output.split(/\r\n|\n|\r/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let start = lines.indexOf('Resolving dependencies...');
  if (start < 0) start = lines.indexOf('Reading state information...');
  let end = lines.findIndex((l) => /^[0-9]+ (packages )?upgraded/.test(l));
  if (end < 0) end = lines.length;
  return { prepared: lines.slice(start + 1, end + 1).join('\n') };
}
