/*
 * One POSIX shell script per host, one round trip: prints `key=value` lines the parser reads.
 * Values are taken as printed; no Python on the host.
 */
export const FACTS_SCRIPT = `
LC_ALL=C; export LC_ALL
p() { printf '%s=%s\\n' "$1" "$2"; }
p hostname "$(hostname -s 2>/dev/null || uname -n)"
p fqdn "$(hostname -f 2>/dev/null || uname -n)"
p nodename "$(uname -n)"
p system "$(uname -s)"
p kernel "$(uname -r)"
p kernel_version "$(uname -v)"
p machine "$(uname -m)"
p user_id "$(id -un)"
p user_uid "$(id -u)"
p user_gid "$(id -g)"
p user_dir "$HOME"
p user_shell "$SHELL"
if [ -r /etc/os-release ]; then
  ( . /etc/os-release; p os_id "$ID"; p os_id_like "$ID_LIKE"; p os_name "$NAME"; p os_version_id "$VERSION_ID"; p os_codename "$VERSION_CODENAME"; p os_pretty "$PRETTY_NAME" )
fi
[ -r /etc/debian_version ] && p debian_version "$(cat /etc/debian_version)"
[ -r /etc/machine-id ] && p machine_id "$(cat /etc/machine-id)"
p memtotal_kb "$(awk '/^MemTotal:/{print $2}' /proc/meminfo 2>/dev/null)"
p memfree_kb "$(awk '/^MemFree:/{print $2}' /proc/meminfo 2>/dev/null)"
p swaptotal_kb "$(awk '/^SwapTotal:/{print $2}' /proc/meminfo 2>/dev/null)"
p swapfree_kb "$(awk '/^SwapFree:/{print $2}' /proc/meminfo 2>/dev/null)"
p nproc "$(grep -c ^processor /proc/cpuinfo 2>/dev/null)"
p pid1 "$(cat /proc/1/comm 2>/dev/null)"
for m in apt-get dnf yum zypper apk pacman; do command -v $m >/dev/null 2>&1 && { p pkg_mgr_bin $m; break; }; done
p epoch "$(date +%s)"
`;
