/** Script fragments: CPU, memory, DMI, uptime, LVM, mounts and block devices (the hardware collector). */
import { DMI_DIR } from './system.js';

const DMI_FILES = [
  'bios_date', 'bios_vendor', 'bios_version', 'board_asset_tag', 'board_name', 'board_serial', 'board_vendor',
  'board_version', 'chassis_asset_tag', 'chassis_serial', 'chassis_vendor', 'chassis_version', 'chassis_type',
  'product_name', 'product_serial', 'product_uuid', 'product_version', 'sys_vendor', 'product_family',
].map((f) => `${DMI_DIR}/${f}`);

export const DMIDECODE_KEYS = [
  'bios-release-date', 'bios-vendor', 'bios-version', 'baseboard-asset-tag', 'baseboard-product-name',
  'baseboard-serial-number', 'baseboard-manufacturer', 'baseboard-version', 'chassis-asset-tag',
  'chassis-serial-number', 'chassis-manufacturer', 'chassis-version', 'chassis-type', 'system-product-name',
  'system-serial-number', 'system-uuid', 'system-version', 'system-manufacturer',
];

const LVM_OPTS = '--noheadings --nosuffix --units g --separator ,';

/** Read by the hardware and virtual collectors alike. */
export const CPUINFO = 'G /proc/cpuinfo\nX /proc/cpuinfo\n';

export const CPU_MEMORY_DMI = String.raw`
G /proc/meminfo /sys/hypervisor/type /proc/uptime ${DMI_FILES.join(' ')}
X /proc/xen /proc/meminfo ${DMI_DIR}/product_name
if [ ! -e ${DMI_DIR}/product_name ] && B dmidecode && _d=$BP; then
  for _k in ${DMIDECODE_KEYS.join(' ')}; do C "dmi $_k" "$_d" -s "$_k"; done
fi
`;

export const LVM = String.raw`
if [ "$RUID" = 0 ] && B vgs; then
  _v=$BP
  S kv; K lvm 1
  C vgs "$_v" ${LVM_OPTS}
  B lvs && C lvs "$BP" ${LVM_OPTS}
  if B pvs; then
    _p=$BP
    _o=$("$_p" ${LVM_OPTS} 2>/dev/null </dev/null)
    S cmd pvs; printf '%s\n' "$_o"; S rc pvs 0
    B dmsetup; _ds=$BP
    for _n in $(printf '%s\n' "$_o" | cut -d, -f1); do
      case "$_n" in /dev/dm-*) [ -n "$_ds" ] && C "dm $_n" "$_ds" info -C --noheadings -o name "$_n";; esac
    done
  fi
fi
`;

/** Mount points as Ansible keeps them (device path-like, fstype not none), statvfs'd in one stat call. */
export function mountsFragment(gatherTimeout: number): string {
  return String.raw`
_m=/etc/mtab; [ -e "$_m" ] || _m=/proc/mounts
S file mtab; cat "$_m" 2>/dev/null
B findmnt && C findmnt "$BP" --list --noheadings --notruncate
B lsblk && C lsblk "$BP" --list --noheadings --paths --output NAME,UUID --exclude 2
B udevadm; _u=$BP
_seen=' '
set --
while read -r _dev _mnt _fs _rest; do
  case "$_dev" in /*|\\*|*:/*) ;; *) continue;; esac
  [ "$_fs" = none ] && continue
  case "$_mnt" in *\\*) _mnt=$(printf '%s' "$_mnt" | sed 's/\\040/ /g; s/\\011/\t/g; s/\\012/\n/g; s/\\134/\\/g');; esac
  set -- "$@" "$_mnt"
  if [ -n "$_u" ]; then
    case "$_seen" in *" $_dev "*) ;; *) _seen="$_seen$_dev "; C "udev $_dev" "$_u" info --query property --name "$_dev";; esac
  fi
done < "$_m"
if [ $# -gt 0 ]; then
  _t=; B timeout && _t="$BP ${gatherTimeout}"
  C statvfs $_t stat -f -c '%S %s %b %a %c %d %n' -- "$@"
fi
`;
}

export const DEVICES = String.raw`
B lspci && C lspci "$BP" -D
D /sys/block
LN /sys/block/* /dev/disk/by-id/* /dev/disk/by-uuid/* /dev/disk/by-label/*
G /sys/block/*/device/vendor /sys/block/*/device/model /sys/block/*/device/sas_address /sys/block/*/device/sas_device_handle /sys/block/*/device/serial /sys/block/*/removable /sys/block/*/queue/discard_granularity /sys/block/*/queue/rotational /sys/block/*/queue/scheduler /sys/block/*/size /sys/block/*/queue/logical_block_size /sys/block/*/queue/hw_sector_size
G /sys/block/*/*/start /sys/block/*/*[0-9]*/size /sys/block/*/*[0-9]*/queue/logical_block_size /sys/block/*/*[0-9]*/queue/hw_sector_size /sys/block/*/holders/dm-*/dm/name /sys/block/*/*[0-9]*/holders/dm-*/dm/name
S x
for _e in /sys/block/*/*[0-9]* /sys/block/*/holders/* /sys/block/*/*[0-9]*/holders/* /sys/block/*/slaves/*; do [ -e "$_e" ] && printf 'e %s\n' "$_e"; done
for _e in /sys/block/*; do [ -e "$_e/device" ] && printf 'e %s\n' "$_e/device"; done
if B sg_inq; then
  _g=$BP
  S kv; K sg_inq "$_g"
  for _e in /sys/block/*; do _e=$(basename "$_e"); C "sg_inq $_e" "$_g" "/dev/$_e"; done
fi
`;
