/*
 * ansible.utils' ipaddr(value, query, version): recognise an address or network in a value
 * and answer one query about it (`address`, `network`, `prefix`, `public`, a CIDR to look the
 * value up in, an index …). False when the value is not an IP or does not match. Semantics
 * follow ansible.utils 2.x's documentation and behaviour over netaddr (the reference is
 * compared in ipaddr.test.ts).
 */
import { filterError } from '../../py/errors.js';
import {
  IpNetwork,
  MAX,
  addressText,
  isHostmaskAddress,
  isLoopbackAddress,
  isMulticast,
  isNetmaskAddress,
  isPrivate,
  reverseDns,
  type IpVersion,
} from './ip-network.js';

export type IpResult = string | number | boolean | null | IpResult[];
type VType = 'address' | 'network';

interface Query {
  readonly v: IpNetwork;
  readonly vtype: VType;
  /** The value as ipaddr() finally sees it (a normalised string for numeric input). */
  readonly value: IpResult;
}

const single = (v: IpNetwork, x: bigint): IpNetwork => new IpNetwork(v.version, x, v.width);
const ipOf = (v: IpNetwork): IpNetwork => single(v, v.value);
const usable = (v: IpNetwork): [bigint, bigint] => (v.size === 2n ? [v.first, v.last] : [v.first + 1n, v.last - 1n]);

function needNetwork(vtype: VType): void {
  if (vtype === 'address') throw filterError('Not a network address');
}

function sixToFour(q: Query): IpResult {
  const { v, vtype, value } = q;
  if (v.version === 4) {
    if (v.size > 1n && v.value === v.first) return false;
    const ipconv = v.ipText;
    if (ipaddr(ipconv, 'public') || ipaddr(ipconv, 'private')) {
      const [a, b, c, d] = ipconv.split('.').map((x) => Number(x).toString(16).padStart(2, '0'));
      return `2002:${a}${b}:${c}${d}::1/48`;
    }
    return false;
  }
  const prefix6to4 = (s: string): boolean => Boolean(ipaddr(s, '2002::/16'));
  if (vtype === 'address') return prefix6to4(v.toString()) ? value : false;
  if (v.value !== v.first && prefix6to4(ipOf(v).ipText)) return value;
  return false;
}

function peer(v: IpNetwork, vtype: VType): IpResult {
  needNetwork(vtype);
  if (v.size === 2n) return v.text(v.value ^ 1n);
  if (v.size === 4n) {
    if (v.value % 4n === 0n) throw filterError('Network address of /30 has no peer');
    if (v.value % 4n === 3n) throw filterError('Broadcast address of /30 has no peer');
    return v.text(v.value ^ 3n);
  }
  throw filterError('Not a point-to-point network');
}

function addressPrefix(v: IpNetwork): IpResult {
  if (v.size > 2n && (v.value === v.first || v.value === v.broadcast)) return false;
  return v.toString();
}

