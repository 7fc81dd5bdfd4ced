/**
 * What "the same facts" means between kplay and Ansible: every key equal in value and JSON
 * type, except what cannot be equal between two runs or two SSH clients.
 */
import type { Facts } from './harness.js';

/** Facts only a Python interpreter on the host can give: kplay does not invent them. */
export const PYTHON_ONLY = ['python', 'python_version', 'selinux_python_present'];

/** Values that move between two runs: compared by shape (keys and JSON types) only. */
export const TIME_DEPENDENT = ['date_time', 'uptime_seconds', 'memfree_mb', 'memory_mb', 'loadavg'];

/** Mount fields that change while the host runs. */
const MOUNT_MOVING = ['size_available', 'block_available', 'block_used', 'inode_available', 'inode_used'];

/**
 * Environment variables the SSH client decides: the client port (SSH_CLIENT, SSH_CONNECTION),
 * the PTY Ansible's ssh asks for (-tt: SSH_TTY, TERM) and the locale OpenSSH forwards
 * (Debian's ssh_config `SendEnv LANG LC_*`), and the logind session number of each login. kplay's ssh2 client asks for no PTY and sends none.
 */
export const ENV_FROM_CLIENT = /^(SSH_CLIENT|SSH_CONNECTION|SSH_TTY|TERM|LANG|LC_\w+|XDG_SESSION_ID)$/;

/** Lists Ansible builds from Python sets: their order is random per run. */
const UNORDERED = ['interfaces', 'virtualization_tech_guest', 'virtualization_tech_host'];

export interface FactsDiff {
  /** Keys Ansible returns and kplay does not (Python-only ones excluded). */
  missing: string[];
  /** Keys kplay returns and Ansible does not. */
  extra: string[];
  /** Keys with different values: [key, ansible, kplay]. */
  different: Array<[string, unknown, unknown]>;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}

/** The value reduced to its shape: keys and JSON types. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return 'array';
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, shape(x)]));
  return v === null ? 'null' : typeof v;
}

function normalize(key: string, v: unknown): unknown {
  if (TIME_DEPENDENT.includes(key)) {
    if (key === 'date_time' && v && typeof v === 'object') {
      const d = v as Record<string, unknown>;
      return { shape: shape(v), tz: d['tz'], tz_dst: d['tz_dst'], tz_offset: d['tz_offset'] };
    }
    return shape(v);
  }
  if (UNORDERED.includes(key) && Array.isArray(v)) return [...v].map(String).sort();
  if (key === 'env' && v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => !ENV_FROM_CLIENT.test(k)));
  }
  if (key === 'mounts' && Array.isArray(v)) {
    return v
      .map((m) => Object.fromEntries(Object.entries(m as Record<string, unknown>).map(([k, x]) => [k, MOUNT_MOVING.includes(k) ? typeof x : x])))
      .sort((a, b) => String(a['mount']).localeCompare(String(b['mount'])));
  }
  return v;
}

export function compareFacts(ansible: Facts, kplay: Facts): FactsDiff {
  const missing: string[] = [];
  const extra: string[] = [];
  const different: Array<[string, unknown, unknown]> = [];
  for (const key of Object.keys(ansible).sort()) {
    if (PYTHON_ONLY.includes(key)) continue;
    if (!(key in kplay)) {
      missing.push(key);
      continue;
    }
    const a = JSON.stringify(sortKeys(normalize(key, ansible[key])));
    const k = JSON.stringify(sortKeys(normalize(key, kplay[key])));
    if (a !== k) different.push([key, ansible[key], kplay[key]]);
  }
  for (const key of Object.keys(kplay).sort()) if (!(key in ansible)) extra.push(key);
  return { missing, extra, different };
}

export function describeDiff(d: FactsDiff): string {
  const lines = [`missing (Ansible has, kplay not): ${d.missing.join(', ') || '-'}`, `extra (kplay has, Ansible not): ${d.extra.join(', ') || '-'}`];
  for (const [k, a, b] of d.different) lines.push(`different ${k}:\n  ansible ${JSON.stringify(a)}\n  kplay   ${JSON.stringify(b)}`);
  return lines.join('\n');
}

/** The facts the brief for `setup` names: each must be there, equal to Ansible's. */
export const REQUIRED_KEYS = [
  'hostname', 'fqdn', 'nodename', 'domain', 'distribution', 'distribution_version', 'distribution_major_version',
  'distribution_minor_version', 'distribution_release', 'distribution_file_path', 'distribution_file_variety',
  'distribution_file_parsed', 'os_family', 'system', 'kernel', 'kernel_version', 'architecture', 'machine',
  'userspace_architecture', 'userspace_bits', 'default_ipv4', 'default_ipv6', 'all_ipv4_addresses', 'all_ipv6_addresses',
  'interfaces', 'eth0', 'lo', 'memtotal_mb', 'memfree_mb', 'swaptotal_mb', 'swapfree_mb', 'memory_mb', 'processor',
  'processor_count', 'processor_cores', 'processor_vcpus', 'processor_threads_per_core', 'processor_nproc', 'mounts',
  'devices', 'pkg_mgr', 'service_mgr', 'env', 'user_id', 'user_uid', 'user_gid', 'user_gecos', 'user_dir', 'user_shell',
  'real_user_id', 'effective_user_id', 'real_group_id', 'effective_group_id', 'date_time', 'lsb', 'selinux', 'apparmor',
  'virtualization_type', 'virtualization_role', 'virtualization_tech_guest', 'virtualization_tech_host', 'machine_id',
  'dns', 'cmdline', 'proc_cmdline', 'fips', 'is_chroot', 'ssh_host_key_rsa_public', 'ssh_host_key_rsa_public_keytype',
  'ssh_host_key_ecdsa_public', 'ssh_host_key_ecdsa_public_keytype', 'ssh_host_key_ed25519_public',
  'ssh_host_key_ed25519_public_keytype', 'uptime_seconds', 'loadavg', 'ansible_local', 'system_capabilities',
  'system_capabilities_enforced', 'product_name', 'product_serial', 'product_uuid', 'product_version', 'bios_date',
  'bios_vendor', 'bios_version', 'board_asset_tag', 'board_name', 'board_serial', 'board_vendor', 'board_version',
  'chassis_asset_tag', 'chassis_serial', 'chassis_vendor', 'chassis_version', 'form_factor', 'system_vendor',
  'gather_subset', 'module_setup',
];
