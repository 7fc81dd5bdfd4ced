import { isIP } from 'node:net';
import type { BmcDriver } from './model.js';

/** Host and pool names become Kubernetes node names (Metal3 metadata.name): RFC 1123 subdomains. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

export function isHostOrIp(s: string): boolean {
  return isIP(s) !== 0 || (s.length <= 253 && HOSTNAME.test(s));
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(error: string): Parsed<T> => ({ ok: false, error });

/**
 * A MAC address in any common spelling (`52:54:00:AB:CD:01`, `52-54-00-ab-cd-01`,
 * `5254.00ab.cd01`, `525400abcd01`), normalised to lower-case colon form.
 */
export function parseMac(v: unknown): Parsed<string> {
  if (typeof v === 'number') {
    // PyYAML/YAML 1.1 reads an unquoted all-digit MAC as a base-60 integer.
    return bad(`was read as the number ${v} (YAML 1.1 reads 52:54:00:12:34:56 in base 60): quote it`);
  }
  if (typeof v !== 'string') return bad('must be a string');
  const hex = v.trim().toLowerCase();
  let digits: string | undefined;
  if (/^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/.test(hex)) digits = hex.replace(/[:-]/g, '');
  else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/.test(hex)) digits = hex.replace(/\./g, '');
  else if (/^[0-9a-f]{12}$/.test(hex)) digits = hex;
  if (!digits) return bad(`'${v}' is not a MAC address (expected six hex octets, e.g. 52:54:00:ab:cd:01)`);
  const first = parseInt(digits.slice(0, 2), 16);
  if (first & 1) return bad(`'${v}' is a multicast address, not a NIC's`);
  if (/^0+$/.test(digits)) return bad(`'${v}' is all zeros`);
  return ok(digits.match(/../g)?.join(':') ?? digits);
}

export interface BmcEndpoint {
  readonly host: string;
  /** Undefined when the address names none: the driver's default applies. */
  readonly port: number | undefined;
  /** From a Metal3-style `scheme://` prefix. */
  readonly driver: BmcDriver | undefined;
}

const SCHEMES: Readonly<Record<string, BmcDriver>> = {
  ipmi: 'ipmi',
  redfish: 'redfish',
  'redfish+http': 'redfish',
  'redfish+https': 'redfish',
};

/** `host`, `host:port`, `[v6]:port`, bare IPv6, or Metal3's `ipmi://host[:port]`. */
export function parseBmcAddress(address: string): Parsed<BmcEndpoint> {
  let rest = address.trim();
  let driver: BmcDriver | undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    driver = SCHEMES[(scheme[1] ?? '').toLowerCase()];
    if (!driver) return bad(`'${address}': scheme '${scheme[1]}' is not one of ${Object.keys(SCHEMES).join(', ')}`);
    rest = rest.slice(scheme[0].length);
    const slash = rest.indexOf('/');
    if (slash >= 0) {
      // Redfish addresses carry the system's path (Metal3: redfish://host/redfish/v1/Systems/1).
      if (driver !== 'redfish') return bad(`'${address}': an ipmi address has no path`);
      rest = rest.slice(0, slash);
    }
  }
  let host = rest;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (isIP(host) !== 6) return bad(`'${address}': '${host}' in brackets is not an IPv6 address`);
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    [host = '', portText] = rest.split(':');
  }
  if (!isHostOrIp(host)) return bad(`'${address}': '${host}' is not a host name or IP address`);
  if (portText === undefined) return ok({ host, port: undefined, driver });
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return bad(`'${address}': port '${portText}' is not a number from 1 to 65535`);
  return ok({ host, port, driver });
}
