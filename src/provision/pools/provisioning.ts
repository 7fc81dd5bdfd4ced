import { isIP } from 'node:net';
import type { SourcePos } from '../../errors/source-error.js';
import type { Checker, YamlMap } from './checker.js';
import { resolveSource } from './paths.js';

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
 *     deployKernel: deploy/vmlinuz            # the deploy ramdisk that writes `image` profiles
 *     deployRamdisk: deploy/initrd.gz         # (Metal3/Ironic's deploy kernel and ramdisk)
 *     deployCmdline: console=ttyS0
 */

export const PROVISIONING_MODES = ['dhcp', 'proxy'] as const;
export type ProvisioningMode = (typeof PROVISIONING_MODES)[number];

export interface ProvisioningNetwork {
  readonly interface: string;
  readonly address?: string;
  readonly dhcpRange?: { readonly start: string; readonly end: string };
  readonly mode: ProvisioningMode;
  readonly httpPort: number;
  /** Netbooted to write hosts' `image` profiles; none: image profiles cannot be provisioned. */
  readonly deploy?: DeployRamdisk;
  readonly pos: SourcePos;
}

/**
 * The kernel and initrd kplay netboots to write an image (Ironic's deploy_kernel and
 * deploy_ramdisk). Its contract: the kernel command line carries `kplay.image=URL` (the
 * image to write to the first disk), `kplay.done=URL` (POST it once the image is written)
 * and, when the profile has an answer file, `kplay.answer=URL` (the rendered user-data,
 * for the installed OS's first boot).
 */
export interface DeployRamdisk {
  /** URL (kept as written) or absolute path, as a netboot profile's kernel and initrd. */
  readonly kernel: string;
  readonly initrd: string;
  readonly cmdline?: string;
}

export const DEFAULT_HTTP_PORT = 8080;
const KEYS = ['interface', 'address', 'dhcpRange', 'mode', 'httpPort', 'deployKernel', 'deployRamdisk', 'deployCmdline'] as const;
const IFNAME = /^[A-Za-z0-9_.:-]{1,15}$/;

export function parseProvisioning(c: Checker, root: YamlMap, baseDir = process.cwd()): ProvisioningNetwork | undefined {
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
  const deploy = parseDeploy(c, m, path, baseDir);
  if (c.count > before || iface === undefined) return undefined;
  return { interface: iface, ...(address ? { address } : {}), ...(dhcpRange ? { dhcpRange } : {}), mode, httpPort, ...(deploy ? { deploy } : {}), pos: c.at(m) };
}

function parseDeploy(c: Checker, m: YamlMap, path: string, baseDir: string): DeployRamdisk | undefined {
  const kernel = c.string(m, 'deployKernel', path);
  const initrd = c.string(m, 'deployRamdisk', path);
  const cmdline = c.string(m, 'deployCmdline', path);
  if (kernel !== undefined && initrd === undefined) c.fail(`${path} has deployKernel but no deployRamdisk`, c.at(m, 'deployKernel'));
  if (initrd !== undefined && kernel === undefined) c.fail(`${path} has deployRamdisk but no deployKernel`, c.at(m, 'deployRamdisk'));
  if (cmdline !== undefined && kernel === undefined) c.fail(`${path}.deployCmdline needs deployKernel and deployRamdisk`, c.at(m, 'deployCmdline'));
  if (kernel === undefined || initrd === undefined) return undefined;
  return { kernel: resolveSource(baseDir, kernel), initrd: resolveSource(baseDir, initrd), ...(cmdline !== undefined ? { cmdline } : {}) };
}

function parseRange(text: string): { start: string; end: string } | undefined {
  const [start, end, ...rest] = text.split(',').map((s) => s.trim());
  if (!start || !end || rest.length || isIP(start) !== 4 || isIP(end) !== 4) return undefined;
  return { start, end };
}
