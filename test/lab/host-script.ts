/**
 * The shell side of a host launch. The launcher (PRELUDE) optionally joins the host's
 * cgroup, enters the host's netns and unshares the other namespaces; HOST_SCRIPT then runs
 * as PID 1 of the new PID namespace, builds the root (overlay over `/`, private /dev, /proc,
 * /sys, /run, /tmp), reports on fd 3 and execs the host's init inside the chroot.
 * Parameters come as environment variables, never spliced into the text.
 */

/** Capabilities a test host must not have: they act on the shared kernel, clock or hardware. */
const DROPPED_CAPS = '-sys_module,-sys_time,-sys_rawio,-mac_admin,-mac_override';

export const PRELUDE = `set -e
if [ -n "$KPLAY_CGROUP" ]; then echo $$ > "$KPLAY_CGROUP/cgroup.procs"; CG=--cgroup; else CG=; fi
exec nsenter --net="/run/netns/$KPLAY_NETNS" -- \\
  unshare --mount --uts --pid --ipc $CG --fork --kill-child --propagation private \\
  /bin/sh -c 'eval "$KPLAY_HOST_SCRIPT"'
`;

/** What the host's /dev starts with (the script binds the real devices over the plain files). */
export const DEV_SKELETON: readonly { path: string; kind: 'file' | 'dir' | 'symlink'; target?: string }[] = [
  ...['null', 'zero', 'full', 'random', 'urandom', 'tty', 'console'].map((path) => ({ path, kind: 'file' as const })),
  { path: 'pts', kind: 'dir' },
  { path: 'shm', kind: 'dir' },
  { path: 'ptmx', kind: 'symlink', target: 'pts/ptmx' },
  { path: 'fd', kind: 'symlink', target: '/proc/self/fd' },
  { path: 'stdin', kind: 'symlink', target: '/proc/self/fd/0' },
  { path: 'stdout', kind: 'symlink', target: '/proc/self/fd/1' },
  { path: 'stderr', kind: 'symlink', target: '/proc/self/fd/2' },
];

export const HOST_SCRIPT = `set -eu
# Our PID as the controller sees it: the root namespace's /proc is still mounted here.
read -r outer _ < /proc/self/stat
echo "pid $outer" >&3

# This mount namespace is a private copy of the root one: drop the copies of the named
# netns mounts (they would keep other hosts' and labs' namespaces alive).
# /run/netns is normally a mount point of its own (ip netns makes it one): one lazy umount.
if ! umount -l /run/netns 2>/dev/null; then
  for f in /run/netns/*; do umount -l "$f" 2>/dev/null || true; done
fi

# replace, not add: a rebooted host comes back into its netns with eth0 already configured
ip -batch - <<EOF
link set lo up
addr replace $KPLAY_ADDR dev eth0
link set eth0 up
route replace default via $KPLAY_GW
EOF

M=$KPLAY_MERGED
mount -t overlay overlay -o "lowerdir=/,upperdir=$KPLAY_UPPER,workdir=$KPLAY_WORK" "$M"
mount -t proc -o nosuid,nodev,noexec proc "$M/proc"
# Global sysctls stay read-only; net.* is per network namespace, so it may be written.
mount --bind "$M/proc/sys" "$M/proc/sys"
mount --bind "$M/proc/sys/net" "$M/proc/sys/net"
mount -o remount,bind,ro "$M/proc/sys"
if [ -n "\${KPLAY_BOOT_ID:-}" ]; then
  mount --bind -o ro "$KPLAY_BOOT_ID" "$M/proc/sys/kernel/random/boot_id"
fi
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$M/sys"
if [ "$KPLAY_SYSTEMD" = 1 ]; then
  mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$M/sys/fs/cgroup"
fi

mount -t tmpfs -o mode=755,nosuid,size=64k dev "$M/dev"
# device files to bind over, pts/ and shm/, the ptmx and fd symlinks: one copy
cp -a "$KPLAY_DEVSKEL/." "$M/dev/"
for d in null zero full random urandom tty; do mount --bind "/dev/$d" "$M/dev/$d"; done
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$M/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$M/dev/shm"
mount -t tmpfs -o mode=755,nosuid,nodev run "$M/run"
mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$M/tmp"
mkdir -p -m 1777 "$M/run/lock"
mount --bind "$KPLAY_CONSOLE" "$M/dev/console"
hostname "$KPLAY_NAME"

if [ "$KPLAY_SYSTEMD" = 1 ]; then
  echo ok >&3
  exec 3>&-
  exec chroot "$M" /usr/bin/env -i container=other TERM=dumb \\
    /usr/bin/setpriv --bounding-set ${DROPPED_CAPS} /lib/systemd/systemd
fi

mkdir -m 755 "$M/run/sshd"
echo ok >&3
exec 3>&-
# PID 1 of a bare host: starts sshd, then only reaps orphans (dash's wait reaps any child).
exec chroot "$M" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \\
  /usr/bin/setpriv --bounding-set ${DROPPED_CAPS} \\
  /bin/sh -c '/usr/sbin/sshd -D -e & while :; do sleep 2147483647 & wait; done'
`;
