/** Script fragment: the virtual collector (virtual/linux.py). */
import { DMI_DIR } from './system.js';

export const VIRTUAL = String.raw`
G /proc/1/cgroup /run/systemd/container /proc/xen/capabilities ${DMI_DIR}/product_name ${DMI_DIR}/sys_vendor ${DMI_DIR}/product_family ${DMI_DIR}/bios_vendor /proc/modules
X /proc/1/cgroup /proc/1/environ /proc/vz /proc/lve /proc/bc /.dockerenv /.dockerinit /proc/xen /proc/self/status /proc/modules /rhev/ /dev/kvm
S file /proc/1/environ; cat /proc/1/environ 2>/dev/null
[ -d /rhev/ ] && { S kv; K vdsm "$(cat /proc/[0-9]*/comm 2>/dev/null | grep -cxE 'vdsmd?')"; }
B dmidecode && C dmidecode_product "$BP" -s system-product-name
if grep -q '^vendor_id.*IBM/S390' /proc/cpuinfo 2>/dev/null && B lscpu; then C lscpu "$BP"; fi
`;
