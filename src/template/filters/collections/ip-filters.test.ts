/*
 * kplay's ansible.utils IP filters against the real plugins: every case rendered by
 * ansible-core's Templar with the installed ansible.utils collection (and netaddr), then by
 * kplay; value and Python type must match, or both must fail.
 */
import { describe, expect, it } from 'vitest';
import { ansibleAvailable, FIXTURES, renderWithAnsible, renderWithKplay, type Case } from '../../../../test/template/differential.js';
import { Templar } from '../../templar.js';

const lit = (v: unknown): string => JSON.stringify(v);

const VALUES: unknown[] = [
  '192.168.1.10', '192.168.1.0/24', '192.168.1.10/24', '10.0.0.1/255.255.255.0', '10.0.0.0/0.0.0.255', '172.16.5.4/31',
  '172.16.5.4/32', '8.8.8.8', '100.64.1.1/10', '169.254.3.4', '127.0.0.1', '224.0.0.5', '239.1.2.3/16', '255.255.255.0',
  '0.0.0.255', '10.1', '010.1.1.1', 'fe80::1', 'fe80::1/64', '2001:db8::/32', '2001:db8:0:0:1:0:0:1/64', '::1', '::ffff:10.1.2.3',
  '::ffff:10.1.2.3/120', '2002:c000:0204::1/48', 'fd00::5', 'ff02::1', '::', '2001:db8::1/127', 167772161, '3232235777/24',
  'foo', '', '1.2.3.4/33', '1.2.3', '300.1.1.1', 0, 42540766411282592856903984951653826561,
];

const QUERIES = [
  '', 'address', 'host', 'network', 'netmask', 'hostmask', 'prefix', 'broadcast', 'size', 'size_usable', 'subnet', 'cidr', 'type',
  'public', 'private', 'loopback', 'multicast', 'unicast', 'link-local', 'ipv4', 'ipv6', 'wrap', 'version', 'int', 'revdns',
  'first_usable', 'last_usable', 'next_usable', 'previous_usable', 'range_usable', 'net', 'ip/prefix', 'ip_netmask',
  'network_netmask', 'network_wildcard', 'network/prefix', 'host/prefix', '6to4', 'peer', 'bool', '192.168.0.0/16', 'fe80::/10',
  '5', '-1', '1.5', 'nonsense',
];

const T = (t: string): Case => ({ t });

