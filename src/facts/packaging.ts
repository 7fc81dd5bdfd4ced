/** pkg_mgr and service_mgr (system/pkg_mgr.py, system/service_mgr.py). */
import type { Collect } from './context.js';
import { fileContent, strip } from './py.js';

export const PKG_MGRS: ReadonlyArray<{ path: string; name: string }> = [
  { path: '/usr/bin/rpm-ostree', name: 'atomic_container' },
  { path: '/usr/bin/yum', name: 'yum' },
  { path: '/usr/bin/dnf', name: 'dnf' },
  { path: '/usr/bin/apt-get', name: 'apt' },
  { path: '/usr/bin/zypper', name: 'zypper' },
  { path: '/usr/sbin/urpmi', name: 'urpmi' },
  { path: '/usr/bin/pacman', name: 'pacman' },
  { path: '/bin/opkg', name: 'opkg' },
  { path: '/usr/pkg/bin/pkgin', name: 'pkgin' },
  { path: '/opt/local/bin/pkgin', name: 'pkgin' },
  { path: '/opt/tools/bin/pkgin', name: 'pkgin' },
  { path: '/opt/local/bin/port', name: 'macports' },
  { path: '/usr/local/bin/brew', name: 'homebrew' },
  { path: '/opt/homebrew/bin/brew', name: 'homebrew' },
  { path: '/sbin/apk', name: 'apk' },
  { path: '/usr/sbin/pkg', name: 'pkgng' },
  { path: '/usr/sbin/swlist', name: 'swdepot' },
  { path: '/usr/bin/emerge', name: 'portage' },
  { path: '/usr/sbin/pkgadd', name: 'svr4pkg' },
  { path: '/usr/bin/pkg', name: 'pkg5' },
  { path: '/usr/bin/xbps-install', name: 'xbps' },
  { path: '/usr/local/sbin/pkg', name: 'pkgng' },
  { path: '/usr/bin/swupd', name: 'swupd' },
  { path: '/usr/sbin/sorcery', name: 'sorcery' },
  { path: '/usr/bin/installp', name: 'installp' },
  { path: '/QOpenSys/pkgs/bin/yum', name: 'yum' },
];

function pyIntOrThrow(v: unknown): number {
  const s = String(v ?? '');
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw new RangeError(`invalid literal for int(): '${s}'`);
  return Number(s);
}

export const pkgMgr: Collect = ({ raw, collected }) => {
  const has = (name: string): boolean => PKG_MGRS.some((p) => p.name === name && raw.exists(p.path));
  const family = collected['os_family'];
  let name = 'unknown';
  for (const p of PKG_MGRS) {
    if (family === 'Altlinux' && p.path === '/usr/bin/pkg') continue;
    if (raw.exists(p.path)) name = p.name;
  }
  if (family === 'RedHat') {
    if (raw.exists('/run/ostree-booted')) name = 'atomic_container';
    else if (collected['distribution'] === 'Fedora' || collected['distribution'] === 'Amazon') {
      const cut = collected['distribution'] === 'Fedora' ? 23 : 2022;
      try {
        if (pyIntOrThrow(collected['distribution_major_version']) < cut) {
          if (has('yum')) name = 'yum';
        } else if (has('dnf')) name = 'dnf';
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        name = 'dnf';
      }
    } else {
      name = pyIntOrThrow(collected['distribution_major_version']) < 8 ? 'yum' : 'dnf';
    }
  } else if (family === 'Debian' && name !== 'apt') {
    name = 'apt';
  } else if (family === 'Altlinux' && name === 'apt') {
    name = 'apt_rpm';
  }
  if (name === 'apt' && raw.exists('/usr/bin/rpm')) name = raw.cmd('rpm_apt')?.rc === 0 ? 'apt_rpm' : 'apt';
  return { pkg_mgr: name };
};

const PROC_1_MAP: Record<string, string> = { procd: 'openwrt_init', 'runit-init': 'runit', svscan: 'svc', 'openrc-init': 'openrc' };

export const serviceMgr: Collect = ({ raw, collected }) => {
  let proc1: string | undefined = fileContent(raw.file('/proc/1/comm'));
  const init = raw.links.get('/sbin/init');
  if (proc1 === undefined && init !== undefined) proc1 = init;
  if (proc1 !== undefined) proc1 = strip(proc1.split('/').pop() ?? '');
  if (proc1 !== undefined && (proc1 === 'init' || proc1.endsWith('sh'))) proc1 = undefined;
  let mgr: string | undefined;
  const systemctl = !!raw.get('systemctl');
  if (proc1 !== undefined) mgr = PROC_1_MAP[proc1] ?? proc1;
  else if (collected['distribution'] === 'OpenWrt') mgr = 'openwrt_init';
  else if (collected['system'] === 'Linux') {
    if (systemctl && ['/run/systemd/system/', '/dev/.run/systemd/', '/dev/.systemd/'].some((c) => raw.exists(c))) mgr = 'systemd';
    else if (raw.get('initctl') && raw.exists('/etc/init/')) mgr = 'upstart';
    else if (raw.exists('/sbin/openrc')) mgr = 'openrc';
    else if (systemctl && init !== undefined && init.split('/').pop() === 'systemd') mgr = 'systemd';
    else if (raw.exists('/etc/init.d/')) mgr = 'sysvinit';
  }
  return { service_mgr: mgr || 'service' };
};
