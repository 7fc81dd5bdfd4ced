/**
 * The `distro` library (1.8, what Debian's ansible-core imports) as Ansible's
 * get_distribution / get_distribution_version / get_distribution_codename use it
 * (module_utils/common/sys_info.py), fed from the files the script read.
 */
import type { RawFacts } from './raw.js';
import { capitalize, splitlines } from './py.js';
import { shlexSplit } from './shlex.js';

const NORMALIZED_OS_ID: Record<string, string> = { ol: 'oracle', 'opensuse-leap': 'opensuse' };
const NORMALIZED_LSB_ID: Record<string, string> = {
  enterpriseenterpriseas: 'oracle',
  enterpriseenterpriseserver: 'oracle',
  redhatenterpriseworkstation: 'rhel',
  redhatenterpriseserver: 'rhel',
  redhatenterprisecomputenode: 'rhel',
};
const NORMALIZED_DISTRO_ID: Record<string, string> = { redhat: 'rhel' };
const RELEASE_CONTENT_REVERSED = /^(?:[^)]*\)(.*)\()? *(?:STL )?([\d.+\-a-z]*\d) *(?:esaeler *)?(.+)/;
const RELEASE_BASENAME = /^(\w+)[-_](release|version)$/;
const IGNORE_BASENAMES = new Set(['debian_version', 'lsb-release', 'oem-release', 'os-release', 'system-release', 'plesk-release', 'iredmail-release']);

type Info = Record<string, string>;

/** The pseudo-directory listing the script fills with /etc/*[-_]release|version regular files. */
export const ETC_RELEASE_FILES = 'etc_release_files';

function reverse(s: string): string {
  return [...s].reverse().join('');
}

export function parseDistroReleaseContent(line: string): Info {
  const m = RELEASE_CONTENT_REVERSED.exec(reverse(line.trim()));
  const info: Info = {};
  if (m) {
    info['name'] = reverse(m[3]!);
    if (m[2]) info['version_id'] = reverse(m[2]);
    if (m[1]) info['codename'] = reverse(m[1]);
  } else if (line) {
    info['name'] = line.trim();
  }
  return info;
}

export function parseOsRelease(content: string): Info {
  const props: Info = {};
  let tokens: string[];
  try {
    tokens = shlexSplit(content, { posix: true, comments: true });
  } catch {
    tokens = [];
  }
  for (const token of tokens) {
    const eq = token.indexOf('=');
    if (eq >= 0) props[token.slice(0, eq).toLowerCase()] = token.slice(eq + 1);
  }
  if ('version' in props) {
    const m = /\((\D+)\)|,\s*(\D+)/.exec(props['version']!);
    if (m) props['codename'] = props['release_codename'] = (m[1] || m[2])!;
  }
  if ('version_codename' in props) props['codename'] = props['version_codename']!;
  else if ('ubuntu_codename' in props) props['codename'] = props['ubuntu_codename']!;
  return props;
}

export function parseLsbRelease(out: string): Info {
  const props: Info = {};
  for (const line of splitlines(out)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    props[line.slice(0, colon).replace(/ /g, '_').toLowerCase()] = line.slice(colon + 1).trim();
  }
  return props;
}

export class LinuxDistribution {
  readonly osRelease: Info;
  readonly lsbRelease: Info;
  readonly distroRelease: Info;
  private readonly debianVersion: string;

  constructor(raw: RawFacts) {
    const osFile = raw.exists('/etc/os-release') || !raw.exists('/usr/lib/os-release') ? '/etc/os-release' : '/usr/lib/os-release';
    const osContent = raw.file(osFile);
    this.osRelease = osContent !== undefined ? parseOsRelease(osContent) : {};
    const lsb = raw.cmd('lsb');
    this.lsbRelease = lsb && lsb.rc === 0 ? parseLsbRelease(lsb.out) : {};
    this.distroRelease = distroReleaseInfo(raw);
    this.debianVersion = (raw.file('/etc/debian_version') ?? '').split('\n')[0]!.trimEnd();
  }

  id(): string {
    const norm = (id: string, table: Record<string, string>): string => {
      const k = id.toLowerCase().replace(/ /g, '_');
      return table[k] ?? k;
    };
    if (this.osRelease['id']) return norm(this.osRelease['id'], NORMALIZED_OS_ID);
    if (this.lsbRelease['distributor_id']) return norm(this.lsbRelease['distributor_id'], NORMALIZED_LSB_ID);
    if (this.distroRelease['id']) return norm(this.distroRelease['id'], NORMALIZED_DISTRO_ID);
    return '';
  }

  like(): string {
    return this.osRelease['id_like'] ?? '';
  }

  version(best = false): string {
    const versions = [
      this.osRelease['version_id'] ?? '',
      this.lsbRelease['release'] ?? '',
      this.distroRelease['version_id'] ?? '',
      parseDistroReleaseContent(this.osRelease['pretty_name'] ?? '')['version_id'] ?? '',
      parseDistroReleaseContent(this.lsbRelease['description'] ?? '')['version_id'] ?? '',
    ];
    if (this.id() === 'debian' || this.like().split(/\s+/).includes('debian')) versions.push(this.debianVersion);
    let version = '';
    const dots = (v: string): number => v.split('.').length - 1;
    if (best) {
      for (const v of versions) if (dots(v) > dots(version) || version === '') version = v;
    } else {
      version = versions.find((v) => v !== '') ?? '';
    }
    return version;
  }

  codename(): string {
    if ('codename' in this.osRelease) return this.osRelease['codename']!;
    return this.lsbRelease['codename'] || this.distroRelease['codename'] || '';
  }
}

/** The first /etc/*-release|*_version file (sorted) whose first line names a distribution. */
function distroReleaseInfo(raw: RawFacts): Info {
  const candidates = (raw.dirs.get(ETC_RELEASE_FILES) ?? [])
    .filter((p) => p.startsWith('/etc/') && !p.slice(5).includes('/'))
    .map((p) => p.slice(5))
    .filter((b) => !IGNORE_BASENAMES.has(b) && RELEASE_BASENAME.test(b))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const base of [...new Set(candidates)]) {
    const content = raw.file(`/etc/${base}`);
    if (content === undefined) continue;
    const info = parseDistroReleaseContent(`${content.split('\n')[0]!}\n`);
    if (!('name' in info)) continue;
    info['id'] = RELEASE_BASENAME.exec(base)![1]!;
    if (info['name']!.toLowerCase().includes('cloudlinux')) info['id'] = 'cloudlinux';
    return info;
  }
  return {};
}

/** sys_info.get_distribution() */
export function getDistribution(d: LinuxDistribution): string {
  let distribution = capitalize(d.id());
  if (distribution === 'Amzn') distribution = 'Amazon';
  else if (distribution === 'Rhel') distribution = 'Redhat';
  else if (!distribution) distribution = 'OtherLinux';
  return distribution;
}

/** sys_info.get_distribution_version() */
export function getDistributionVersion(d: LinuxDistribution): string {
  let version = d.version();
  const id = d.id();
  if (id === 'centos') version = d.version(true).split('.').slice(0, 2).join('.');
  if (id === 'debian') version = d.version(true);
  return version;
}

/** sys_info.get_distribution_codename() */
export function getDistributionCodename(d: LinuxDistribution): string | undefined {
  let codename: string | undefined = d.osRelease['version_codename'];
  if (codename === undefined) codename = d.osRelease['ubuntu_codename'];
  if (codename === undefined && d.id() === 'ubuntu') codename = d.lsbRelease['codename'];
  if (codename === undefined) {
    codename = d.codename();
    if (codename === '') codename = undefined;
  }
  return codename;
}
