import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunError } from '../../errors/source-error.js';
import type { PoolHost } from '../pools/model.js';
import type { ProvisioningNetwork } from '../pools/provisioning.js';
import { Booter } from './booter.js';
import { renderDnsmasqConfig, type StaticLease } from './dnsmasq-config.js';
import { DnsmasqProcess } from './dnsmasq.js';
import { BootHttpServer } from './http-server.js';
import { interfaceAddress } from './network.js';
import { reapStaleDnsmasq, recordDnsmasq } from './stale-dnsmasq.js';

export interface BootServicesOptions {
  readonly network: ProvisioningNetwork;
  /** Pool hosts that get a static lease (the only MACs dnsmasq answers). */
  readonly hosts: readonly PoolHost[];
  /** Where iPXE's binaries are (Debian's `ipxe` package). */
  readonly ipxeDir?: string;
  /** HTTP port override (0: any free port; tests). */
  readonly httpPort?: number;
  readonly log?: (line: string) => void;
  readonly onFailure?: (detail: string) => void;
  /** Where the running dnsmasq is recorded (`.kplay/boot/dnsmasq.json`): one left by a killed run is stopped first. */
  readonly recordFile?: string;
}

const IPXE_FILES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['undionly.kpxe', ['undionly.kpxe', 'undionly.0']],
  ['ipxe.efi', ['ipxe.efi']],
];

/** Static leases: a host's ssh.address when it is an IPv4 literal, else an address from dhcpRange. */
export function staticLeases(network: ProvisioningNetwork, hosts: readonly PoolHost[]): StaticLease[] {
  return hosts.map((h) => {
    const ip = h.ssh.address && isIP(h.ssh.address) === 4 ? h.ssh.address : undefined;
    if (!ip && network.mode === 'dhcp' && !network.dhcpRange) {
      throw new RunError(`host ${h.name} has no IPv4 ssh.address and provisioning has no dhcpRange: dnsmasq would have no address to give it`);
    }
    return { mac: h.bootMACAddress, name: h.name, ...(ip ? { ip } : {}) };
  });
}

/** DHCP/TFTP (dnsmasq) and HTTP for one provisioning network, up until stop(). */
export class BootServices {
  private dnsmasq: DnsmasqProcess | undefined;
  private recordFile: string | undefined;

  private constructor(
    readonly runtimeDir: string,
    readonly booter: Booter,
    readonly http: BootHttpServer,
  ) {}

  static async start(o: BootServicesOptions): Promise<BootServices> {
    const net = o.network;
    if (o.recordFile) {
      const stale = await reapStaleDnsmasq(o.recordFile);
      if (stale) o.log?.(`boot: stopped dnsmasq ${stale} left by a previous run`);
    }
    const ifa = interfaceAddress(net.interface, net.address);
    const leases = staticLeases(net, o.hosts);
    // World-readable: dnsmasq serves TFTP after dropping root to `nobody`.
    const dir = mkdtempSync(join(tmpdir(), 'kplay-boot-'));
    chmodSync(dir, 0o755);
    const tftp = join(dir, 'tftp');
    mkdirSync(tftp, { mode: 0o755 });
    const ipxeDir = o.ipxeDir ?? '/usr/lib/ipxe';
    for (const [src, names] of IPXE_FILES) {
      if (!existsSync(join(ipxeDir, src))) {
        o.log?.(`boot: ${join(ipxeDir, src)} is missing (apt-get install ipxe): firmware without iPXE cannot chain-load`);
        continue;
      }
      for (const n of names) copyFileSync(join(ipxeDir, src), join(tftp, n));
    }
    const booter = new Booter();
    const http = new BootHttpServer({ booter, address: ifa.address, port: o.httpPort ?? net.httpPort, ...(o.log ? { log: o.log } : {}), ...(net.deploy ? { deploy: net.deploy } : {}) });
    const services = new BootServices(dir, booter, http);
    try {
      const url = await http.listen();
      const configFile = join(dir, 'dnsmasq.conf');
      writeFileSync(
        configFile,
        renderDnsmasqConfig({
          interface: net.interface,
          address: ifa.address,
          netmask: ifa.netmask,
          network: ifa.network,
          mode: net.mode,
          ...(net.dhcpRange ? { dhcpRange: net.dhcpRange } : {}),
          leases,
          ipxeScriptUrl: `${url}/boot.ipxe`,
          tftpRoot: tftp,
          leaseFile: join(dir, 'dnsmasq.leases'),
          routerAdvertisements: ifa.hasGlobalIpv6,
        }),
        { mode: 0o644 },
      );
      services.dnsmasq = await DnsmasqProcess.start({
        configFile,
        logFile: join(dir, 'dnsmasq.log'),
        ...(o.onFailure ? { onUnexpectedExit: (d: string) => o.onFailure?.(`dnsmasq exited: ${d}`) } : {}),
      });
      services.recordFile = o.recordFile;
      if (o.recordFile && services.dnsmasq.pid) recordDnsmasq(o.recordFile, services.dnsmasq.pid, configFile);
    } catch (e) {
      await services.stop();
      throw e;
    }
    return services;
  }

  get url(): string {
    return this.http.url;
  }

  get dnsmasqPid(): number | undefined {
    return this.dnsmasq?.pid;
  }

  /** Stops dnsmasq and the HTTP server and removes the runtime directory. Safe to call twice. */
  async stop(opts: { keepRuntimeDir?: boolean } = {}): Promise<void> {
    await this.dnsmasq?.stop();
    this.dnsmasq = undefined;
    if (this.recordFile) rmSync(this.recordFile, { force: true });
    await this.http.close();
    if (!opts.keepRuntimeDir) rmSync(this.runtimeDir, { recursive: true, force: true });
  }
}
