/**
 * Seeding a host's overlay upper dir: only the files that differ from the machine's `/`.
 * The plan is computed once per lab; applying it to a host is a few dozen fs calls.
 *
 * Directories created in the upper dir take the mode and owner of the same directory in
 * `/`, because overlayfs shows the upper directory's attributes (an upper `root/` made 0755
 * would make the host's /root 0755).
 */
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type SeedEntry =
  | { readonly kind: 'file'; readonly path: string; readonly content: string | Buffer; readonly mode: number; readonly uid: number; readonly gid: number }
  | { readonly kind: 'dir'; readonly path: string; readonly mode: number; readonly uid: number; readonly gid: number }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string };

export interface LabUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly password: string;
  /** crypt(3) SHA-512 hash of the password, for /etc/shadow. */
  readonly passwordHash: string;
}

export interface SeedInput {
  readonly user: LabUser;
  /** Public key accepted for root and the user. */
  readonly authorizedKey: string;
  /** Host key files (name -> content), installed under /etc/ssh. */
  readonly hostKeys: ReadonlyMap<string, string>;
  readonly systemd: boolean;
}

/** Units a test host must not run: they would touch the shared kernel, clock or devices, or fail. */
export const MASKED_UNITS = [
  'postgresql.service', 'e2scrub_reap.service', 'apparmor.service', 'systemd-pstore.service',
  'systemd-timesyncd.service', 'getty@tty1.service', 'getty.target', 'console-getty.service',
  'systemd-modules-load.service', 'apt-daily.timer', 'apt-daily-upgrade.timer', 'dpkg-db-backup.timer',
  'e2scrub_all.timer', 'fstrim.timer', 'man-db.timer', 'systemd-udevd.service', 'systemd-udev-trigger.service',
  'systemd-udevd-kernel.socket', 'systemd-udevd-control.socket', 'systemd-hwdb-update.service',
  'systemd-random-seed.service', 'sys-kernel-debug.mount', 'sys-kernel-tracing.mount',
  'sys-kernel-config.mount', 'sys-fs-fuse-connections.mount', 'dev-hugepages.mount', 'dev-mqueue.mount',
  'proc-sys-fs-binfmt_misc.automount', 'systemd-binfmt.service', 'systemd-sysctl.service',
  'systemd-remount-fs.service', 'systemd-firstboot.service', 'openipmi.service',
];

const SSHD_DROP_IN = [
  '# kplay test host',
  'PermitRootLogin prohibit-password',
  'PasswordAuthentication yes',
  'UseDNS no',
  'HostKey /etc/ssh/ssh_host_ed25519_key',
  'HostKey /etc/ssh/ssh_host_ecdsa_key',
  '',
].join('\n');

function machineFile(path: string): string {
  return readFileSync(path, 'utf8');
}

function withLine(text: string, line: string): string {
  return (text.endsWith('\n') || text === '' ? text : text + '\n') + line + '\n';
}

/** Adds `member` to the member list (field `field`) of group `group` in a group/gshadow file. */
function addMember(text: string, group: string, member: string, field: number): string {
  return text
    .split('\n')
    .map((line) => {
      const f = line.split(':');
      if (f[0] !== group || f.length <= field) return line;
      const members = (f[field] ?? '').split(',').filter((m) => m !== '');
      if (!members.includes(member)) members.push(member);
      f[field] = members.join(',');
      return f.join(':');
    })
    .join('\n');
}

function usedIds(text: string, field: number): Set<number> {
  return new Set(text.split('\n').map((l) => Number(l.split(':')[field])).filter((n) => Number.isInteger(n)));
}

/** The first uid/gid pair from 1500 up that the machine does not use. */
export function freeUserId(): number {
  const uids = usedIds(machineFile('/etc/passwd'), 2);
  const gids = usedIds(machineFile('/etc/group'), 2);
  for (let id = 1500; id < 60000; id++) if (!uids.has(id) && !gids.has(id)) return id;
  throw new Error('no free uid');
}

