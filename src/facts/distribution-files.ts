/**
 * DistributionFiles (system/distribution.py): which release file names the distribution,
 * tried in Ansible's order, each with its own parser. Linux only.
 */
import type { FactDict } from './types.js';
import type { RawFacts } from './raw.js';
import { fileContent, fileLines, splitWs, splitlines, strip } from './py.js';
import { LinuxDistribution, getDistribution, getDistributionCodename, getDistributionVersion } from './distro.js';

interface DistFile {
  path: string;
  name: string;
  allowEmpty?: boolean;
}

const OSDIST_LIST: readonly DistFile[] = [
  { path: '/etc/altlinux-release', name: 'Altlinux' },
  { path: '/etc/oracle-release', name: 'OracleLinux' },
  { path: '/etc/slackware-version', name: 'Slackware' },
  { path: '/etc/centos-release', name: 'CentOS' },
  { path: '/etc/redhat-release', name: 'RedHat' },
  { path: '/etc/vmware-release', name: 'VMwareESX', allowEmpty: true },
  { path: '/etc/openwrt_release', name: 'OpenWrt' },
  { path: '/etc/os-release', name: 'Amazon' },
  { path: '/etc/system-release', name: 'Amazon' },
  { path: '/etc/alpine-release', name: 'Alpine' },
  { path: '/etc/arch-release', name: 'Archlinux', allowEmpty: true },
  { path: '/etc/os-release', name: 'Archlinux' },
  { path: '/etc/os-release', name: 'SUSE' },
  { path: '/etc/SuSE-release', name: 'SUSE' },
  { path: '/etc/gentoo-release', name: 'Gentoo' },
  { path: '/etc/os-release', name: 'Debian' },
  { path: '/etc/lsb-release', name: 'Debian' },
  { path: '/etc/lsb-release', name: 'Mandriva' },
  { path: '/etc/sourcemage-release', name: 'SMGL' },
  { path: '/usr/lib/os-release', name: 'ClearLinux' },
  { path: '/etc/coreos/update.conf', name: 'Coreos' },
  { path: '/etc/os-release', name: 'Flatcar' },
  { path: '/etc/os-release', name: 'NA' },
];

export const DIST_FILE_PATHS: readonly string[] = [...new Set([...OSDIST_LIST.map((d) => d.path), '/etc/products.d/baseproduct'])];

const SEARCH_STRING: Record<string, string> = { OracleLinux: 'Oracle Linux', RedHat: 'Red Hat', Altlinux: 'ALT', SMGL: 'Source Mage GNU/Linux' };
const OS_RELEASE_ALIAS: Record<string, string> = { Archlinux: 'Arch Linux' };
const STRIP_QUOTES = `'"\\`;

type Parsed = [boolean, FactDict];
type Parser = (data: string, path: string, collected: FactDict, ctx: Ctx) => Parsed;

