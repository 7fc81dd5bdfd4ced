import type { SourcePos } from '../../errors/source-error.js';
import type { Checker } from './checker.js';
import type { HostFields } from './host-fields.js';
import { DEFAULT_IPMI_PORT, DEFAULT_SSH_PORT, type PoolHost, type SshConfig } from './model.js';

const DEFAULT_REDFISH_PORT = 443;

/**
 * A host entry merged over its pool's `defaults` (mapping by mapping; the host wins; a
 * password source is one value, never merged key by key), checked for what is required.
 */
export function buildHost(c: Checker, pool: string, defaults: HostFields, host: HostFields, path: string, pos: SourcePos): PoolHost | undefined {
  const before = c.count;
  const label = host.name ? `host '${host.name.value}' (${path})` : path;
  // A key that is written but invalid has its own error already.
  const missing = (what: string, defaultable: boolean): void => {
    if (host.written.has(what) || (defaultable && defaults.written.has(what))) return;
    c.fail(`${label} has no ${what}${defaultable ? " (set it on the host or in the pool's defaults)" : ''}`, pos);
  };

  if (!host.name) missing('name', false);
  const address = host.bmc.address;
  if (!address) missing('bmc.address', false);
  if (!host.bootMACAddress) missing('bootMACAddress', false);
  if (!host.order) missing('order', false);
  const username = host.bmc.username ?? defaults.bmc.username;
  if (username === undefined) missing('bmc.username', true);
  const password = host.bmc.password ?? defaults.bmc.password;
  if (!password) missing('bmc.password', true);
  const profile = host.profile ?? defaults.profile;
  if (!profile) missing('profile', true);

  const explicit = host.bmc.driver ?? defaults.bmc.driver;
  if (address?.value.driver && explicit && address.value.driver !== explicit.value) {
    c.fail(`${label}: bmc.address '${address.value.text}' is a ${address.value.driver} address but bmc.driver is '${explicit.value}'`, address.pos);
  }
  if (c.count > before || !host.name || !address || !host.bootMACAddress || !host.order || username === undefined || !password || !profile) {
    return undefined;
  }
  const driver = explicit?.value ?? address.value.driver ?? 'ipmi';
  const ssh = { ...defaults.ssh, ...host.ssh };
  const sshConfig: SshConfig = { ...ssh, port: ssh.port ?? DEFAULT_SSH_PORT };
  return {
    name: host.name.value,
    pool,
    bmc: {
      driver,
      address: address.value.text,
      host: address.value.host,
      port: address.value.port ?? (driver === 'redfish' ? DEFAULT_REDFISH_PORT : DEFAULT_IPMI_PORT),
      username,
      password,
      cipherSuite: host.bmc.cipherSuite ?? defaults.bmc.cipherSuite ?? 3,
    },
    bootMACAddress: host.bootMACAddress.value,
    order: host.order.value,
    role: host.role ?? defaults.role ?? 'any',
    profile,
    ssh: sshConfig,
    pos,
  };
}
