/** Script fragments: distribution files, lsb_release, package and service managers. */
import type { CollectorName } from '../collectors.js';
import { DIST_FILE_PATHS } from '../distribution-files.js';
import { ETC_RELEASE_FILES } from '../distro.js';
import { PKG_MGRS } from '../packaging.js';

/** lsb_release -a: read by both the distribution (distro) and lsb collectors; run once. */
export const LSB_RELEASE = String.raw`
B lsb_release && C lsb "$BP" -a
`;

export const DISTRIBUTION_FRAGMENTS: Partial<Record<CollectorName, string>> = {
  distribution: String.raw`
X ${DIST_FILE_PATHS.join(' ')}
G ${DIST_FILE_PATHS.join(' ')} /etc/debian_version
S ls ${ETC_RELEASE_FILES}
for _f in /etc/*[-_]release /etc/*[-_]version; do [ -f "$_f" ] && printf '%s\n' "$_f"; done
G /etc/*[-_]release /etc/*[-_]version
[ -L /etc/products.d/baseproduct ] && { S kv; K baseproduct "$(readlink -f /etc/products.d/baseproduct 2>/dev/null)"; }
`,
  lsb: String.raw`
G /etc/lsb-release
X /etc/lsb-release
`,
  pkg_mgr: String.raw`
X ${[...new Set(PKG_MGRS.map((p) => p.path))].join(' ')} /run/ostree-booted /usr/bin/rpm
[ -e /usr/bin/rpm ] && C rpm_apt /usr/bin/rpm -q --whatprovides /usr/bin/apt-get
`,
  service_mgr: String.raw`
G /proc/1/comm
X /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/ /etc/init/ /sbin/openrc /etc/init.d/
LN /sbin/init
S kv
B systemctl; K systemctl "$BP"
B initctl; K initctl "$BP"
`,
};
