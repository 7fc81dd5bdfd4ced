/**
 * The network collector (network/linux.py LinuxNetwork): default routes from `ip route get`,
 * interfaces from /sys/class/net in readdir order, addresses from one `ip addr show`
 * (split per device into what `ip addr show primary|secondary dev X` would print).
 */
import type { Collect } from './context.js';
import type { FactDict, JsonObject } from './types.js';
import { fileContent, pyInt, splitWs, splitlines, strip } from './py.js';
import type { RawFacts } from './raw.js';

const NET = '/sys/class/net';
const INTERFACE_TYPE: Record<string, string> = { '1': 'ether', '32': 'infiniband', '512': 'ppp', '772': 'loopback', '65534': 'tunnel' };
const TARGETS = { v4: '8.8.8.8', v6: '2404:6800:400a:800::1012' } as const;

function defaultInterface(raw: RawFacts, v: 'v4' | 'v6'): JsonObject {
  const iface: JsonObject = {};
  const out = raw.cmd(`route_${v}`)?.out ?? '';
  if (!out) return iface;
  const words = splitWs(splitlines(out)[0] ?? '');
  if (words[0] !== TARGETS[v]) return iface;
  for (let i = 0; i < words.length - 1; i++) {
    if (words[i] === 'dev') iface['interface'] = words[i + 1]!;
    else if (words[i] === 'src') iface['address'] = words[i + 1]!;
    else if (words[i] === 'via' && words[i + 1] !== TARGETS[v]) iface['gateway'] = words[i + 1]!;
  }
  return iface;
}

/** `ip addr show` output per device: [primary lines, secondary lines]. */
function addrLines(out: string): Map<string, [string[], string[]]> {
  const map = new Map<string, [string[], string[]]>();
  let cur: [string[], string[]] | undefined;
  for (const line of splitlines(out)) {
    const head = /^\d+:\s+([^\s:@]+)(?:@[^\s:]*)?:/.exec(line);
    if (head) {
      cur = [[], []];
      map.set(head[1]!, cur);
      continue;
    }
    if (!cur) continue;
    const words = splitWs(line);
    const secondary = (words[0] === 'inet' && words.includes('secondary')) || (words[0] === 'inet6' && words.includes('temporary'));
    cur[secondary ? 1 : 0].push(line);
  }
  return map;
}

const ipv4ToInt = (a: string): number => {
  const parts = a.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`illegal IP address string: ${a}`);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
};
const intToIpv4 = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

function ethtool(raw: RawFacts, device: string): JsonObject {
  const data: JsonObject = {};
  const k = raw.cmd(`ethtool_k ${device}`);
  if (k && k.rc === 0) {
    const features: JsonObject = {};
    for (const line of splitlines(strip(k.out))) {
      if (!line || line.endsWith(':')) continue;
      const parts = line.split(': ');
      if (parts.length !== 2) throw new Error(`ethtool -k ${device}: cannot split "${line}"`);
      if (!parts[1]) continue;
      features[strip(parts[0]!).replace(/-/g, '_')] = strip(parts[1]);
    }
    data['features'] = features;
  }
  const t = raw.cmd(`ethtool_T ${device}`);
  if (t && t.rc === 0) {
    data['timestamping'] = [...t.out.matchAll(/SOF_TIMESTAMPING_(\w+)/g)].map((m) => m[1]!.toLowerCase());
    data['hw_timestamp_filters'] = [...t.out.matchAll(/HWTSTAMP_FILTER_(\w+)/g)].map((m) => m[1]!.toLowerCase());
    const phc = /PTP Hardware Clock: (\d+)/.exec(t.out);
    if (phc) data['phc_index'] = Number(phc[1]);
  }
  return data;
}

