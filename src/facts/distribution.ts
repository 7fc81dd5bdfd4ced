/** The distribution and lsb collectors (system/distribution.py Distribution, system/lsb.py). */
import type { Collect } from './context.js';
import type { FactDict } from './types.js';
import { processDistFiles } from './distribution-files.js';
import { kernelVersion } from './system.js';
import { fileLines, splitlines, strip } from './py.js';

const OS_FAMILY_MAP: Record<string, readonly string[]> = {
  RedHat: ['RedHat', 'RHEL', 'Fedora', 'CentOS', 'Scientific', 'SLC', 'Ascendos', 'CloudLinux', 'PSBM', 'OracleLinux', 'OVS', 'OEL', 'Amazon',
    'Virtuozzo', 'XenServer', 'Alibaba', 'EulerOS', 'openEuler', 'AlmaLinux', 'Rocky', 'TencentOS', 'EuroLinux', 'Kylin Linux Advanced Server'],
  Debian: ['Debian', 'Ubuntu', 'Raspbian', 'Neon', 'KDE neon', 'Linux Mint', 'SteamOS', 'Devuan', 'Kali', 'Cumulus Linux', 'Pop!_OS', 'Parrot',
    'Pardus GNU/Linux', 'Uos', 'Deepin', 'OSMC'],
  Suse: ['SuSE', 'SLES', 'SLED', 'openSUSE', 'openSUSE Tumbleweed', 'SLES_SAP', 'SUSE_LINUX', 'openSUSE Leap'],
  Archlinux: ['Archlinux', 'Antergos', 'Manjaro'],
  Mandrake: ['Mandrake', 'Mandriva'],
  Solaris: ['Solaris', 'Nexenta', 'OmniOS', 'OpenIndiana', 'SmartOS'],
  Slackware: ['Slackware'],
  Altlinux: ['Altlinux'],
  SGML: ['SGML'],
  Gentoo: ['Gentoo', 'Funtoo'],
  Alpine: ['Alpine'],
  AIX: ['AIX'],
  'HP-UX': ['HPUX'],
  Darwin: ['MacOSX'],
  FreeBSD: ['FreeBSD', 'TrueOS'],
  ClearLinux: ['Clear Linux OS', 'Clear Linux Mix'],
  DragonFly: ['DragonflyBSD', 'DragonFlyBSD', 'Gentoo/DragonflyBSD', 'Gentoo/DragonFlyBSD'],
  NetBSD: ['NetBSD'],
};

const OS_FAMILY = new Map<string, string>(Object.entries(OS_FAMILY_MAP).flatMap(([family, names]) => names.map((n) => [n, family] as [string, string])));

export const distribution: Collect = ({ raw, collected }) => {
  const [system = ''] = (raw.get('uname') ?? '').split(' ');
  const facts: FactDict = {
    distribution: system,
    distribution_release: String(collected['kernel'] ?? (raw.get('uname') ?? '').split(' ')[2] ?? ''),
    distribution_version: kernelVersion(raw),
  };
  if (system === 'Linux') Object.assign(facts, processDistFiles(raw));
  const distro = String(facts['distribution']);
  facts['os_family'] = OS_FAMILY.get(distro) || distro;
  return facts;
};

const LSB_STRIP = `'"\\`;

export const lsb: Collect = ({ raw }) => {
  let facts: Record<string, string> = {};
  const out = raw.cmd('lsb');
  if (out && out.rc === 0) {
    for (const line of splitlines(out.out)) {
      if (line.length < 1 || !line.includes(':')) continue;
      const value = strip(line.slice(line.indexOf(':') + 1));
      if (line.includes('LSB Version:')) facts['release'] = value;
      else if (line.includes('Distributor ID:')) facts['id'] = value;
      else if (line.includes('Description:')) facts['description'] = value;
      else if (line.includes('Release:')) facts['release'] = value;
      else if (line.includes('Codename:')) facts['codename'] = value;
    }
  }
  if (Object.keys(facts).length === 0 && raw.exists('/etc/lsb-release')) {
    facts = {};
    for (const line of fileLines(raw.file('/etc/lsb-release'))) {
      const eq = line.indexOf('=');
      if (eq < 0) throw new Error('list index out of range');
      const value = strip(line.slice(eq + 1));
      if (line.includes('DISTRIB_ID')) facts['id'] = value;
      else if (line.includes('DISTRIB_RELEASE')) facts['release'] = value;
      else if (line.includes('DISTRIB_DESCRIPTION')) facts['description'] = value;
      else if (line.includes('DISTRIB_CODENAME')) facts['codename'] = value;
    }
  }
  if ('release' in facts) facts['major_release'] = facts['release']!.split('.')[0]!;
  for (const [k, v] of Object.entries(facts)) if (v) facts[k] = strip(v, LSB_STRIP);
  return { lsb: facts };
};
