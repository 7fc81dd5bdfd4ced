/**
 * The hardware collector (hardware/linux.py LinuxHardware): CPU, memory, DMI, uptime and LVM
 * here; mounts and block devices in mounts.ts and devices.ts.
 */
import type { Collect, CollectContext } from './context.js';
import { procStatus } from './context.js';
import type { FactDict } from './types.js';
import { fileContent, fileLines, pyFloat, pyInt, splitlines, strip } from './py.js';
import { DMIDECODE_KEYS } from './sh/hardware.js';
import { DMI_DIR } from './sh/system.js';
import { deviceFacts } from './devices.js';
import { mountFacts } from './mounts.js';

const ORIGINAL_MEMORY_FACTS = new Set(['MemTotal', 'SwapTotal', 'MemFree', 'SwapFree']);
const MEMORY_FACTS = new Set([...ORIGINAL_MEMORY_FACTS, 'Buffers', 'Cached', 'SwapCached']);

export function memoryFacts({ raw }: CollectContext): FactDict {
  const f: FactDict = {};
  if (!raw.exists('/proc/meminfo')) return f;
  const m: Record<string, number | null> = {};
  for (const line of fileLines(raw.file('/proc/meminfo'))) {
    const colon = line.indexOf(':');
    const key = colon < 0 ? line : line.slice(0, colon);
    if (!MEMORY_FACTS.has(key)) continue;
    const val = Math.floor(pyInt(strip(line.slice(colon + 1)).split(' ')[0]!) / 1024);
    if (ORIGINAL_MEMORY_FACTS.has(key)) f[`${key.toLowerCase()}_mb`] = val;
    m[key.toLowerCase()] = val;
  }
  const g = (k: string): number | null => m[k] ?? null;
  const sub = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);
  const nocacheFree = g('cached') === null || g('memfree') === null || g('buffers') === null ? null : g('cached')! + g('memfree')! + g('buffers')!;
  f['memory_mb'] = {
    real: { total: g('memtotal'), used: sub(g('memtotal'), g('memfree')), free: g('memfree') },
    nocache: { free: nocacheFree, used: sub(g('memtotal'), nocacheFree) },
    swap: { total: g('swaptotal'), free: g('swapfree'), used: sub(g('swaptotal'), g('swapfree')), cached: g('swapcached') },
  };
  return f;
}

/** The number of CPUs in a list such as `0-3,8,10-11` (Cpus_allowed_list). */
function cpuListCount(list: string): number {
  let n = 0;
  for (const part of list.split(',')) {
    const [a, b] = part.trim().split('-');
    if (a === undefined || a === '') continue;
    n += b === undefined ? 1 : Number(b) - Number(a) + 1;
  }
  return n;
}

export function cpuFacts({ raw, collected }: CollectContext): FactDict {
  const f: FactDict = {};
  let xen = raw.exists('/proc/xen');
  if (!xen) xen = fileLines(raw.file('/sys/hypervisor/type'))[0]?.trim() === 'xen';
  if (!raw.exists('/proc/cpuinfo')) return f;
  const processor: string[] = [];
  f['processor'] = processor;
  let i = 0;
  let vendorIds = 0;
  let modelNames = 0;
  let processors = 0;
  let physid: string | number = 0;
  let coreid: string | number = 0;
  const sockets = new Map<string | number, number>();
  const cores = new Map<string | number, number>();
  let xenParavirt = false;
  for (const line of fileLines(raw.file('/proc/cpuinfo'))) {
    const colon = line.indexOf(':');
    const key = strip(colon < 0 ? line : line.slice(0, colon));
    const val = colon < 0 ? '' : strip(line.slice(colon + 1));
    if (xen && key === 'flags' && !val.includes('vme')) xenParavirt = true;
    if (['model name', 'Processor', 'vendor_id', 'cpu', 'Vendor', 'processor'].includes(key)) {
      processor.push(val);
      if (key === 'vendor_id') vendorIds++;
      if (key === 'model name') modelNames++;
      if (key === 'processor') processors++;
      i++;
    } else if (key === 'physical id') {
      physid = val;
      if (!sockets.has(physid)) sockets.set(physid, 1);
    } else if (key === 'core id') {
      coreid = val;
      // Ansible tests `sockets` here, not `cores`.
      if (!sockets.has(coreid)) cores.set(coreid, 1);
    } else if (key === 'cpu cores') {
      sockets.set(physid, pyInt(val));
    } else if (key === 'siblings') {
      cores.set(coreid, pyInt(val));
    } else if (key === '# processors') {
      f['processor_cores'] = pyInt(val);
    } else if (key === 'ncpus active') {
      i = pyInt(val);
    }
  }
  if (vendorIds > 0 && vendorIds === modelNames) i = vendorIds;
  const arch = String(collected['architecture'] ?? '');
  if (/^(armv|aarch|ppc)/.test(arch)) i = processors;
  if (arch === 's390x') return f;
  if (xenParavirt) {
    Object.assign(f, { processor_count: i, processor_cores: i, processor_threads_per_core: 1, processor_vcpus: i });
    return f;
  }
  f['processor_count'] = sockets.size ? sockets.size : i;
  const firstSocket = [...sockets.values()][0];
  f['processor_cores'] = firstSocket ? firstSocket : 1;
  const firstCore = [...cores.values()][0];
  const pc = f['processor_cores'];
  f['processor_threads_per_core'] = firstCore !== undefined ? Math.floor(firstCore / pc) : Math.floor(1 / pc);
  f['processor_vcpus'] = f['processor_threads_per_core'] * f['processor_count'] * pc;
  const allowed = procStatus(raw, 'Cpus_allowed_list');
  f['processor_nproc'] = allowed !== undefined ? cpuListCount(allowed) : processors;
  return f;
}