interface Ctx {
  raw: RawFacts;
  distroId: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const PARSERS: Record<string, Parser> = {
  Slackware(data) {
    const f: FactDict = {};
    if (!data.includes('Slackware')) return [false, f];
    f['distribution'] = 'Slackware';
    const v = data.match(/\w+[.]\w+\+?/);
    if (v) f['distribution_version'] = v[0];
    return [true, f];
  },
  Amazon(data, path) {
    const f: FactDict = {};
    if (!data.includes('Amazon')) return [false, f];
    f['distribution'] = 'Amazon';
    if (path === '/etc/os-release') {
      const v = /VERSION_ID="(.*)"/.exec(data);
      if (v) {
        f['distribution_version'] = v[1]!;
        const parts = v[1]!.split('.');
        if (parts.length > 2) throw new Error('too many values to unpack (expected 2)');
        f['distribution_major_version'] = parts[0]!;
        f['distribution_minor_version'] = parts.length > 1 ? parts[1]! : 'NA';
      }
    } else {
      f['distribution_version'] = splitWs(data).find((n) => /^\d+$/.test(n)) ?? 'NA';
    }
    return [true, f];
  },
  OpenWrt(data) {
    const f: FactDict = {};
    if (!data.includes('OpenWrt')) return [false, f];
    f['distribution'] = 'OpenWrt';
    const v = /DISTRIB_RELEASE="(.*)"/.exec(data);
    if (v) f['distribution_version'] = v[1]!;
    const r = /DISTRIB_CODENAME="(.*)"/.exec(data);
    if (r) f['distribution_release'] = r[1]!;
    return [true, f];
  },
  Alpine(data) {
    return [true, { distribution: 'Alpine', distribution_version: data }];
  },
  SUSE(data, path, collected, ctx) {
    const f: FactDict = {};
    const lower = data.toLowerCase();
    if (!lower.includes('suse')) return [false, f];
    if (path === '/etc/os-release') {
      for (const line of splitlines(data)) {
        const d = /^NAME=(.*)/.exec(line);
        if (d) f['distribution'] = strip(d[1]!, '"');
        const v = /^VERSION_ID="?([0-9]+\.?[0-9]*)"?/.exec(line);
        if (v) {
          f['distribution_version'] = v[1]!;
          f['distribution_major_version'] = v[1]!.split('.')[0]!;
        }
        if (lower.includes('open')) {
          const r = /^VERSION_ID="?[0-9]+\.?([0-9]*)"?/.exec(line);
          if (r) f['distribution_release'] = r[1]!;
        } else if (lower.includes('enterprise') && line.includes('VERSION_ID')) {
          const r = /^VERSION_ID="?[0-9]+\.?([0-9]*)"?/.exec(line);
          f['distribution_release'] = r?.[1] ? r[1] : '0';
        }
      }
    } else if (path === '/etc/SuSE-release') {
      if (lower.includes('open')) {
        f['distribution'] = splitWs(splitlines(fileContent(ctx.raw.file(path)) ?? '')[0] ?? '')[0] ?? '';
        for (const line of splitlines(data)) {
          const r = /CODENAME *= *([^\n]+)/.exec(line);
          if (r) f['distribution_release'] = strip(r[1]!);
        }
      } else if (lower.includes('enterprise')) {
        if (data.includes('Server')) f['distribution'] = 'SLES';
        else if (data.includes('Desktop')) f['distribution'] = 'SLED';
        for (const line of splitlines(data)) {
          const r = /PATCHLEVEL = ([0-9]+)/.exec(line);
          if (r) {
            f['distribution_release'] = r[1]!;
            f['distribution_version'] = `${str(collected['distribution_version'])}.${r[1]!}`;
          }
        }
      }
    }
    if ((ctx.raw.get('baseproduct') ?? '').endsWith('SLES_SAP.prod')) f['distribution'] = 'SLES_SAP';
    return [true, f];
  },
  Debian(data, path, collected, ctx) {
    const f: FactDict = {};
    if (data.includes('Debian') || data.includes('Raspbian')) {
      f['distribution'] = 'Debian';
      const r = /PRETTY_NAME=[^(]+ \(?([^)]+?)\)/.exec(data);
      if (r) f['distribution_release'] = r[1]!;
      // Ansible's tzdata fallback (dpkg --status tzdata|grep …) runs without a shell, so it
      // never succeeds: the release stays as guessed.
      for (const line of fileLines(ctx.raw.file('/etc/debian_version'))) {
        const m = /(\d+)\.(\d+)/.exec(strip(line));
        if (m) f['distribution_minor_version'] = m[2]!;
      }
    } else if (data.includes('Ubuntu')) {
      f['distribution'] = 'Ubuntu';
    } else if (data.includes('SteamOS')) {
      f['distribution'] = 'SteamOS';
    } else if ((path === '/etc/lsb-release' || path === '/etc/os-release') && (data.includes('Kali') || data.includes('Parrot'))) {
      f['distribution'] = data.includes('Kali') ? 'Kali' : 'Parrot';
      const r = /DISTRIB_RELEASE=(.*)/.exec(data);
      if (r) f['distribution_release'] = r[1]!;
    } else if (data.includes('Devuan')) {
      f['distribution'] = 'Devuan';
      const r = /PRETTY_NAME="?[^("]+ \(?([^) "]+)\)?/.exec(data);
      if (r) f['distribution_release'] = r[1]!;
      const v = /VERSION_ID="(.*)"/.exec(data);
      if (v) f['distribution_version'] = f['distribution_major_version'] = v[1]!;
    } else if (data.includes('Cumulus')) {
      f['distribution'] = 'Cumulus Linux';
      const v = /VERSION_ID=(.*)/.exec(data);
      if (v) {
        const parts = v[1]!.split('.');
        if (parts.length !== 3) throw new Error('Cumulus VERSION_ID is not major.minor.patch');
        f['distribution_version'] = v[1]!;
        f['distribution_major_version'] = parts[0]!;
      }
      const r = /VERSION="(.*)"/.exec(data);
      if (r) f['distribution_release'] = r[1]!;
    } else if (data.includes('Mint')) {
      f['distribution'] = 'Linux Mint';
      versionId(data, f);
    } else if (data.includes('UOS') || data.includes('Uos') || data.includes('uos')) {
      f['distribution'] = 'Uos';
      codename(data, f);
      versionId(data, f);
    } else if (data.includes('Deepin') || data.includes('deepin')) {
      f['distribution'] = 'Deepin';
      codename(data, f);
      versionId(data, f);
    } else {
      return [false, f];
    }
    return [true, f];
  },
  Mandriva(data) {
    const f: FactDict = {};
    if (!data.includes('Mandriva')) return [false, f];
    f['distribution'] = 'Mandriva';
    const v = /DISTRIB_RELEASE="(.*)"/.exec(data);
    if (v) f['distribution_version'] = v[1]!;
    const r = /DISTRIB_CODENAME="(.*)"/.exec(data);
    if (r) f['distribution_release'] = r[1]!;
    return [true, f];
  },
  NA(data, _path, collected) {
    const f: FactDict = {};
    for (const line of splitlines(data)) {
      const d = /^NAME=(.*)/.exec(line);
      if (d) f['distribution'] = strip(d[1]!, '"');
      const v = /^VERSION=(.*)/.exec(line);
      if (v && collected['distribution_version'] === 'NA') f['distribution_version'] = strip(v[1]!, '"');
    }
    return [true, f];
  },
  Coreos(data, _path, _c, ctx) {
    const f: FactDict = {};
    if (ctx.distroId.toLowerCase() !== 'coreos' || !data) return [false, f];
    const r = /^GROUP=(.*)/.exec(data);
    if (r) f['distribution_release'] = strip(r[1]!, '"');
    return [true, f];
  },
  Flatcar(data, _path, _c, ctx) {
    const f: FactDict = {};
    if (ctx.distroId.toLowerCase() !== 'flatcar' || !data) return [false, f];
    const v = /VERSION=(.*)/.exec(data);
    if (v) {
      f['distribution_major_version'] = strip(v[1]!, '"').split('.')[0]!;
      f['distribution_version'] = strip(v[1]!, '"');
    }
    return [true, f];
  },
  ClearLinux(data) {
    const f: FactDict = {};
    const pname = /NAME="(.*)"/.exec(data);
    if (pname) {
      if (!pname[1]!.includes('Clear Linux')) return [false, f];
      f['distribution'] = pname[1]!;
    }
    const v = /VERSION_ID=(.*)/.exec(data);
    if (v) f['distribution_major_version'] = f['distribution_version'] = v[1]!;
    const r = /ID=(.*)/.exec(data);
    if (r) f['distribution_release'] = r[1]!;
    return [true, f];
  },
  CentOS(data) {
    if (data.includes('CentOS Stream')) return [true, { distribution_release: 'Stream' }];
    if (data.includes('TencentOS Server')) return [true, { distribution: 'TencentOS' }];
    return [false, {}];
  },
};

function versionId(data: string, f: FactDict): void {
  const v = /VERSION_ID="(.*)"/.exec(data);
  if (v) {
    f['distribution_version'] = v[1]!;
    f['distribution_major_version'] = v[1]!.split('.')[0]!;
  }
}

function codename(data: string, f: FactDict): void {
  const r = /VERSION_CODENAME="?([^"]+)"?/.exec(data);
  if (r) f['distribution_release'] = r[1]!;
}

