/**
 * The small system collectors: platform, user, env, cmdline, dns, loadavg, ssh_pub_keys,
 * fips, apparmor, selinux, caps, chroot, iscsi, nvme, fibre_channel_wwn
 * (module_utils/facts/system/*.py, network/{iscsi,nvme,fc_wwn}.py).
 */
import type { Collect } from './context.js';
import { procStatus } from './context.js';
import type { FactDict, Json } from './types.js';
import type { RawFacts } from './raw.js';
import { fileContent, fileLines, rstrip, splitWs, splitlines, strip } from './py.js';
import { ShlexError, shlexSplit } from './shlex.js';

export const platform: Collect = ({ raw }) => {
  const [system = '', nodename = '', kernel = '', machine = ''] = splitWs(raw.get('uname') ?? '');
  const f: FactDict = { system, kernel, kernel_version: kernelVersion(raw), machine };
  f['fqdn'] = getfqdn(nodename, raw.cmd('fqdn'));
  f['hostname'] = nodename.split('.')[0]!;
  f['nodename'] = nodename;
  f['domain'] = f['fqdn'].split('.').slice(1).join('.');
  const elf = (raw.get('elfclass') ?? '').trim();
  const bits = elf === '1' ? '32' : elf === '2' ? '64' : /64/.test(machine) ? '64' : '32';
  f['userspace_bits'] = bits;
  if (machine === 'x86_64') {
    f['architecture'] = machine;
    f['userspace_architecture'] = bits === '64' ? 'x86_64' : 'i386';
  } else if (/i([3456]86|86pc)/.test(machine)) {
    f['architecture'] = 'i386';
    f['userspace_architecture'] = bits === '64' ? 'x86_64' : 'i386';
  } else {
    f['architecture'] = machine;
  }
  const machineId = fileContent(raw.file('/var/lib/dbus/machine-id')) ?? fileContent(raw.file('/etc/machine-id'));
  if (machineId) f['machine_id'] = splitlines(machineId)[0]!;
  return f;
};

/** uname -v, as the kernel reports it in /proc/sys/kernel/version. */
export function kernelVersion(raw: RawFacts): string {
  return (raw.file('/proc/sys/kernel/version') ?? '').replace(/\n$/, '');
}

/** socket.getfqdn(): the first name with a dot among the reverse lookup's names. */
function getfqdn(nodename: string, lookup: { out: string; rc: number } | undefined): string {
  if (!lookup || lookup.rc !== 0) return nodename;
  const names = splitWs(splitlines(lookup.out)[0] ?? '').slice(1);
  if (names.length === 0) return nodename;
  return names.find((n) => n.includes('.')) ?? names[0]!;
}

export const user: Collect = ({ raw }) => {
  const entry = raw.get('pw_name') || raw.get('pw_uid') || '';
  if (!entry) throw new Error('getpwuid(): uid not found');
  const [name = '', , uid = '', gid = '', gecos = '', dir = '', shell = ''] = entry.split('\n')[0]!.split(':');
  const ids = (key: string): string[] => splitWs(procStatus(raw, key) ?? '');
  const [ruid = '', euid = ''] = ids('Uid');
  const [rgid = ''] = ids('Gid');
  return {
    user_id: raw.get('getuser') || name,
    user_uid: Number(uid),
    user_gid: Number(gid),
    user_gecos: gecos,
    user_dir: dir,
    user_shell: shell,
    real_user_id: Number(ruid),
    effective_user_id: Number(euid),
    real_group_id: Number(rgid),
    // Ansible reports os.getgid() here too.
    effective_group_id: Number(rgid),
  };
};

/** os.environ of the process: the first of duplicate names wins, as CPython builds it. */
export function parseEnviron(content: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of content.split('\0')) {
    const eq = entry.indexOf('=', 1);
    if (eq <= 0) continue;
    const k = entry.slice(0, eq);
    if (!Object.prototype.hasOwnProperty.call(env, k)) env[k] = entry.slice(eq + 1);
  }
  return env;
}

export const env: Collect = ({ raw }) => ({ env: parseEnviron(raw.file('env') ?? '') });

function parseCmdline(data: string, multi: boolean): FactDict {
  const out: FactDict = {};
  let pieces: string[];
  try {
    pieces = shlexSplit(data, { posix: false, comments: false });
  } catch (e) {
    if (e instanceof ShlexError) return out;
    throw e;
  }
  for (const piece of pieces) {
    const eq = piece.indexOf('=');
    if (eq < 0) {
      out[piece] = true;
      continue;
    }
    const [k, v] = [piece.slice(0, eq), piece.slice(eq + 1)];
    const prev = out[k];
    if (!multi || !Object.prototype.hasOwnProperty.call(out, k)) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev as Json, v];
  }
  return out;
}

export const cmdline: Collect = ({ raw }): FactDict => {
  const data = fileContent(raw.file('/proc/cmdline'));
  if (!data) return {};
  return { cmdline: parseCmdline(data, false), proc_cmdline: parseCmdline(data, true) };
};

export const dns: Collect = ({ raw }) => {
  const d: FactDict = {};
  for (const line of splitlines(fileContent(raw.file('/etc/resolv.conf')) ?? '')) {
    if (line.startsWith('#') || line.startsWith(';') || strip(line) === '') continue;
    const t = splitWs(line);
    if (t.length === 0) continue;
    const rest = t.slice(1);
    if (t[0] === 'nameserver') d['nameservers'] = [...((d['nameservers'] as string[] | undefined) ?? []), ...rest];
    else if (t[0] === 'domain') {
      if (rest.length) d['domain'] = rest[0]!;
    } else if (t[0] === 'search') d['search'] = rest;
    else if (t[0] === 'sortlist') d['sortlist'] = rest;
    else if (t[0] === 'options') {
      const opts: FactDict = {};
      for (const o of rest) {
        const c = o.indexOf(':');
        opts[c < 0 ? o : o.slice(0, c)] = c < 0 || o.slice(c + 1) === '' ? true : o.slice(c + 1);
      }
      d['options'] = opts;
    }
  }
  return { dns: d };
};