function statOf(path: string): { mode: number; uid: number; gid: number } | undefined {
  try {
    const st = lstatSync(path);
    return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch {
    return undefined;
  }
}

function machineLikeFile(path: string, content: string): SeedEntry {
  const st = statOf(path) ?? { mode: 0o644, uid: 0, gid: 0 };
  return { kind: 'file', path, content, ...st };
}

/** Entries common to every host of a lab. */
export function labSeed(input: SeedInput): SeedEntry[] {
  const { user } = input;
  const days = Math.floor(Date.now() / 86_400_000);
  const entries: SeedEntry[] = [
    machineLikeFile('/etc/passwd', withLine(machineFile('/etc/passwd'), `${user.name}:x:${user.uid}:${user.gid}:kplay lab user:${user.home}:/bin/bash`)),
    machineLikeFile('/etc/group', withLine(addMember(machineFile('/etc/group'), 'sudo', user.name, 3), `${user.name}:x:${user.gid}:`)),
    machineLikeFile('/etc/shadow', withLine(machineFile('/etc/shadow'), `${user.name}:${user.passwordHash}:${days}:0:99999:7:::`)),
    machineLikeFile('/etc/gshadow', withLine(addMember(machineFile('/etc/gshadow'), 'sudo', user.name, 3), `${user.name}:!::`)),
    { kind: 'dir', path: '/root/.ssh', mode: 0o700, uid: 0, gid: 0 },
    { kind: 'file', path: '/root/.ssh/authorized_keys', content: input.authorizedKey, mode: 0o600, uid: 0, gid: 0 },
    { kind: 'dir', path: user.home, mode: 0o750, uid: user.uid, gid: user.gid },
    { kind: 'dir', path: `${user.home}/.ssh`, mode: 0o700, uid: user.uid, gid: user.gid },
    { kind: 'file', path: `${user.home}/.ssh/authorized_keys`, content: input.authorizedKey, mode: 0o600, uid: user.uid, gid: user.gid },
    { kind: 'file', path: '/etc/ssh/sshd_config.d/kplay-lab.conf', content: SSHD_DROP_IN, mode: 0o644, uid: 0, gid: 0 },
  ];
  for (const skel of ['.bashrc', '.profile', '.bash_logout']) {
    const st = statOf(`/etc/skel/${skel}`);
    if (st) entries.push({ kind: 'file', path: `${user.home}/${skel}`, content: machineFile(`/etc/skel/${skel}`), mode: st.mode, uid: user.uid, gid: user.gid });
  }
  for (const [name, content] of input.hostKeys) {
    entries.push({ kind: 'file', path: `/etc/ssh/${name}`, content, mode: name.endsWith('.pub') ? 0o644 : 0o600, uid: 0, gid: 0 });
  }
  if (input.systemd) {
    for (const unit of MASKED_UNITS) entries.push({ kind: 'symlink', path: `/etc/systemd/system/${unit}`, target: '/dev/null' });
  }
  return entries;
}

/** Entries that differ per host. */
export function hostSeed(name: string, address: string, systemd: boolean, machineId: string): SeedEntry[] {
  const hosts = withLine(machineFile('/etc/hosts'), `${address}\t${name}`);
  return [
    { kind: 'file', path: '/etc/hostname', content: `${name}\n`, mode: 0o644, uid: 0, gid: 0 },
    machineLikeFile('/etc/hosts', hosts),
    // systemd makes a transient id from an empty file; a bare host gets its own id.
    machineLikeFile('/etc/machine-id', systemd ? '' : `${machineId}\n`),
  ];
}

/** Creates the upper dir's parents of `path` the way they are in `/`. */
function ensureParents(upper: string, path: string, made: Set<string>): void {
  const parent = dirname(path);
  if (parent === '/' || made.has(parent)) return;
  ensureParents(upper, parent, made);
  const st = statOf(parent) ?? { mode: 0o755, uid: 0, gid: 0 };
  const target = join(upper, parent);
  mkdirSync(target);
  chmodSync(target, st.mode);
  chownSync(target, st.uid, st.gid);
  made.add(parent);
}

export function applySeed(upper: string, entries: readonly SeedEntry[]): void {
  const made = new Set<string>();
  for (const e of entries) {
    ensureParents(upper, e.path, made);
    const target = join(upper, e.path);
    if (e.kind === 'symlink') {
      symlinkSync(e.target, target);
      continue;
    }
    if (e.kind === 'dir') {
      if (!made.has(e.path)) mkdirSync(target);
      made.add(e.path);
    } else {
      writeFileSync(target, e.content);
    }
    chmodSync(target, e.mode);
    chownSync(target, e.uid, e.gid);
  }
}