const CASES: Case[] = [
  ...VALUES.flatMap((v) => QUERIES.map((q) => T(`{{ ${lit(v)} | ansible.utils.ipaddr(${lit(q)}) }}`))),
  T("{{ ['192.168.1.1', 'fe80::1', 'junk', '10.0.0.0/8'] | ansible.utils.ipaddr }}"),
  T("{{ ['192.168.1.1', 'fe80::1', '10.0.0.0/8'] | ansible.utils.ipaddr('network') }}"),
  T("{{ ['192.168.1.1', 'fe80::1', '10.0.0.0/8'] | ansible.utils.ipv4 }}"),
  T("{{ ['192.168.1.1', 'fe80::1', '10.0.0.0/8'] | ansible.utils.ipv6 }}"),
  T("{{ '192.168.1.1' | ansible.utils.ipv4('address') }}"), T("{{ '192.168.1.1' | ansible.utils.ipv6 }}"), T("{{ '192.168.1.1/24' | ansible.utils.ipv6('ipv6') }}"),
  T("{{ '::ffff:192.168.1.1' | ansible.utils.ipv4('ipv4') }}"), T("{{ 'fe80::1' | ansible.utils.ipv4 }}"), T("{{ 3232235777 | ansible.utils.ipv6 }}"),
  T('{{ 1.5 | ansible.utils.ipaddr }}'), T("{{ {'a': 1} | ansible.utils.ipaddr }}"), T('{{ none | ansible.utils.ipaddr }}'), T('{{ true | ansible.utils.ipaddr }}'),
  T("{{ '10.0.0.1' | ipaddr('address') }}"), T("{{ '10.0.0.1/8' | ansible.netcommon.ipaddr('netmask') }}"), T("{{ '10.0.0.1' | ansible.utils.ipaddr(24) }}"),
  T("{{ 'fe80::1' | ansible.utils.ipwrap }}"), T("{{ 'fe80::/64' | ansible.utils.ipwrap }}"), T("{{ '10.0.0.1' | ansible.utils.ipwrap }}"), T("{{ 'host.example' | ansible.utils.ipwrap }}"),
  T("{{ ['fe80::1', '10.0.0.1', 'name', '2001:db8::/32'] | ansible.utils.ipwrap }}"), T("{{ ['fe80::1', '10.0.0.1/24'] | ansible.utils.ipwrap('address') }}"),
  T('{{ 42 | ansible.utils.ipwrap }}'), T("{{ 'fe80::1' | ipwrap }}"), T('{{ true | ansible.utils.ipwrap }}'),
  T("{{ '192.168.1.5' | ansible.utils.ipmath(5) }}"), T("{{ '192.168.1.5' | ansible.utils.ipmath(-10) }}"), T("{{ '192.168.0.1/24' | ansible.utils.ipmath(300) }}"),
  T("{{ '2001:db8::1' | ansible.utils.ipmath(16) }}"), T("{{ '::ffff' | ansible.utils.ipmath(1) }}"), T("{{ '255.255.255.255' | ansible.utils.ipmath(1) }}"),
  T("{{ 'junk' | ansible.utils.ipmath(1) }}"), T("{{ '10.0.0.1' | ansible.utils.ipmath('2') }}"), T("{{ '10.0.0.1' | ansible.utils.ipmath('x') }}"), T("{{ '10' | ansible.utils.ipmath(1) }}"),
  T("{{ '192.168.0.0/16' | ansible.utils.ipsubnet }}"), T("{{ '192.168.1.5' | ansible.utils.ipsubnet }}"), T("{{ '192.168.0.0/16' | ansible.utils.ipsubnet(24) }}"),
  T("{{ '192.168.0.0/16' | ansible.utils.ipsubnet(24, 0) }}"), T("{{ '192.168.0.0/16' | ansible.utils.ipsubnet(24, 5) }}"), T("{{ '192.168.0.0/16' | ansible.utils.ipsubnet(24, -1) }}"),
  T("{{ '192.168.0.0/16' | ansible.utils.ipsubnet(24, 256) }}"), T("{{ '192.168.0.0/16' | ansible.utils.ipsubnet(8) }}"), T("{{ '192.168.0.0/16' | ansible.utils.ipsubnet(8, 0) }}"),
  T("{{ '192.168.1.5' | ansible.utils.ipsubnet(20) }}"), T("{{ '192.168.1.5' | ansible.utils.ipsubnet(20, 2) }}"), T("{{ '192.168.1.5' | ansible.utils.ipsubnet(20, -1) }}"),
  T("{{ '192.168.1.5' | ansible.utils.ipsubnet(33) }}"), T("{{ '192.168.1.0/24' | ansible.utils.ipsubnet('192.168.0.0/16') }}"), T("{{ '192.168.5.0/24' | ansible.utils.ipsubnet('192.168.0.0/20') }}"),
  T("{{ '10.0.0.0/24' | ansible.utils.ipsubnet('192.168.0.0/16') }}"), T("{{ '192.168.1.0/24' | ansible.utils.ipsubnet('junk') }}"), T("{{ '2001:db8::/32' | ansible.utils.ipsubnet(48, 3) }}"),
  T("{{ '2001:db8::/32' | ansible.utils.ipsubnet(64) }}"), T("{{ 'junk' | ansible.utils.ipsubnet(24) }}"), T("{{ '192.168.0.0/16' | ipsubnet(18, 1) }}"),
  T("{{ '10.0.0.0/8' | ansible.utils.nthhost(305) }}"), T("{{ '10.0.0.0/24' | ansible.utils.nthhost(-1) }}"), T("{{ '10.0.0.0/24' | ansible.utils.nthhost(0) }}"),
  T("{{ '10.0.0.5/24' | ansible.utils.nthhost(256) }}"), T("{{ '10.0.0.5' | ansible.utils.nthhost(0) }}"), T("{{ '10.0.0.0/24' | ansible.utils.nthhost('x') }}"),
  T("{{ '2001:db8::/64' | ansible.utils.nthhost(17) }}"), T("{{ 'junk' | ansible.utils.nthhost(1) }}"), T("{{ '10.0.0.0/24' | ansible.utils.nthhost }}"), T("{{ '10.0.0.0/30' | nthhost(-5) }}"),
  T("{{ '192.168.122.1/24' | ansible.utils.next_nth_usable(2) }}"), T("{{ '192.168.122.254/24' | ansible.utils.next_nth_usable(2) }}"), T("{{ '10.96.0.0/12' | ansible.utils.next_nth_usable(1) }}"),
  T("{{ '10.0.0.1/31' | ansible.utils.next_nth_usable('1') }}"), T("{{ '10.0.0.1' | ansible.utils.next_nth_usable(1) }}"), T("{{ 'junk' | ansible.utils.next_nth_usable(1) }}"),
  T("{{ '2001:db8::/64' | ansible.utils.next_nth_usable(10) }}"), T("{{ '192.168.122.10/24' | ansible.utils.previous_nth_usable(2) }}"), T("{{ '192.168.122.1/24' | ansible.utils.previous_nth_usable(2) }}"),
  T("{{ '192.168.0.0/24' | next_nth_usable('x') }}"), T("{{ '192.168.0.0/24' | ansible.utils.network_in_usable('192.168.0.1') }}"),
  T("{{ '192.168.0.0/24' | ansible.utils.network_in_usable('192.168.0.255') }}"), T("{{ '192.168.0.0/24' | ansible.utils.network_in_usable('192.168.0.0/25') }}"),
  T("{{ '192.168.0.0/24' | ansible.utils.network_in_network('192.168.0.255') }}"), T("{{ '192.168.0.0/24' | ansible.utils.network_in_network('192.168.1.0/30') }}"),
  T("{{ '192.168.0.0/16' | ansible.utils.network_in_network('192.168.7.0/24') }}"), T("{{ '10.0.0.1' | ansible.utils.network_in_network('10.0.0.1') }}"),
  T("{{ ['192.168.0.34', '10.3.0.3', '192.168.2.34', '192.168.0.0/28'] | ansible.utils.reduce_on_network('192.168.0.0/24') }}"),
  T("{{ ['fe80::1', '2001:db8::5'] | ansible.utils.reduce_on_network('2001:db8::/32') }}"),
];

const enabled = ansibleAvailable();

describe.skipIf(!enabled)('ansible.utils IP filters match the installed collection', () => {
  const expected = enabled ? renderWithAnsible({}, CASES) : [];
  const templar = new Templar({ searchPath: [FIXTURES] });
  it('has a table of at least 100 inputs', () => expect(CASES.length).toBeGreaterThan(100));
  it.each(CASES.map((c, i) => [String(c.t), c, i] as const))('%s', (_name, c, i) => {
    const want = expected[i]!;
    const got = renderWithKplay(templar, {}, c);
    if (!want.ok || !got.ok) {
      expect({ ok: got.ok }).toEqual({ ok: want.ok });
      return;
    }
    expect({ type: got.type, value: got.value }).toEqual({ type: want.type, value: want.value });
  });
});