export const network: Collect = ({ raw }) => {
  if (!raw.get('ip')) return {};
  const default4 = defaultInterface(raw, 'v4');
  const default6 = defaultInterface(raw, 'v6');
  const interfaces = new Map<string, JsonObject>();
  const all4: string[] = [];
  const all6: string[] = [];
  const addrs = addrLines(raw.cmd('ip_addr')?.out ?? '');
  let macaddress: string | undefined;
  const file = (p: string): string | undefined => fileContent(raw.file(p));
  for (const device of raw.dirs.get(NET) ?? []) {
    let path = `${NET}/${device}`;
    if (!raw.isDir(path)) continue;
    const d: JsonObject = { device };
    interfaces.set(device, d);
    if (raw.exists(`${path}/address`)) {
      macaddress = file(`${path}/address`) ?? '';
      if (macaddress && macaddress !== '00:00:00:00:00:00') d['macaddress'] = macaddress;
    }
    if (raw.exists(`${path}/mtu`)) d['mtu'] = pyInt(file(`${path}/mtu`) ?? 'None');
    if (raw.exists(`${path}/operstate`)) d['active'] = file(`${path}/operstate`) !== 'down';
    const module = raw.links.get(`${path}/device/driver/module`);
    if (raw.exists(`${path}/device/driver/module`) && module !== undefined) d['module'] = module.split('/').pop()!;
    if (raw.exists(`${path}/type`)) d['type'] = INTERFACE_TYPE[file(`${path}/type`) ?? ''] ?? 'unknown';
    if (raw.exists(`${path}/bridge`)) {
      d['type'] = 'bridge';
      d['interfaces'] = [...raw.kinds.keys()].filter((p) => p.startsWith(`${path}/brif/`)).map((p) => p.slice(path.length + 6));
      if (raw.exists(`${path}/bridge/bridge_id`)) d['id'] = file(`${path}/bridge/bridge_id`) ?? '';
      if (raw.exists(`${path}/bridge/stp_state`)) d['stp'] = file(`${path}/bridge/stp_state`) === '1';
    }
    if (raw.exists(`${path}/bonding`)) {
      const first = (p: string): string => {
        const w = splitWs(file(p) ?? '')[0];
        if (w === undefined) throw new Error('list index out of range');
        return w;
      };
      d['type'] = 'bonding';
      d['slaves'] = splitWs(file(`${path}/bonding/slaves`) ?? '');
      d['mode'] = first(`${path}/bonding/mode`);
      d['miimon'] = first(`${path}/bonding/miimon`);
      d['lacp_rate'] = first(`${path}/bonding/lacp_rate`);
      const primary = file(`${path}/bonding/primary`);
      if (primary) {
        d['primary'] = primary;
        // Ansible rebinds `path` here, so the checks below look under .../all_slaves_active.
        path = `${path}/bonding/all_slaves_active`;
        if (raw.exists(path)) d['all_slaves_active'] = file(path) === '1';
      }
    }
    if (raw.exists(`${path}/bonding_slave`)) d['perm_macaddress'] = file(`${path}/bonding_slave/perm_hwaddr`) ?? '';
    const pci = raw.links.get(`${path}/device`);
    if (raw.exists(`${path}/device`) && pci !== undefined) d['pciid'] = pci.split('/').pop()!;
    if (raw.exists(`${path}/speed`)) {
      const speed = file(`${path}/speed`);
      if (speed !== undefined) d['speed'] = pyInt(speed);
    }
    if (raw.exists(`${path}/flags`)) d['promisc'] = (pyInt(file(`${path}/flags`) ?? 'None', 16) & 0x0100) > 0;

    const parse = (lines: string[], secondary: boolean): void => {
      for (const line of lines) {
        const words = splitWs(line);
        if (words[0] === 'inet') {
          let address: string;
          let prefix: string;
          let broadcast = '';
          if (words[1]!.includes('/')) {
            [address, prefix] = words[1]!.split('/') as [string, string];
            if (words.length > 3 && words[2] === 'brd') broadcast = words[3]!;
          } else {
            address = words[1]!;
            prefix = '32';
          }
          const addrBin = ipv4ToInt(address);
          const maskBin = Number(BigInt(2 ** 32) - (BigInt(2 ** 32) >> BigInt(pyInt(prefix))));
          const netmask = intToIpv4(maskBin);
          const net = intToIpv4((addrBin & maskBin) >>> 0);
          const entry = (): JsonObject => ({ address, broadcast, netmask, network: net, prefix });
          const iface = words[words.length - 1]!;
          if (iface !== device) interfaces.set(iface, {});
          const target = interfaces.get(iface)!;
          if (!secondary && !('ipv4' in target)) target['ipv4'] = entry();
          else ((target['ipv4_secondaries'] ??= []) as JsonObject[]).push(entry());
          if (secondary) {
            const list = (d['ipv4_secondaries'] ??= []) as JsonObject[];
            if (device !== iface) list.push(entry());
          }
          if ('address' in default4 && default4['address'] === address) {
            if (macaddress === undefined) throw new Error("name 'macaddress' is not defined");
            Object.assign(default4, { broadcast, netmask, network: net, prefix, macaddress, mtu: d['mtu'] ?? null, type: d['type'] ?? 'unknown', alias: iface });
          }
          if (!address.startsWith('127.')) all4.push(address);
        } else if (words[0] === 'inet6') {
          let address: string;
          let prefix: string;
          let scope: string;
          if (words[2] === 'peer') {
            address = words[1]!;
            prefix = words[3]!.split('/')[1]!;
            scope = words[5]!;
          } else {
            [address, prefix] = words[1]!.split('/') as [string, string];
            scope = words[3]!;
          }
          ((d['ipv6'] ??= []) as JsonObject[]).push({ address, prefix, scope });
          if ('address' in default6 && default6['address'] === address) {
            if (macaddress === undefined) throw new Error("name 'macaddress' is not defined");
            Object.assign(default6, { prefix, scope, macaddress, mtu: d['mtu'] ?? null, type: d['type'] ?? 'unknown' });
          }
          if (address !== '::1') all6.push(address);
        }
      }
    };
    const [primaryLines, secondaryLines] = addrs.get(device) ?? [[], []];
    parse(primaryLines, false);
    parse(secondaryLines, true);
    Object.assign(d, ethtool(raw, device));
  }
  const facts: FactDict = {};
  const names: string[] = [];
  for (const [name, value] of interfaces) {
    const key = name.replace(/:/g, '_');
    names.push(key);
    facts[key] = value;
  }
  facts['interfaces'] = [...new Set(names)];
  Object.assign(facts, { default_ipv4: default4, default_ipv6: default6, all_ipv4_addresses: all4, all_ipv6_addresses: all6 });
  return facts;
};