export const loadavg: Collect = ({ raw }): FactDict => {
  const [a, b, c] = splitWs(raw.file('/proc/loadavg') ?? '').map(Number);
  if (a === undefined || b === undefined || c === undefined) return {};
  return { loadavg: { '1m': a, '5m': b, '15m': c } };
};

export const sshPubKeys: Collect = ({ raw }) => {
  const f: FactDict = {};
  for (const dir of ['/etc/ssh', '/etc/openssh', '/etc']) {
    for (const algo of ['dsa', 'rsa', 'ecdsa', 'ed25519']) {
      const name = `ssh_host_key_${algo}_public`;
      if (name in f) return f;
      const data = fileContent(raw.file(`${dir}/ssh_host_${algo}_key.pub`));
      if (data === undefined) continue;
      const [keytype, key] = splitWs(data);
      if (keytype === undefined || key === undefined) throw new Error('not enough values to unpack (expected 2)');
      f[name] = key;
      f[`${name}_keytype`] = keytype;
    }
  }
  return f;
};

export const fips: Collect = ({ raw }) => ({ fips: fileContent(raw.file('/proc/sys/crypto/fips_enabled')) === '1' });

export const apparmor: Collect = ({ raw }) => ({ apparmor: { status: raw.exists('/sys/kernel/security/apparmor') ? 'enabled' : 'disabled' } });

/** SELinux as libselinux reports it (the script reads selinuxfs and /etc/selinux/config). */
export const selinux: Collect = ({ raw }): FactDict => {
  const enabled = raw.exists('/sys/fs/selinux/enforce') && raw.exists('/etc/selinux/config');
  if (!enabled) return { selinux: { status: 'disabled' } };
  const config = raw.file('/etc/selinux/config') ?? '';
  const setting = (key: string): string | undefined => new RegExp(`^\\s*${key}\\s*=\\s*"?([^"\\s]*)`, 'm').exec(config)?.[1];
  const modes: Record<string, string> = { '1': 'enforcing', '0': 'permissive', enforcing: 'enforcing', permissive: 'permissive', disabled: 'disabled' };
  const policyvers = Number(fileContent(raw.file('/sys/fs/selinux/policyvers')));
  return {
    selinux: {
      status: 'enabled',
      policyvers: Number.isInteger(policyvers) ? policyvers : 'unknown',
      config_mode: modes[(setting('SELINUX') ?? '').toLowerCase()] ?? 'unknown',
      mode: modes[fileContent(raw.file('/sys/fs/selinux/enforce')) ?? ''] ?? 'unknown',
      type: setting('SELINUXTYPE') ?? 'unknown',
    },
  };
};

export const caps: Collect = ({ raw }) => {
  const r = raw.cmd('caps');
  if (!r || r.rc !== 0) return { system_capabilities_enforced: 'N/A', system_capabilities: 'N/A' };
  let enforced = 'NA';
  let list: string[] = [];
  for (const line of splitlines(r.out)) {
    if (!line.startsWith('Current:')) continue;
    if (strip(line.split(':')[1] ?? '') === '=ep') enforced = 'False';
    else {
      enforced = 'True';
      list = (line.split('=')[1] ?? '').split(',').map((s) => strip(s));
    }
  }
  return { system_capabilities_enforced: enforced, system_capabilities: list };
};

export const chroot: Collect = ({ raw }) => {
  const env = parseEnviron(raw.file('env') ?? '');
  if (env['debian_chroot']) return { is_chroot: true };
  const stats = new Map<string, string>();
  for (const line of splitlines(raw.cmd('stat_root')?.out ?? '')) {
    const bar = line.lastIndexOf('|');
    if (bar > 0) stats.set(line.slice(0, bar), line.slice(bar + 1));
  }
  const root = stats.get('/') ?? '';
  const proc1 = stats.get('/proc/1/root/.');
  if (proc1 !== undefined) return { is_chroot: root !== proc1 };
  const fstype = raw.cmd('fstype_root')?.out ?? '';
  const rootIno = fstype.includes('btrfs') ? 256 : fstype.includes('xfs') ? 128 : 2;
  return { is_chroot: Number(splitWs(root)[1]) !== rootIno };
};

export const iscsi: Collect = ({ raw }) => {
  for (const line of splitlines(fileContent(raw.file('/etc/iscsi/initiatorname.iscsi')) ?? '')) {
    if (line.startsWith('#') || line.startsWith(';') || strip(line) === '') continue;
    if (line.startsWith('InitiatorName=')) return { iscsi_iqn: line.slice('InitiatorName='.length) };
  }
  return { iscsi_iqn: '' };
};

export const nvme: Collect = ({ raw }) => {
  for (const line of splitlines(fileContent(raw.file('/etc/nvme/hostnqn')) ?? '')) {
    if (line.startsWith('#') || line.startsWith(';') || strip(line) === '') continue;
    if (line.startsWith('nqn.')) return { hostnqn: line };
  }
  return { hostnqn: '' };
};

export const fibreChannelWwn: Collect = ({ raw }) => {
  const wwn: string[] = [];
  const files = raw.filesMatching(/^\/sys\/class\/fc_host\/[^/]+\/port_name$/).sort();
  for (const f of files) for (const line of fileLines(raw.file(f))) wwn.push(rstrip(line).slice(2));
  return { fibre_channel_wwn: wwn };
};
