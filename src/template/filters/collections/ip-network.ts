/*
 * IPv4/IPv6 addresses and networks with the semantics of Python's netaddr (0.8), which
 * ansible.utils' ipaddr filters are built on: strings parsed as inet_pton/inet_aton parse
 * them, printed as inet_ntop prints them, a network keeps the address it was given.
 */

export type IpVersion = 4 | 6;

export class IpFormatError extends Error {}

const WIDTH: Record<IpVersion, number> = { 4: 32, 6: 128 };
export const MAX: Record<IpVersion, bigint> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };

/** inet_pton(AF_INET): exactly four decimal octets, no leading zeros. */
function ptonV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0')) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

/** inet_aton: 1 to 4 parts, each decimal, octal (0…) or hex (0x…); the last fills the remaining bytes. */
export function atonV4(input: string): bigint | undefined {
  const s = input.split(/[ \t\n\v\f\r]/, 1)[0]!;
  const parts = s.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return undefined;
  const nums: bigint[] = [];
  for (const p of parts) {
    let n: bigint;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) n = p.length > 2 ? BigInt(p) : 0n;
    else if (/^0[0-7]*$/.test(p)) n = p.length > 1 ? BigInt(`0o${p.slice(1)}`) : 0n;
    else if (/^[1-9]\d*$/.test(p)) n = BigInt(p);
    else return undefined;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255n)) return undefined;
  const lastBits = BigInt(8 * (4 - nums.length));
  if (last >= 1n << lastBits) return undefined;
  return nums.reduce((acc, n, i) => acc | (n << BigInt(8 * (3 - i))), 0n) | last;
}

/** inet_pton(AF_INET6), dotted IPv4 tail included. */
function ptonV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (const [i, p] of parts.entries()) {
      if (p.includes('.')) {
        if (i !== parts.length - 1) return undefined;
        const v4 = ptonV4(p);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 2 && halves[0]!.includes('.')) return undefined;
  let words: number[];
  if (halves.length === 2) {
    if (head.length + tail.length > 7) return undefined;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    words = head;
  }
  return words.reduce((acc, w) => (acc << 16n) | BigInt(w), 0n);
}

function v4Text(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
}

/** inet_ntop(AF_INET6): the longest run (2+) of zero words as `::`, IPv4-compatible/mapped tails dotted. */
function v6Text(v: bigint): string {
  const words = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(16 * (7 - i))) & 0xffffn));
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      cur = cur.base === -1 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
      if (cur.len > best.len) best = { ...cur };
    } else cur = { base: -1, len: 0 };
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      out += v4Text(v & 0xffffffffn);
      break;
    }
    out += words[i]!.toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ':';
  return out;
}

export function addressText(version: IpVersion, value: bigint): string {
  return version === 4 ? v4Text(value) : v6Text(value);
}

/** One parsed address, as netaddr.IPAddress. */
export interface IpAddress {
  readonly version: IpVersion;
  readonly value: bigint;
}

/** IPAddress(text) with netaddr's default flags: inet_aton for IPv4, else IPv6. */
export function parseAddress(text: string): IpAddress {
  if (text.includes('/')) throw new IpFormatError(`IPAddress() does not support netmasks or subnet prefixes! See documentation for details.`);
  const v4 = atonV4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = ptonV6(text);
  if (v6 !== undefined) return { version: 6, value: v6 };
  throw new IpFormatError(`failed to detect a valid IP address from '${text}'`);
}

/** Python int() of a prefix string. */
function pyInt(s: string): number | undefined {
  const t = s.trim().replace(/_/g, '');
  return /^[+-]?\d+$/.test(t) && !/__/.test(s) ? Number(t) : undefined;
}

function isNetmask(version: IpVersion, v: bigint): boolean {
  const x = (v ^ MAX[version]) + 1n;
  return (x & (x - 1n)) === 0n;
}

function isHostmask(v: bigint): boolean {
  const x = v + 1n;
  return (x & (x - 1n)) === 0n;
}

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** An address with a prefix length, as netaddr.IPNetwork (host bits kept). */
export class IpNetwork {
  constructor(
    readonly version: IpVersion,
    readonly value: bigint,
    readonly prefixlen: number,
  ) {
    if (value < 0n || value > MAX[version]) throw new IpFormatError('invalid address value');
    if (!Number.isInteger(prefixlen) || prefixlen < 0 || prefixlen > WIDTH[version]) throw new IpFormatError(`invalid prefix for IPv${version} address!`);
  }

  static parse(text: string): IpNetwork {
    for (const version of [4, 6] as const) {
      const n = IpNetwork.parseAs(version, text);
      if (n) return n;
    }
    throw new IpFormatError(`invalid IPNetwork ${text}`);
  }

