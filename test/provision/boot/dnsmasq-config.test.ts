import { describe, expect, it } from 'vitest';
import { renderDnsmasqConfig, staticLeases, type DnsmasqConfigInput } from '../../../src/provision/boot/index.js';
import { poolsFixture } from './helpers/pools-fixture.js';

const base: DnsmasqConfigInput = {
  interface: 'br0',
  address: '10.77.0.1',
  netmask: '255.255.255.0',
  network: '10.77.0.0',
  mode: 'dhcp',
  leases: [
    { mac: '52:54:00:77:00:11', name: 'node1', ip: '10.77.0.11' },
    { mac: '52:54:00:77:00:12', name: 'node2' },
  ],
  ipxeScriptUrl: 'http://10.77.0.1:8080/boot.ipxe',
  tftpRoot: '/run/t',
  leaseFile: '/run/l',
  routerAdvertisements: false,
};

const lines = (c: DnsmasqConfigInput): string[] => renderDnsmasqConfig(c).split('\n');

describe('dnsmasq config', () => {
  it('managed DHCP: static leases, only known MACs, no DNS, bound to the provisioning interface', () => {
    const l = lines({ ...base, dhcpRange: { start: '10.77.0.100', end: '10.77.0.150' } });
    expect(l).toEqual(expect.arrayContaining(['port=0', 'interface=br0', 'bind-interfaces', 'dhcp-ignore=tag:!known', 'dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h']));
    expect(l).toContain('dhcp-host=52:54:00:77:00:11,10.77.0.11,node1,infinite');
    expect(l).toContain('dhcp-host=52:54:00:77:00:12,node2,infinite');
    expect(l).toContain('dhcp-boot=tag:ipxe,http://10.77.0.1:8080/boot.ipxe');
    expect(l).toContain('dhcp-boot=tag:!ipxe,tag:!efi,undionly.kpxe');
    expect(l).toContain('dhcp-boot=tag:!ipxe,tag:efi,ipxe.efi');
    expect(l.filter((x) => x.startsWith('enable-ra'))).toEqual([]);
  });

  it('without a dynamic range, serves static leases only', () => {
    expect(lines(base)).toContain('dhcp-range=10.77.0.0,static,255.255.255.0,1h');
  });

  it('proxy-DHCP: no addresses handed out, boot information only', () => {
    const l = lines({ ...base, mode: 'proxy' });
    expect(l).toContain('dhcp-range=10.77.0.0,proxy,255.255.255.0');
    expect(l).toContain('pxe-service=tag:!ipxe,x86PC,"kplay",undionly');
    expect(l).toContain('dhcp-boot=tag:ipxe,http://10.77.0.1:8080/boot.ipxe');
    expect(l.some((x) => x.includes('10.77.0.11'))).toBe(false);
    expect(l.some((x) => x === 'dhcp-authoritative')).toBe(false);
  });

  it('router advertisements when the interface has a global IPv6 address', () => {
    expect(lines({ ...base, routerAdvertisements: true })).toEqual(expect.arrayContaining(['enable-ra', 'dhcp-range=::,constructor:br0,ra-only,64']));
  });

  it('static leases come from ssh.address; a host with none needs dhcpRange', () => {
    const fx = poolsFixture({ provisioning: 'provisioning:\n  interface: br0\n' });
    try {
      expect(() => staticLeases(fx.pools.provisioning!, fx.pools.hosts())).toThrow(/host node2 has no IPv4 ssh.address and provisioning has no dhcpRange/);
      expect(staticLeases(fx.pools.provisioning!, [fx.pools.host('node1')])).toEqual([{ mac: '52:54:00:77:00:11', name: 'node1', ip: '10.77.0.11' }]);
    } finally {
      fx.cleanup();
    }
  });
});
