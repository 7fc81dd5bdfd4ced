import { isIP } from 'node:net';
import type { SourcePos } from '../../errors/source-error.js';
import type { Checker, YamlMap } from './checker.js';

/*
 * `provisioning:` in pools.yml: the network kplay's boot services serve. Names after
 * Metal3's Provisioning resource (provisioningInterface, provisioningIP,
 * provisioningDHCPRange) without the prefix.
 *
 *   provisioning:
 *     interface: br0                          # the only interface DHCP, TFTP and HTTP answer on
 *     address: 10.77.0.1                      # kplay's IPv4 there (default: read from the interface)
 *     dhcpRange: 10.77.0.100,10.77.0.150      # addresses for boot MACs without ssh.address
 *     mode: dhcp | proxy                      # proxy: another server hands out addresses
 *     httpPort: 8080
 */

export const PROVISIONING_MODES = ['dhcp', 'proxy'] as const;
export type ProvisioningMode = (typeof PROVISIONING_MODES)[number];

export interface ProvisioningNetwork {
  readonly interface: string;
  readonly address?: string;
  readonly dhcpRange?: { readonly start: string; readonly end: string };
  readonly mode: ProvisioningMode;
  readonly httpPort: number;
  readonly pos: SourcePos;
}

export const DEFAULT_HTTP_PORT = 8080;
const KEYS = ['interface', 'address', 'dhcpRange', 'mode', 'httpPort'] as const;
const IFNAME = /^[A-Za-z0-9_.:-]{1,15}$/;

export function parseProvisioning(c: Checker, root: YamlMap): ProvisioningNetwork | undefined {
  const raw = root['provisioning'];
  if (raw === undefined || raw === null) return undefined;
  const path = 'provisioning';
  const m = c.mapping(raw, c.at(root, 'provisioning'), path);
  if (!m) return undefined;
  const before = c.count;
  c.keys(m, KEYS, path);
  const iface = c.string(m, 'interface', path);
  if (m['interface'] == null) c.fail(`${path} needs interface (the network interface the hosts boot from)`, c.at(m));
  else if (iface !== undefined && !IFNAME.test(iface)) c.fail(`${path}.interface '${iface}' is not a network interface name`, c.at(m, 'interface'));
  const address = c.string(m, 'address', path);
  if (address !== undefined && isIP(address) !== 4) c.fail(`${path}.address must be an IPv4 address, got '${address}'`, c.at(m, 'address'));
  const range = c.string(m, 'dhcpRange', path);
  const dhcpRange = range === undefined ? undefined : parseRange(range);
  if (range !== undefined && !dhcpRange) c.fail(`${path}.dhcpRange must be 'START,END' (two IPv4 addresses), got '${range}'`, c.at(m, 'dhcpRange'));
  const mode = c.choice(m, 'mode', path, PROVISIONING_MODES) ?? 'dhcp';
  const httpPort = c.integer(m, 'httpPort', path, 1, 65535) ?? DEFAULT_HTTP_PORT;
  if (mode === 'proxy' && range !== undefined) c.fail(`${path}.dhcpRange makes no sense with mode: proxy (the network's own DHCP server hands out addresses)`, c.at(m, 'dhcpRange'));
  if (c.count > before || iface === undefined) return undefined;
  return { interface: iface, ...(address ? { address } : {}), ...(dhcpRange ? { dhcpRange } : {}), mode, httpPort, pos: c.at(m) };
}

function parseRange(text: string): { start: string; end: string } | undefined {
  const [start, end, ...rest] = text.split(',').map((s) => s.trim());
  if (!start || !end || rest.length || isIP(start) !== 4 || isIP(end) !== 4) return undefined;
  return { start, end };
}
