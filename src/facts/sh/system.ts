/** Script fragments: platform, user, date_time and the small system collectors. */
import type { CollectorName } from '../collectors.js';

const SSH_KEY_FILES = ['/etc/ssh', '/etc/openssh', '/etc']
  .flatMap((d) => ['dsa', 'rsa', 'ecdsa', 'ed25519'].map((a) => `${d}/ssh_host_${a}_key.pub`))
  .join(' ');

export const DMI_DIR = '/sys/devices/virtual/dmi/id';

export const SYSTEM_FRAGMENTS: Partial<Record<CollectorName, string>> = {
  platform: String.raw`
S kv
K elfclass "$(od -An -tu1 -j4 -N1 /bin/sh 2>/dev/null)"
set -- $UNAME
_a=; [ -n "$2" ] && _a=$(getent ahosts "$2" 2>/dev/null)
set -- $_a
[ -n "$1" ] && C fqdn getent hosts "$1"
G /var/lib/dbus/machine-id /etc/machine-id
`,
  user: String.raw`
_u=$LOGNAME; [ -n "$_u" ] || _u=$USER; [ -n "$_u" ] || _u=$LNAME; [ -n "$_u" ] || _u=$USERNAME
S kv
K getuser "$_u"
_p=; [ -n "$_u" ] && _p=$(getent passwd "$_u" 2>/dev/null || grep "^$_u:" /etc/passwd 2>/dev/null)
if [ -n "$_p" ]; then K pw_name "$_p"
else K pw_uid "$(getent passwd "$RUID" 2>/dev/null || awk -F: -v u="$RUID" '$3==u{print;exit}' /etc/passwd 2>/dev/null)"; fi
`,
  date_time: String.raw`
S kv
K date "$(date '+%Y|%m|%A|%w|%W|%d|%H|%M|%S|%s|%Z|%z|%N' 2>/dev/null)"
_z=$TZ
case "$_z" in :*) _z=$(printf '%s' "$_z" | cut -c2-);; esac
case "$_z" in '') _z=/etc/localtime;; /*) ;; *) _z=/usr/share/zoneinfo/$_z;; esac
[ -f "$_z" ] && C tzfooter tail -n 1 "$_z"
`,
  cmdline: `G /proc/cmdline\n`,
  dns: `G /etc/resolv.conf\n`,
  fips: `G /proc/sys/crypto/fips_enabled\n`,
  loadavg: `G /proc/loadavg\n`,
  ssh_pub_keys: `G ${SSH_KEY_FILES}\n`,
  caps: String.raw`
B capsh && C caps "$BP" --print
`,
  selinux: String.raw`
X /sys/fs/selinux/enforce /etc/selinux/config
G /sys/fs/selinux/enforce /sys/fs/selinux/policyvers /etc/selinux/config
`,
  apparmor: `X /sys/kernel/security/apparmor\n`,
  chroot: String.raw`
if [ -e /proc/1/root/. ]; then C stat_root stat -c '%n|%d %i' / /proc/1/root/.
else C stat_root stat -c '%n|%d %i' /; C fstype_root stat -f -c %T /; fi
`,
  fibre_channel_wwn: `G /sys/class/fc_host/*/port_name\n`,
  iscsi: `G /etc/iscsi/initiatorname.iscsi\n`,
  nvme: `G /etc/nvme/hostnqn\n`,
};