const QUERIES: Record<string, (q: Query) => IpResult | undefined> = {
  '': ({ v, vtype }) => (vtype === 'address' ? v.ipText : v.toString()),
  '6to4': sixToFour,
  address: ({ v }) => (v.size === 1n || v.value !== v.first || v.broadcast === undefined || v.version === 6 ? v.ipText : undefined),
  'address/prefix': ({ v }) => addressPrefix(v),
  bool: () => true,
  broadcast: ({ v }) => (v.size > 2n && v.broadcast !== undefined ? v.text(v.broadcast) : undefined),
  cidr: ({ v }) => v.toString(),
  first_usable: ({ v, vtype }) => (needNetwork(vtype), v.size === 2n ? v.text(v.first) : v.size > 1n ? v.text(v.first + 1n) : undefined),
  gateway: ({ v }) => addressPrefix(v),
  gw: ({ v }) => addressPrefix(v),
  host: ({ v }) => (v.size === 1n ? v.toString() : v.value !== v.first || v.broadcast === undefined ? v.toString() : undefined),
  'host/prefix': ({ v }) => addressPrefix(v),
  hostmask: ({ v }) => v.text(v.hostmaskInt),
  hostnet: ({ v }) => addressPrefix(v),
  ip: ({ v }) => (v.size === 1n || v.value !== v.first || v.broadcast === undefined || v.version === 6 ? v.ipText : undefined),
  int: ({ v, vtype }) => (vtype === 'address' ? bigToPy(v.value) : `${v.value}/${v.prefixlen}`),
  'ip/prefix': ({ v }) => (v.size === 2n || (v.size > 1n && v.value !== v.first) ? v.toString() : undefined),
  ip_netmask: ({ v }) => (v.size === 2n || (v.size > 1n && v.value !== v.first) ? `${v.ipText} ${v.text(v.netmaskInt)}` : undefined),
  ipv4: ({ v, value }) => (v.version === 6 ? toV4(v) : value),
  ipv6: ({ v, value }) => (v.version === 4 ? new IpNetwork(6, 0xffff00000000n + v.value, v.prefixlen + 96).toString() : value),
  last_usable: ({ v, vtype }) => (needNetwork(vtype), v.size > 1n ? v.text(usable(v)[1]) : undefined),
  'link-local': ({ v, value }) => (ipaddr(v.ipText, v.version === 4 ? '169.254.0.0/16' : 'fe80::/10') ? value : undefined),
  lo: ({ v, value }) => (isLoopbackAddress(v.version, v.value) ? value : undefined),
  loopback: ({ v, value }) => (isLoopbackAddress(v.version, v.value) ? value : undefined),
  multicast: ({ v, value }) => (isMulticast(v) ? value : undefined),
  net: ({ v }) => (v.size > 1n && v.value === v.first ? `${v.text(v.first)}/${v.prefixlen}` : undefined),
  next_usable: ({ v, vtype }) => {
    needNetwork(vtype);
    if (v.size <= 1n) return undefined;
    const [first, last] = usable(v);
    const next = v.value + 1n;
    return next >= first && next <= last ? v.text(next) : undefined;
  },
  netmask: ({ v }) => v.text(v.netmaskInt),
  network: ({ v }) => v.text(v.first),
  network_id: ({ v }) => v.text(v.first),
  'network/prefix': ({ v }) => v.cidr.toString(),
  network_netmask: ({ v }) => `${v.text(v.first)} ${v.text(v.netmaskInt)}`,
  network_wildcard: ({ v }) => `${v.text(v.first)} ${v.text(v.hostmaskInt)}`,
  peer: ({ v, vtype }) => peer(v, vtype),
  prefix: ({ v }) => v.prefixlen,
  previous_usable: ({ v, vtype }) => {
    needNetwork(vtype);
    if (v.size <= 1n) return undefined;
    const [first, last] = usable(v);
    const prev = v.value - 1n;
    return prev >= first && prev <= last ? v.text(prev) : undefined;
  },
  private: ({ v, value }) => (isPrivate(v) ? value : undefined),
  public: ({ v, value }) => {
    const ip = ipOf(v);
    return !isMulticast(ip) && !isPrivate(ip) && !isLoopbackAddress(v.version, v.value) && !isNetmaskAddress(v.version, v.value) && !isHostmaskAddress(v.value) ? value : undefined;
  },
  range_usable: ({ v, vtype }) => {
    needNetwork(vtype);
    if (v.size <= 1n) return undefined;
    const [first, last] = usable(v);
    return `${v.text(first)}-${v.text(last)}`;
  },
  revdns: ({ v }) => reverseDns(v.version, v.value),
  router: ({ v }) => addressPrefix(v),
  size: ({ v }) => bigToPy(v.size),
  size_usable: ({ v }) => bigToPy(v.size === 1n ? 0n : v.size === 2n ? 2n : v.size - 2n),
  subnet: ({ v }) => v.cidr.toString(),
  type: ({ v }) => (v.size === 1n || v.value !== v.first ? 'address' : 'network'),
  unicast: ({ v, value }) => (!isMulticast(v) ? value : undefined),
  v4: ({ v, value }) => (v.version === 6 ? toV4(v) : value),
  v6: ({ v, value }) => (v.version === 4 ? new IpNetwork(6, 0xffff00000000n + v.value, v.prefixlen + 96).toString() : value),
  version: ({ v }) => v.version,
  wildcard: ({ v }) => v.text(v.hostmaskInt),
  wrap: ({ v, vtype, value }) => (v.version === 6 ? (vtype === 'address' ? `[${v.ipText}]` : `[${v.ipText}]/${v.prefixlen}`) : value),
};

