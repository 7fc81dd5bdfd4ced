import { describe, expect, it } from 'vitest';
import { load, problemAt } from './helpers.js';

const POOLS = `profiles:
  p: {image: disk.img}
pools:
  a:
    hosts: []
`;

describe('pools.yml provisioning:', () => {
  it('reads interface, address, range, mode and port, with defaults', () => {
    const pools = load(`provisioning:\n  interface: br0\n  dhcpRange: 10.0.0.100, 10.0.0.150\n${POOLS}`);
    expect(pools.provisioning).toMatchObject({ interface: 'br0', dhcpRange: { start: '10.0.0.100', end: '10.0.0.150' }, mode: 'dhcp', httpPort: 8080 });
    expect(load(POOLS).provisioning).toBeUndefined();
  });

  it('reports bad values at their line and column', () => {
    expect(problemAt(`provisioning:\n  interface: br0\n  dhcpRange: 10.0.0.1\n${POOLS}`, /dhcpRange must be 'START,END'/)).toMatchObject({ line: 3, column: 3 });
    expect(problemAt(`provisioning:\n  address: 10.0.0.1\n${POOLS}`, /needs interface/)).toMatchObject({ line: 2, column: 3 });
    expect(problemAt(`provisioning:\n  interface: br0\n  mode: relay\n${POOLS}`, /mode must be one of 'dhcp', 'proxy'/)).toMatchObject({ line: 3, column: 3 });
    expect(problemAt(`provisioning:\n  interface: br0\n  mode: proxy\n  dhcpRange: 10.0.0.1,10.0.0.9\n${POOLS}`, /makes no sense with mode: proxy/)).toMatchObject({ line: 4 });
    expect(problemAt(`provisioning:\n  interface: br0\n  adress: 10.0.0.1\n${POOLS}`, /unknown key 'adress' in provisioning \(did you mean 'address'\?\)/)).toMatchObject({ line: 3, column: 3 });
  });
});