  private static parseAs(version: IpVersion, text: string): IpNetwork | undefined {
    const slash = text.indexOf('/');
    const addr = slash < 0 ? text : text.slice(0, slash);
    const prefix = slash < 0 ? undefined : text.slice(slash + 1);
    let value = version === 4 ? ptonV4(addr) : ptonV6(addr);
    if (value === undefined && version === 4 && !addr.includes(':')) {
      // netaddr's partial IPv4 network (`10.1` → 10.1.0.0), each part read by int().
      const parts = addr.split('.').map(pyInt);
      if (parts.length >= 1 && parts.length <= 4 && parts.every((p) => p !== undefined)) value = ptonV4([...parts, 0, 0, 0].slice(0, 4).join('.'));
    }
    if (value === undefined) return undefined;
    let prefixlen = WIDTH[version];
    if (prefix !== undefined) {
      const n = pyInt(prefix);
      if (n !== undefined) prefixlen = n;
      else {
        const mask = version === 4 ? ptonV4(prefix) : ptonV6(prefix);
        if (mask === undefined) return undefined;
        if (isNetmask(version, mask)) prefixlen = WIDTH[version] - bitLength(mask ^ MAX[version]);
        else if (isHostmask(mask)) prefixlen = WIDTH[version] - bitLength(mask);
        else return undefined;
      }
    }
    if (prefixlen < 0 || prefixlen > WIDTH[version]) return undefined;
    return new IpNetwork(version, value, prefixlen);
  }

  get width(): number {
    return WIDTH[this.version];
  }
  get hostmaskInt(): bigint {
    return (1n << BigInt(this.width - this.prefixlen)) - 1n;
  }
  get netmaskInt(): bigint {
    return MAX[this.version] ^ this.hostmaskInt;
  }
  get first(): bigint {
    return this.value & this.netmaskInt;
  }
  get last(): bigint {
    return this.value | this.hostmaskInt;
  }
  get size(): bigint {
    return 1n << BigInt(this.width - this.prefixlen);
  }
  /** None for IPv4 /31 and /32. */
  get broadcast(): bigint | undefined {
    return this.version === 4 && this.width - this.prefixlen <= 1 ? undefined : this.last;
  }
  get cidr(): IpNetwork {
    return new IpNetwork(this.version, this.first, this.prefixlen);
  }
  text(v: bigint): string {
    return addressText(this.version, v);
  }
  get ipText(): string {
    return this.text(this.value);
  }
  toString(): string {
    return `${this.ipText}/${this.prefixlen}`;
  }

  /** `other in self` for networks: same network bits and a prefix at least as long. */
  containsNetwork(other: IpNetwork): boolean {
    if (other.version !== this.version) return false;
    const shift = BigInt(this.width - this.prefixlen);
    return this.value >> shift === other.value >> shift && this.prefixlen <= other.prefixlen;
  }
  containsAddress(v: bigint): boolean {
    return v >= this.first && v <= this.last;
  }
  /** `self[index]`, Python's negative indexes included; undefined when out of range. */
  at(index: bigint): bigint | undefined {
    if (index < 0n && -index <= this.size) return this.last + index + 1n;
    if (index >= 0n && index < this.size) return this.first + index;
    return undefined;
  }
}

const net = (t: string): IpNetwork => IpNetwork.parse(t);
const V4_PRIVATE = ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.0.0.0/24', '192.168.0.0/16', '198.18.0.0/15'].map(net);
const V4_ADMIN_MULTICAST = [0xef000000n, 0xefffffffn] as const;
const V6_PRIVATE = ['fc00::/7', 'fec0::/10'].map(net);
const LINK_LOCAL = { 4: net('169.254.0.0/16'), 6: net('fe80::/10') };
const MULTICAST = { 4: net('224.0.0.0/4'), 6: net('ff00::/8') };
const V4_LOOPBACK = net('127.0.0.0/8');

/** netaddr's is_private for a network (`self in cidr` for each private range) or an address (a /width network). */
export function isPrivate(n: IpNetwork): boolean {
  if (n.version === 4) {
    if (V4_PRIVATE.some((c) => c.containsNetwork(n))) return true;
    if (n.first >= V4_ADMIN_MULTICAST[0] && n.last <= V4_ADMIN_MULTICAST[1]) return true;
  } else if (V6_PRIVATE.some((c) => c.containsNetwork(n))) return true;
  return LINK_LOCAL[n.version].containsNetwork(n);
}

export function isMulticast(n: IpNetwork): boolean {
  return MULTICAST[n.version].containsNetwork(n);
}

/** is_loopback of an address. */
export function isLoopbackAddress(version: IpVersion, v: bigint): boolean {
  return version === 4 ? V4_LOOPBACK.containsAddress(v) : v === 1n;
}

export function isNetmaskAddress(version: IpVersion, v: bigint): boolean {
  return isNetmask(version, v);
}

export function isHostmaskAddress(v: bigint): boolean {
  return isHostmask(v);
}

export function reverseDns(version: IpVersion, v: bigint): string {
  if (version === 4) return `${v4Text(v).split('.').reverse().join('.')}.in-addr.arpa.`;
  return `${v.toString(16).padStart(32, '0').split('').reverse().join('.')}.ip6.arpa.`;
}
