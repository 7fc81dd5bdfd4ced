/** Turns the facts script's `key=value` lines into Ansible's `ansible_facts` (names as Ansible has them). */
export function parseFacts(output: string): Record<string, unknown> {
  const raw = new Map<string, string>();
  for (const line of output.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) raw.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const get = (k: string): string => raw.get(k) ?? '';
  const kb = (k: string): number => Math.floor(Number(get(k) || '0') / 1024);
  const osId = get('os_id');
  const distribution = osId === 'debian' ? 'Debian' : osId === 'ubuntu' ? 'Ubuntu' : osId ? osId.charAt(0).toUpperCase() + osId.slice(1) : 'NA';
  const family = /debian|ubuntu/.test(`${osId} ${get('os_id_like')}`) ? 'Debian' : /rhel|fedora|centos/.test(`${osId} ${get('os_id_like')}`) ? 'RedHat' : distribution;
  const version = osId === 'debian' && get('debian_version') ? get('debian_version') : get('os_version_id');
  const pkgMgr: Record<string, string> = { 'apt-get': 'apt', dnf: 'dnf', yum: 'yum', zypper: 'zypper', apk: 'apk', pacman: 'pacman' };
  const machine = get('machine');
  const fqdn = get('fqdn');
  const nproc = Number(get('nproc') || '1');
  return {
    hostname: get('hostname'),
    fqdn,
    nodename: get('nodename'),
    domain: fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '',
    system: get('system'),
    kernel: get('kernel'),
    kernel_version: get('kernel_version'),
    machine,
    architecture: machine,
    userspace_bits: machine.endsWith('64') ? '64' : '32',
    distribution,
    distribution_version: version,
    distribution_major_version: version.split('.')[0] ?? '',
    distribution_release: get('os_codename'),
    os_family: family,
    user_id: get('user_id'),
    user_uid: Number(get('user_uid')),
    user_gid: Number(get('user_gid')),
    user_dir: get('user_dir'),
    user_shell: get('user_shell'),
    machine_id: get('machine_id'),
    memtotal_mb: kb('memtotal_kb'),
    memfree_mb: kb('memfree_kb'),
    swaptotal_mb: kb('swaptotal_kb'),
    swapfree_mb: kb('swapfree_kb'),
    processor_count: nproc,
    processor_vcpus: nproc,
    pkg_mgr: pkgMgr[get('pkg_mgr_bin')] ?? 'unknown',
    service_mgr: get('pid1') === 'systemd' ? 'systemd' : 'service',
    gather_subset: ['all'],
    module_setup: true,
  };
}
