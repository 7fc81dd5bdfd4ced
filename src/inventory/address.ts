/**
 * Ansible's `parse_address` (ansible/parsing/utils/addresses.py): a host identifier —
 * hostname, IPv4 or IPv6, possibly with `[x:y]` ranges — and an optional port.
 */

const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const I6 = `(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const I4 = `(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
// Python's \w on text is Unicode-aware
const W = String.raw`[\p{L}\p{N}_]`;
const LABEL = `(?:${W}|${ALNUM_RANGE})(?:${W}|[_-]|${ALNUM_RANGE})*(?<![_-])`;
const V4 = `(?:${I4}\\.){3}${I4}`;

const IPV6_ALTERNATIVES = [
  `(?:${I6}:){7}${I6}`,
  `(?:${I6}:){1,6}:`,
  `(?:${I6}:)(?::${I6}){1,6}`,
  `(?:${I6}:){2}(?::${I6}){1,5}`,
  `(?:${I6}:){3}(?::${I6}){1,4}`,
  `(?:${I6}:){4}(?::${I6}){1,3}`,
  `(?:${I6}:){5}(?::${I6}){1,2}`,
  `(?:${I6}:){6}(?::${I6})`,
  `:(?::${I6}){1,6}`,
  `${I6}?::`,
  `(?:0:){6}(?:${I6}\\.){3}${I6}`,
  `::(?:ffff:)?(?:${I6}\\.){3}${I6}`,
  `(?:0:){5}ffff:(?:${I6}\\.){3}${I6}`,
];

export const addressPatterns = {
  bracketedHostPort: /^\[(.+)\]:([0-9]+)$/s,
  hostPort: /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/s,
  ipv4: new RegExp(`^${V4}$`, 'iu'),
  // Ansible writes `^a|b|...|z$` and uses re.match: every branch is anchored at the start,
  // only the last one at the end
  ipv6: new RegExp(`^(?:${IPV6_ALTERNATIVES.slice(0, -1).join('|')}|${IPV6_ALTERNATIVES.at(-1)}$)`, 'iu'),
  hostname: new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'iu'),
};

export class AddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressError';
  }
}

export interface ParsedAddress {
  host: string;
  port: number | undefined;
}

/** Throws AddressError where Ansible raises (not a valid hostname; a range where none is allowed). */
export function parseAddress(address: string, allowRanges = false): ParsedAddress {
  let port: number | undefined;
  for (const re of [addressPatterns.bracketedHostPort, addressPatterns.hostPort]) {
    const m = re.exec(address);
    if (m) {
      address = m[1]!;
      port = parseInt(m[2]!, 10);
    }
  }
  let host: string | undefined;
  for (const re of [addressPatterns.ipv4, addressPatterns.ipv6, addressPatterns.hostname]) {
    if (re.test(address)) host = address;
  }
  if (!host) throw new AddressError(`Not a valid network hostname: ${address}`);
  if (!allowRanges && host.includes('[')) throw new AddressError('Detected range in host but was asked to ignore ranges');
  return { host, port };
}

/** Whether a host name is an IP address (Ansible keeps such names whole in inventory_hostname_short). */
export function isIpAddress(name: string): boolean {
  return addressPatterns.ipv4.test(name) || addressPatterns.ipv6.test(name);
}