/** IPNetwork.ipv4(): the IPv4 network an IPv4-compatible or -mapped IPv6 network stands for. */
function toV4(v: IpNetwork): IpResult {
  let addr: bigint;
  if (v.value <= MAX[4]) addr = v.value;
  else if (v.value <= 0xffffffffffffn) addr = v.value - 0xffff00000000n;
  else return false;
  try {
    return new IpNetwork(4, addr, v.prefixlen - 96).toString();
  } catch {
    return false;
  }
}

/** A Python int: a JS number when exact, else its decimal text (rendered identically). */
function bigToPy(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function isDigits(s: string): boolean {
  return /^\d+$/.test(s);
}

function networkFromInt(n: bigint, prefix: number, version: IpVersion | undefined): IpNetwork {
  if (version !== 6) {
    try {
      return new IpNetwork(4, n, prefix);
    } catch {
      // too large (or a bad prefix) for IPv4: IPv6 next
    }
  }
  return new IpNetwork(6, n, prefix === 32 && version !== 6 ? 128 : prefix);
}

function recognise(value: string | number, version: IpVersion | undefined): { v: IpNetwork; vtype: VType; value: string } | undefined {
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) return undefined;
  const text = String(value);
  if (isDigits(text)) {
    try {
      const v = networkFromInt(BigInt(text), version === 6 ? 128 : 32, version);
      return { v, vtype: 'address', value: v.toString() };
    } catch {
      return undefined;
    }
  }
  try {
    const v = IpNetwork.parse(text);
    return { v, vtype: text.split('/').length === 2 ? 'network' : 'address', value: text };
  } catch {
    // maybe a numerical CIDR: `167772160/8`
  }
  const parts = text.split('/');
  if (parts.length !== 2) return undefined;
  const [a, p] = parts.map((x) => x.trim());
  if (!/^[+-]?\d+$/.test(a!) || !/^[+-]?\d+$/.test(p!)) return undefined;
  try {
    const addr = BigInt(a!);
    const prefix = Number(p);
    let v: IpNetwork;
    try {
      v = new IpNetwork(4, addr, prefix);
    } catch {
      v = new IpNetwork(6, addr, prefix);
    }
    return { v, vtype: 'network', value: v.toString() };
  } catch {
    return undefined;
  }
}

/** ipaddr() on one value or a list (falsy answers dropped from a list). */
export function ipaddr(value: unknown, query = '', version?: IpVersion, alias = 'ipaddr'): IpResult {
  if (Array.isArray(value)) {
    return value.map((x) => ipaddr(x, query, version, alias)).filter((x) => x !== false && x !== null && x !== '' && x !== 0 && !(Array.isArray(x) && x.length === 0));
  }
  if (!value || value === true) return false;
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const r = recognise(value, version);
  if (!r) return false;
  let q = query;
  let lookup: IpNetwork | undefined;
  if (q && (!(q in QUERIES) || q === 'cidr_lookup') && !isDigits(q) && ipaddr(q, 'network')) {
    try {
      lookup = IpNetwork.parse(q).cidr;
      q = 'cidr_lookup';
    } catch {
      lookup = undefined;
    }
  }
  if (version && r.v.version !== version) return false;
  if (q === 'cidr_lookup') {
    if (!lookup) throw filterError(`${alias}: unknown filter type: ${q}`);
    return lookup.containsNetwork(r.v.cidr) ? r.value : null;
  }
  const fn = QUERIES[q];
  if (fn) return fn({ v: r.v, vtype: r.vtype, value: r.value }) ?? null;
  // A number: the address at that index of the network.
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(q) && !/^\s*[+-]?(inf|infinity|nan)\s*$/i.test(q)) throw filterError(`${alias}: unknown filter type: ${q}`);
  const { v, vtype } = r;
  if (v.size === 1n) return vtype === 'address' ? v.ipText : v.toString();
  if (!/^\s*[+-]?\d+\s*$/.test(q)) return false;
  const at = v.at(BigInt(q.trim()));
  return at === undefined ? false : `${addressText(v.version, at)}/${v.prefixlen}`;
}
