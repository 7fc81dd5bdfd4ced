import { spawnSync } from 'node:child_process';
import { RunError } from '../../errors/source-error.js';

export interface InterfaceAddress {
  readonly address: string;
  readonly netmask: string;
  readonly network: string;
  /** The interface has an IPv6 address other than link-local (router advertisements possible). */
  readonly hasGlobalIpv6: boolean;
}

export class ProvisioningInterfaceError extends RunError {
  readonly code = 'KPLAY_BOOT_INTERFACE';
  constructor(message: string) {
    super(message);
    this.name = 'ProvisioningInterfaceError';
  }
}

interface IpAddrInfo {
  readonly family?: string;
  readonly local?: string;
  readonly prefixlen?: number;
  readonly scope?: string;
}

/**
 * The IPv4 address (the configured one, else the first) of `name` in this network namespace.
 * Asked of `ip -j addr`, not os.networkInterfaces(): libuv leaves out interfaces without
 * carrier, and a provisioning bridge has none while every host on it is powered off.
 */
export function interfaceAddress(name: string, wanted?: string): InterfaceAddress {
  const r = spawnSync('ip', ['-j', 'addr', 'show', 'dev', name], { encoding: 'utf8' });
  if (r.error) throw new ProvisioningInterfaceError(`cannot run ip (iproute2): ${r.error.message}`);
  if (r.status !== 0) throw new ProvisioningInterfaceError(`provisioning interface ${name} does not exist here: ${r.stderr.trim()}`);
  const links = JSON.parse(r.stdout) as Array<{ addr_info?: IpAddrInfo[] }>;
  const all = links.flatMap((l) => l.addr_info ?? []);
  const v4 = all.filter((a) => a.family === 'inet' && a.local && a.prefixlen !== undefined);
  const hit = wanted ? v4.find((a) => a.local === wanted) : v4[0];
  if (!hit?.local || hit.prefixlen === undefined) {
    throw new ProvisioningInterfaceError(wanted ? `provisioning interface ${name} does not have address ${wanted} (it has ${v4.map((a) => a.local).join(', ') || 'no IPv4 address'})` : `provisioning interface ${name} has no IPv4 address`);
  }
  const netmask = prefixToNetmask(hit.prefixlen);
  return {
    address: hit.local,
    netmask,
    network: networkOf(hit.local, netmask),
    hasGlobalIpv6: all.some((a) => a.family === 'inet6' && a.scope === 'global'),
  };
}

export function prefixToNetmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 0xff).join('.');
}

export function networkOf(address: string, netmask: string): string {
  const a = address.split('.').map(Number);
  const m = netmask.split('.').map(Number);
  return a.map((octet, i) => octet & (m[i] ?? 0)).join('.');
}
