/*
 * ansible.utils' IP filters (ipaddr, ipwrap, ipv4, ipv6, ipmath, ipsubnet, nthhost) as
 * kplay filters: arguments checked as the plugins' argument specs check them, then the
 * ipaddr() semantics of ipaddr-query.ts. ansible.netcommon's and ansible-core's short
 * names route here too, as ansible_builtin_runtime.yml routes them.
 */
import { filterError } from '../../py/errors.js';
import { asStr, pyTypeName } from '../../py/values.js';
import type { FilterFn, FilterTable } from '../../registry.js';
import { bind, pyStr } from '../support.js';
import { IpFormatError, IpNetwork, MAX, addressText, parseAddress } from './ip-network.js';
import { ipaddr, type IpResult } from './ipaddr-query.js';
import { IP_RANGE_FILTERS } from './ip-range-filters.js';

/** A list's items with UnsafeText unwrapped; other values as they are. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  return asStr(v) ?? v;
}

function typeCheck(name: string, value: unknown, allowInt: boolean): void {
  const ok = asStr(value) !== undefined || Array.isArray(value) || typeof value === 'boolean' || (allowInt && typeof value === 'number' && Number.isInteger(value));
  if (!ok) throw filterError(`Unrecognized type <<class '${pyTypeName(value)}'>> for ${name} filter <value>`);
}

/** An argument spec's `type: str`: None stays None, anything else becomes its str(). */
function strOpt(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return asStr(v) ?? pyStr(v);
}

/** An argument spec's `type: int`. */
function intOpt(name: string, key: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = asStr(v);
  if (s !== undefined && /^\s*[-+]?\d+\s*$/.test(s)) return Number(s.trim());
  throw filterError(`["argument '${key}' is of type <class '${pyTypeName(v)}'> and we were unable to convert to int: <class '${pyTypeName(v)}'> cannot be converted to an int"]`);
}

function versioned(name: string, version: 4 | 6 | undefined): FilterFn {
  return (_env, value, args, kwargs) => {
    const [query] = bind(name, args, kwargs, ['query']);
    typeCheck(name, value, true);
    return ipaddr(plain(value), strOpt(query) ?? '', version, name);
  };
}

const ipaddrFilter: FilterFn = (_env, value, args, kwargs) => {
  const [query, version, alias] = bind('ipaddr', args, kwargs, ['query', 'version', 'alias']);
  typeCheck('ipaddr', value, true);
  const v = intOpt('ipaddr', 'version', version);
  return ipaddr(plain(value), strOpt(query) ?? '', v === 4 || v === 6 ? v : undefined, strOpt(alias) ?? 'ipaddr');
};

const ipwrap: FilterFn = (_env, value, args, kwargs) => {
  const [q] = bind('ipwrap', args, kwargs, ['query']);
  typeCheck('ipwrap', value, false);
  const query = strOpt(q) ?? '';
  const wrapOne = (x: unknown): unknown => {
    try {
      const r = ipaddr(x, query, undefined, 'ipwrap');
      return r ? ipaddr(r, 'wrap') : x;
    } catch {
      return x;
    }
  };
  const v = plain(value);
  if (Array.isArray(v)) {
    try {
      return v.map((x) => (ipaddr(x, query, undefined, 'ipwrap') ? ipaddr(x, 'wrap') : x));
    } catch {
      return v;
    }
  }
  return wrapOne(v);
};

const ipmath: FilterFn = (_env, value, args, kwargs) => {
  const [amountArg] = bind('ipmath', args, kwargs, ['amount'], 1);
  const text = strOpt(value) ?? 'None';
  const amount = intOpt('ipmath', 'amount', amountArg);
  let version: 4 | 6;
  let ip: bigint;
  try {
    if (text.includes('/')) {
      const n = IpNetwork.parse(text);
      [version, ip] = [n.version, n.value];
    } else {
      const a = parseAddress(text);
      [version, ip] = [a.version, a.value];
    }
  } catch (e) {
    if (!(e instanceof IpFormatError)) throw e;
    throw filterError(`You must pass a valid IP address; ${text} is invalid`);
  }
  if (amount === undefined) throw filterError(`You must pass an integer for arithmetic; None is not a valid integer`);
  const result = ip + BigInt(amount);
  if (result < 0n || result > MAX[version]) throw filterError('result outside valid IP address boundary!');
  return addressText(version, result);
};