const FORM_FACTOR = [
  'Unknown', 'Other', 'Unknown', 'Desktop', 'Low Profile Desktop', 'Pizza Box', 'Mini Tower', 'Tower', 'Portable', 'Laptop',
  'Notebook', 'Hand Held', 'Docking Station', 'All In One', 'Sub Notebook', 'Space-saving', 'Lunch Box', 'Main Server Chassis',
  'Expansion Chassis', 'Sub Chassis', 'Bus Expansion Chassis', 'Peripheral Chassis', 'RAID Chassis', 'Rack Mount Chassis',
  'Sealed-case PC', 'Multi-system', 'CompactPCI', 'AdvancedTCA', 'Blade', 'Blade Enclosure', 'Tablet', 'Convertible', 'Detachable',
  'IoT Gateway', 'Embedded PC', 'Mini PC', 'Stick PC',
];

const DMI_KEYS: ReadonlyArray<[string, string]> = [
  ['bios_date', 'bios_date'], ['bios_vendor', 'bios_vendor'], ['bios_version', 'bios_version'], ['board_asset_tag', 'board_asset_tag'],
  ['board_name', 'board_name'], ['board_serial', 'board_serial'], ['board_vendor', 'board_vendor'], ['board_version', 'board_version'],
  ['chassis_asset_tag', 'chassis_asset_tag'], ['chassis_serial', 'chassis_serial'], ['chassis_vendor', 'chassis_vendor'],
  ['chassis_version', 'chassis_version'], ['form_factor', 'chassis_type'], ['product_name', 'product_name'], ['product_serial', 'product_serial'],
  ['product_uuid', 'product_uuid'], ['product_version', 'product_version'], ['system_vendor', 'sys_vendor'],
];

export function dmiFacts({ raw }: CollectContext): FactDict {
  const f: FactDict = {};
  const fromSys = raw.exists(`${DMI_DIR}/product_name`);
  DMI_KEYS.forEach(([key, file], idx) => {
    if (fromSys) {
      const data = fileContent(raw.file(`${DMI_DIR}/${file}`));
      if (data === undefined) f[key] = 'NA';
      else if (key === 'form_factor') f[key] = formFactor(data);
      else f[key] = data;
      return;
    }
    const out = raw.cmd(`dmi ${DMIDECODE_KEYS[idx]!}`);
    f[key] = out && out.rc === 0 ? splitlines(out.out).filter((l) => !l.startsWith('#')).join('') : 'NA';
  });
  return f;
}

function formFactor(data: string): string {
  const n = pyInt(data);
  const name = n < 0 ? FORM_FACTOR[FORM_FACTOR.length + n] : FORM_FACTOR[n];
  return name ?? `unknown (${data})`;
}

export function uptimeFacts({ raw }: CollectContext): FactDict {
  const content = fileContent(raw.file('/proc/uptime'));
  return content ? { uptime_seconds: Math.trunc(pyFloat(content.split(' ')[0]!)) } : {};
}

export function lvmFacts({ raw }: CollectContext): FactDict {
  if (raw.get('lvm') !== '1') return { lvm: 'N/A' };
  const rows = (name: string): string[][] => splitlines(raw.cmd(name)?.out ?? '').map((l) => strip(l).split(','));
  const at = (items: string[], i: number): string => {
    const v = i < 0 ? items[items.length + i] : items[i];
    if (v === undefined) throw new Error('list index out of range');
    return v;
  };
  const vgs: FactDict = {};
  for (const it of rows('vgs')) vgs[it[0]!] = { size_g: at(it, -2), free_g: at(it, -1), num_lvs: at(it, 2), num_pvs: at(it, 1) };
  const lvs: FactDict = {};
  if (raw.cmd('lvs')) for (const it of rows('lvs')) lvs[it[0]!] = { size_g: at(it, 3), vg: at(it, 1) };
  const pvs: FactDict = {};
  if (raw.cmd('pvs')) {
    for (const it of rows('pvs')) {
      let dev = it[0]!;
      const dm = raw.cmd(`dm ${dev}`);
      if (dev.startsWith('/dev/dm-') && dm && dm.rc === 0) dev = `/dev/mapper/${dm.out.trimEnd()}`;
      pvs[dev] = { size_g: at(it, 4), free_g: at(it, 5), vg: at(it, 1) };
    }
  }
  return { lvm: { lvs, vgs, pvs } };
}

/** LinuxHardware.populate: a failing part fails the whole collector, as in Ansible. */
export const hardware: Collect = (ctx) => {
  const f: FactDict = {};
  const parts: Array<(c: CollectContext) => FactDict> = [cpuFacts, memoryFacts, dmiFacts, deviceFacts, uptimeFacts, lvmFacts, mountFacts];
  for (const part of parts) Object.assign(f, part(ctx));
  return f;
};