function parseDistFile(name: string, content: string | undefined, path: string, collected: FactDict, ctx: Ctx): Parsed {
  if (content === undefined) throw new Error(`'NoneType' object has no attribute 'strip' (${path})`);
  const data = strip(content, STRIP_QUOTES);
  const search = SEARCH_STRING[name];
  if (search !== undefined) {
    if (data.includes(search)) return [true, { distribution: name, distribution_file_search_string: search }];
    return [true, { distribution: splitWs(data)[0] ?? '' }];
  }
  const alias = OS_RELEASE_ALIAS[name];
  if (alias !== undefined) return data.includes(alias) ? [true, { distribution: name }] : [false, {}];
  const parser = PARSERS[name];
  return parser ? parser(data, path, collected, ctx) : [false, {}];
}

/** DistributionFiles.process_dist_files() */
export function processDistFiles(raw: RawFacts): FactDict {
  const d = new LinuxDistribution(raw);
  const version = getDistributionVersion(d) || 'NA';
  const codename = getDistributionCodename(d);
  const facts: FactDict = {
    distribution: getDistribution(d) || 'NA',
    distribution_version: version,
    distribution_release: codename === undefined ? 'NA' : codename,
    distribution_major_version: version.split('.')[0] || 'NA',
  };
  const ctx: Ctx = { raw, distroId: d.id() };
  for (const { path, name, allowEmpty } of OSDIST_LIST) {
    const exists = raw.exists(path) && (allowEmpty || raw.nonEmpty(path));
    if (!exists) continue;
    if (allowEmpty) {
      Object.assign(facts, { distribution: name, distribution_file_path: path, distribution_file_variety: name });
      break;
    }
    const [parsed, found] = parseDistFile(name, fileContent(raw.file(path)), path, facts, ctx);
    if (parsed) {
      Object.assign(facts, { distribution: name, distribution_file_path: path, distribution_file_variety: name, distribution_file_parsed: true }, found);
      break;
    }
  }
  return facts;
}