/** The value as a network: an address as its /32 (/128), a network as its CIDR. */
function asCidr(value: unknown): IpNetwork | undefined {
  const vtype = ipaddr(value, 'type');
  if (vtype === 'address') return IpNetwork.parse(String(ipaddr(value, 'cidr'))).cidr;
  if (vtype === 'network') return IpNetwork.parse(String(ipaddr(value, 'subnet'))).cidr;
  return undefined;
}

const ipsubnet: FilterFn = (_env, value, args, kwargs) => {
  const [q, idx] = bind('ipsubnet', args, kwargs, ['query', 'index']);
  const net = asCidr(strOpt(value));
  if (!net) return false;
  const query = strOpt(q) ?? '';
  const index = intOpt('ipsubnet', 'index', idx);
  if (!query) return net.toString();
  const bits = net.width;
  const isAddress = net.size === 1n;
  if (/^\d+$/.test(query)) {
    const size = Number(query);
    if (size > bits) return false;
    const supernets = (): IpNetwork[] => {
      const out: IpNetwork[] = [];
      for (let p = size; p < net.prefixlen; p++) out.push(new IpNetwork(net.version, net.value, p).cidr);
      return out;
    };
    if (index === undefined) {
      if (isAddress) {
        const first = supernets()[0];
        if (!first) throw filterError('list index out of range');
        return first.toString();
      }
      if (size - net.prefixlen < 0) throw filterError(`Requested subnet size of ${size} is invalid`);
      return String(2n ** BigInt(size - net.prefixlen));
    }
    if (isAddress) {
      if (index > bits + 1 - index || index < size - bits) return false;
      const list = supernets();
      const item = index < 0 ? list[list.length + index] : list[index];
      if (!item) throw filterError('list index out of range');
      return item.toString();
    }
    // A larger subnet than the value's: only index 0 names one (the value's own network, wider).
    if (size < net.prefixlen) return index === 0 ? `${addressText(net.version, net.first)}/${size}` : false;
    const subnets = 2n ** BigInt(size - net.prefixlen);
    let i = BigInt(index);
    if (i < 0n) i += subnets;
    if (i < 0n || i >= subnets) return false;
    return `${addressText(net.version, net.first + (i << BigInt(bits - size)))}/${size}`;
  }
  const container = asCidr(query);
  if (!container) throw filterError(`You must pass a valid subnet or IP address; ${query} is invalid`);
  if (container.version === net.version && container.prefixlen <= net.prefixlen && net.value >> BigInt(bits - container.prefixlen) === container.value >> BigInt(bits - container.prefixlen)) {
    const shift = BigInt(bits - net.prefixlen);
    const mask = ((1n << BigInt(net.prefixlen - container.prefixlen)) - 1n) << shift;
    return String(((net.value & mask) >> shift) + 1n);
  }
  throw filterError(`${net.toString()} is not in the subnet ${container.toString()}`);
};

const nthhost: FilterFn = (_env, value, args, kwargs) => {
  const [q] = bind('nthhost', args, kwargs, ['query']);
  let net: IpNetwork | undefined;
  try {
    net = asCidr(strOpt(value));
  } catch {
    return false;
  }
  const query = strOpt(q);
  if (!net || !query) return false;
  if (!/^\s*[-+]?\d+\s*$/.test(query)) return false;
  const nth = BigInt(query.trim());
  if (net.size <= nth) return false;
  const at = net.at(nth);
  if (at === undefined) throw filterError('index out range for address range size!');
  return addressText(net.version, at);
};

const IP_FILTERS: Record<string, FilterFn> = {
  ipaddr: ipaddrFilter,
  ipwrap,
  ipv4: versioned('ipv4', 4),
  ipv6: versioned('ipv6', 6),
  ipmath,
  ipsubnet,
  nthhost,
  ...IP_RANGE_FILTERS,
};

/** Every name content uses: ansible.utils.X (the implementation), ansible.netcommon.X and bare X (redirects). */
export const IP_FILTER_TABLE: FilterTable = Object.fromEntries(
  Object.entries(IP_FILTERS).flatMap(([name, fn]) => [
    [`ansible.utils.${name}`, fn],
    [`ansible.netcommon.${name}`, fn],
    [name, fn],
  ]),
);

export type { IpResult };
