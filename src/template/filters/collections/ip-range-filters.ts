/*
 * ansible.utils' filters built on ipaddr(): next_nth_usable, previous_nth_usable,
 * network_in_usable, network_in_network, reduce_on_network. Each is the plugin's composition
 * of ipaddr() queries, so they inherit ipaddr-query.ts' (tested) semantics.
 */
import { filterError, typeError } from '../../py/errors.js';
import { asStr, pyTypeName } from '../../py/values.js';
import type { FilterFn } from '../../registry.js';
import { bind, iterate, pyStr } from '../support.js';
import { addressText, IpNetwork } from './ip-network.js';
import { ipaddr, type IpResult } from './ipaddr-query.js';

function str(v: unknown): string {
  return asStr(v) ?? pyStr(v);
}

function intArg(v: unknown, name: string): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  const s = asStr(v);
  if (s !== undefined && /^\s*[-+]?\d+\s*$/.test(s)) return BigInt(s.trim());
  throw filterError(`["argument 'offset' is of type <class '${pyTypeName(v)}'> and we were unable to convert to int: <class '${pyTypeName(v)}'> cannot be converted to an int"]`);
}

/** The value as a CIDR network (an address as its /32 or /128), as the plugins normalise it. */
function cidrOf(value: unknown): IpNetwork | undefined {
  const vtype = ipaddr(value, 'type');
  const text = vtype === 'address' ? ipaddr(value, 'cidr') : vtype === 'network' ? ipaddr(value, 'subnet') : undefined;
  return typeof text === 'string' ? IpNetwork.parse(text) : undefined;
}

function nthUsable(name: string, sign: 1n | -1n): FilterFn {
  return (_env, value, args, kwargs) => {
    const [offsetArg] = bind(name, args, kwargs, ['offset'], 1);
    let v: IpNetwork | undefined;
    try {
      v = cidrOf(str(value));
    } catch {
      return false;
    }
    if (!v) return false;
    const offset = intArg(offsetArg, name);
    if (v.size <= 1n) return null;
    const [first, last] = v.size === 2n ? [v.first, v.last] : [v.first + 1n, v.last - 1n];
    const nth = v.value + sign * offset;
    return nth >= first && nth <= last ? addressText(v.version, nth) : null;
  };
}

/** `_address_normalizer`: the subnet of an address or network, else False. */
function normalize(value: unknown): IpResult {
  try {
    const vtype = ipaddr(value, 'type');
    return vtype === 'address' || vtype === 'network' ? ipaddr(value, 'subnet') : false;
  } catch {
    return false;
  }
}

/** A Python int from ipaddr(…, 'int') (False counts as 0); None cannot be compared. */
function asInt(v: IpResult): bigint {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  throw typeError(`'<=' not supported between instances of 'int' and '${v === null ? 'NoneType' : pyTypeName(v)}'`);
}

function bounds(n: IpResult, lowQuery: string, highQuery: string): [bigint, bigint] {
  return [asInt(ipaddr(ipaddr(n, lowQuery) || ipaddr(n, 'address'), 'int')), asInt(ipaddr(ipaddr(n, highQuery) || ipaddr(n, 'address'), 'int'))];
}

function within(inner: [bigint, bigint], outer: [bigint, bigint]): boolean {
  return inner[0] >= outer[0] && inner[0] <= outer[1] && inner[1] >= outer[0] && inner[1] <= outer[1];
}

function containment(name: string, usableOnly: boolean): FilterFn {
  return (_env, value, args, kwargs) => {
    const [test] = bind(name, args, kwargs, ['test'], 1);
    const outer = usableOnly ? bounds(normalize(str(value)), 'first_usable', 'last_usable') : bounds(normalize(str(value)), 'network', 'broadcast');
    return within(bounds(normalize(str(test)), 'network', 'broadcast'), outer);
  };
}

const reduceOnNetwork: FilterFn = (_env, value, args, kwargs) => {
  const [network] = bind('reduce_on_network', args, kwargs, ['network'], 1);
  const outer = bounds(normalize(str(network)), 'network', 'broadcast');
  return iterate(value).filter((a) => within(bounds(normalize(a), 'network', 'broadcast'), outer));
};

export const IP_RANGE_FILTERS: Record<string, FilterFn> = {
  next_nth_usable: nthUsable('next_nth_usable', 1n),
  previous_nth_usable: nthUsable('previous_nth_usable', -1n),
  network_in_usable: containment('network_in_usable', true),
  network_in_network: containment('network_in_network', false),
  reduce_on_network: reduceOnNetwork,
};
