/**
 * Release files of other distributions, written onto a (Debian) lab host to compare how
 * kplay and Ansible name them. Contents written for these tests after each distribution's
 * published os-release format; `remove` drops the Debian files that would otherwise win.
 */
export interface DistroCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly remove?: readonly string[];
}

const DEBIAN_FILES = ['/etc/debian_version', '/etc/lsb-release', '/usr/lib/os-release'];

const osRelease = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([k, v]) => `${k}=${/[\s()]/.test(v) || v === '' ? `"${v}"` : v}`)
    .join('\n') + '\n';

export const DISTRO_CASES: readonly DistroCase[] = [
  {
    name: 'Ubuntu 22.04',
    files: {
      '/etc/os-release': osRelease({ PRETTY_NAME: 'Ubuntu 22.04.3 LTS', NAME: 'Ubuntu', VERSION_ID: '"22.04"', VERSION: '22.04.3 LTS (Jammy Jellyfish)', VERSION_CODENAME: 'jammy', ID: 'ubuntu', ID_LIKE: 'debian', UBUNTU_CODENAME: 'jammy' }),
      '/etc/lsb-release': 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\nDISTRIB_DESCRIPTION="Ubuntu 22.04.3 LTS"\n',
      '/etc/debian_version': 'bookworm/sid\n',
    },
    remove: ['/usr/lib/os-release'],
  },
  {
    name: 'Debian 11',
    files: {
      '/etc/os-release': osRelease({ PRETTY_NAME: 'Debian GNU/Linux 11 (bullseye)', NAME: 'Debian GNU/Linux', VERSION_ID: '"11"', VERSION: '11 (bullseye)', VERSION_CODENAME: 'bullseye', ID: 'debian' }),
      '/etc/debian_version': '11.8\n',
    },
    remove: ['/usr/lib/os-release', '/etc/lsb-release'],
  },
  {
    name: 'Debian testing (no codename, no version)',
    files: {
      '/etc/os-release': osRelease({ PRETTY_NAME: 'Debian GNU/Linux trixie/sid', NAME: 'Debian GNU/Linux', ID: 'debian' }),
      '/etc/debian_version': 'trixie/sid\n',
    },
    remove: ['/usr/lib/os-release', '/etc/lsb-release'],
  },
  {
    name: 'Linux Mint 21',
    files: {
      '/etc/os-release': osRelease({ NAME: 'Linux Mint', VERSION: '21.2 (Victoria)', ID: 'linuxmint', ID_LIKE: 'ubuntu debian', PRETTY_NAME: 'Linux Mint 21.2', VERSION_ID: '"21.2"', VERSION_CODENAME: 'victoria', UBUNTU_CODENAME: 'jammy' }),
      '/etc/debian_version': 'bookworm/sid\n',
    },
    remove: ['/usr/lib/os-release', '/etc/lsb-release'],
  },
  {
    name: 'CentOS 7',
    files: {
      '/etc/os-release': osRelease({ NAME: 'CentOS Linux', VERSION: '7 (Core)', ID: '"centos"', ID_LIKE: 'rhel fedora', VERSION_ID: '"7"', PRETTY_NAME: 'CentOS Linux 7 (Core)', CPE_NAME: '"cpe:/o:centos:centos:7"' }),
      '/etc/centos-release': 'CentOS Linux release 7.9.2009 (Core)\n',
      '/etc/redhat-release': 'CentOS Linux release 7.9.2009 (Core)\n',
      '/etc/system-release': 'CentOS Linux release 7.9.2009 (Core)\n',
    },
    remove: DEBIAN_FILES,
  },
  {
    name: 'Rocky 9.3',
    files: {
      '/etc/os-release': osRelease({ NAME: 'Rocky Linux', VERSION: '9.3 (Blue Onyx)', ID: '"rocky"', ID_LIKE: 'rhel centos fedora', VERSION_ID: '"9.3"', PLATFORM_ID: '"platform:el9"', PRETTY_NAME: 'Rocky Linux 9.3 (Blue Onyx)' }),
      '/etc/redhat-release': 'Rocky Linux release 9.3 (Blue Onyx)\n',
      '/etc/rocky-release': 'Rocky Linux release 9.3 (Blue Onyx)\n',
      '/etc/system-release': 'Rocky Linux release 9.3 (Blue Onyx)\n',
    },
    remove: DEBIAN_FILES,
  },
  {
    name: 'Fedora 39',
    files: {
      '/etc/os-release': osRelease({ NAME: 'Fedora Linux', VERSION: '39 (Server Edition)', ID: 'fedora', VERSION_ID: '39', VERSION_CODENAME: '', PRETTY_NAME: 'Fedora Linux 39 (Server Edition)' }),
      '/etc/fedora-release': 'Fedora release 39 (Thirty Nine)\n',
      '/etc/redhat-release': 'Fedora release 39 (Thirty Nine)\n',
      '/etc/system-release': 'Fedora release 39 (Thirty Nine)\n',
    },
    remove: DEBIAN_FILES,
  },
  {
    name: 'Amazon Linux 2',
    files: {
      '/etc/os-release': osRelease({ NAME: 'Amazon Linux', VERSION: '2', ID: 'amzn', ID_LIKE: 'centos rhel fedora', VERSION_ID: '"2"', PRETTY_NAME: 'Amazon Linux 2' }),
      '/etc/system-release': 'Amazon Linux release 2 (Karoo)\n',
    },
    remove: DEBIAN_FILES,
  },
  {
    name: 'Alpine 3.19',
    files: {
      '/etc/os-release': osRelease({ NAME: 'Alpine Linux', ID: 'alpine', VERSION_ID: '3.19.1', PRETTY_NAME: 'Alpine Linux v3.19' }),
      '/etc/alpine-release': '3.19.1\n',
    },
    remove: DEBIAN_FILES,
  },
  {
    name: 'Arch Linux',
    files: {
      '/etc/os-release': osRelease({ NAME: 'Arch Linux', PRETTY_NAME: 'Arch Linux', ID: 'arch', BUILD_ID: 'rolling' }),
      '/etc/arch-release': '',
    },
    remove: DEBIAN_FILES,
  },
  {
    name: 'openSUSE Leap 15.5',
    files: {
      '/etc/os-release': osRelease({ NAME: 'openSUSE Leap', VERSION: '"15.5"', ID: 'opensuse-leap', ID_LIKE: 'suse opensuse', VERSION_ID: '"15.5"', PRETTY_NAME: 'openSUSE Leap 15.5' }),
    },
    remove: DEBIAN_FILES,
  },
  {
    name: 'SLES 15 SP5',
    files: {
      '/etc/os-release': osRelease({ NAME: 'SLES', VERSION: '"15-SP5"', VERSION_ID: '"15.5"', PRETTY_NAME: 'SUSE Linux Enterprise Server 15 SP5', ID: 'sles', ID_LIKE: 'suse' }),
    },
    remove: DEBIAN_FILES,
  },
  {
    name: 'Kali rolling',
    files: {
      '/etc/os-release': osRelease({ PRETTY_NAME: 'Kali GNU/Linux Rolling', NAME: 'Kali GNU/Linux', VERSION_ID: '"2024.1"', VERSION: '"2024.1"', VERSION_CODENAME: 'kali-rolling', ID: 'kali', ID_LIKE: 'debian' }),
      '/etc/debian_version': 'kali-rolling\n',
    },
    remove: ['/usr/lib/os-release', '/etc/lsb-release'],
  },
  {
    name: 'unknown distribution',
    files: {
      '/etc/os-release': osRelease({ NAME: 'FooOS', VERSION: '1.2 (Bar)', ID: 'foo', VERSION_ID: '1.2', PRETTY_NAME: 'FooOS 1.2 (Bar)' }),
    },
    remove: DEBIAN_FILES,
  },
];
