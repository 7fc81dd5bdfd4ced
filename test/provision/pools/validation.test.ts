/**
 * Every way pools.yml can be wrong gives a SourceError at the offending key (file, line,
 * column), and all of them are found in one pass before anything runs.
 */
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors/source-error.js';
import { loadPools } from '../../../src/provision/pools/index.js';
import { BASE, problemAt, problems, writePools } from './helpers.js';

/** BASE with the host lines of node2 (lines 18-21) replaced. */
function withNode2(lines: string): string {
  const base = BASE.split('\n').slice(0, 17).join('\n');
  return `${base}\n${lines}`;
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly match: RegExp;
  readonly line: number;
  readonly column: number;
}

const NODE2 = `      - name: node2
        bmc: {address: 10.0.0.12}
        bootMACAddress: "52:54:00:00:00:02"
        order: 2
`;

const cases: Case[] = [
  { name: 'unknown top-level key', text: `${BASE}extra: 1\n`, match: /unknown key 'extra' in the pools file/, line: 22, column: 1 },
  {
    name: 'unknown host key, with a suggestion',
    text: withNode2(NODE2.replace('bootMACAddress', 'bootMacAddress')),
    match: /unknown key 'bootMacAddress' .*did you mean 'bootMACAddress'/,
    line: 20,
    column: 9,
  },
  { name: 'bmc.port points to the address', text: withNode2(NODE2.replace('{address: 10.0.0.12}', '{address: 10.0.0.12, port: 624}')), match: /unknown key 'port'.*host:port/, line: 19, column: 35 },
  { name: 'order of the wrong type', text: withNode2(NODE2.replace('order: 2', 'order: two')), match: /hosts\[1\]\.order must be an integer.*got a string/, line: 21, column: 9 },
  { name: 'order that is no integer', text: withNode2(NODE2.replace('order: 2', 'order: 2.5')), match: /order must be an integer.*got a number/, line: 21, column: 9 },
  { name: 'unknown role', text: withNode2(`${NODE2}        role: master\n`), match: /role must be one of 'control-plane', 'worker', 'storage', 'any', got 'master'/, line: 22, column: 9 },
  { name: 'cipher suite not 3 or 17', text: withNode2(NODE2.replace('{address: 10.0.0.12}', '{address: 10.0.0.12, cipherSuite: 5}')), match: /cipherSuite must be one of '3', '17', got '5'/, line: 19, column: 35 },
  { name: 'unknown driver', text: withNode2(NODE2.replace('{address: 10.0.0.12}', '{address: 10.0.0.12, driver: amt}')), match: /driver must be one of 'ipmi', 'redfish'/, line: 19, column: 35 },
  { name: 'MAC that is no MAC', text: withNode2(NODE2.replace('"52:54:00:00:00:02"', '52:54:00:zz:00:02')), match: /bootMACAddress '52:54:00:zz:00:02' is not a MAC address/, line: 20, column: 9 },
  { name: 'multicast MAC', text: withNode2(NODE2.replace('"52:54:00:00:00:02"', '"01:00:5e:00:00:02"')), match: /multicast/, line: 20, column: 9 },
  { name: 'unquoted all-digit MAC (YAML 1.1 base 60)', text: withNode2(NODE2.replace('"52:54:00:00:00:02"', '52:54:00:12:34:56')), match: /read as the number .* quote it/, line: 20, column: 9 },
  { name: 'BMC port out of range', text: withNode2(NODE2.replace('10.0.0.12', '"10.0.0.12:70000"')), match: /bmc\.address '10\.0\.0\.12:70000': port '70000'/, line: 19, column: 15 },
  { name: 'BMC host that is no host', text: withNode2(NODE2.replace('10.0.0.12', '"bmc_1!:623"')), match: /'bmc_1!' is not a host name/, line: 19, column: 15 },
  { name: 'BMC scheme kplay does not know', text: withNode2(NODE2.replace('10.0.0.12', '"idrac://10.0.0.12"')), match: /scheme 'idrac'/, line: 19, column: 15 },
  {
    name: 'BMC scheme against bmc.driver',
    text: withNode2(NODE2.replace('{address: 10.0.0.12}', '{address: "redfish://10.0.0.12", driver: ipmi}')),
    match: /is a redfish address but bmc.driver is 'ipmi'/,
    line: 19,
    column: 15,
  },
  { name: 'ssh.port out of range', text: withNode2(`${NODE2}        ssh: {port: 0}\n`), match: /ssh\.port must be an integer from 1 to 65535, got 0/, line: 22, column: 15 },
  { name: 'ssh.address with a port', text: withNode2(`${NODE2}        ssh: {address: "10.0.1.2:22"}\n`), match: /ssh\.address '10\.0\.1\.2:22' is not a host name/, line: 22, column: 15 },
  { name: 'host name that is no node name', text: withNode2(NODE2.replace('name: node2', 'name: Node_2')), match: /name 'Node_2' is not a valid host name/, line: 18, column: 9 },
  { name: 'duplicate host name', text: withNode2(NODE2.replace('name: node2', 'name: node1')), match: /duplicate host name 'node1' \(first at .*pools\.yml:14:9\)/, line: 18, column: 9 },
  {
    name: 'duplicate MAC in another spelling',
    text: withNode2(NODE2.replace('"52:54:00:00:00:02"', '"52-54-00-00-00-01"')),
    match: /duplicate bootMACAddress 52:54:00:00:00:01 \(first at .*:16:9\)/,
    line: 20,
    column: 9,
  },
  { name: 'duplicate order', text: withNode2(NODE2.replace('order: 2', 'order: 1')), match: /duplicate order 1 in pool 'rack1' \(first at .*:17:9\)/, line: 21, column: 9 },
  { name: 'duplicate BMC endpoint', text: withNode2(NODE2.replace('10.0.0.12', '"10.0.0.11:623"')), match: /duplicate bmc\.address 10\.0\.0\.11:623/, line: 19, column: 15 },
  { name: 'unknown profile on a host', text: withNode2(`${NODE2}        profile: centos\n`), match: /profile 'centos' is not defined under profiles \(profiles are: debian12\)/, line: 22, column: 9 },
  { name: 'unknown profile in defaults', text: BASE.replace('      profile: debian12', '      profile: debain12'), match: /defaults\.profile 'debain12' is not defined/, line: 12, column: 7 },
  { name: 'missing bmc.address', text: withNode2(NODE2.replace('        bmc: {address: 10.0.0.12}\n', '')), match: /host 'node2' .* has no bmc\.address/, line: 18, column: 9 },
  { name: 'missing name', text: withNode2(NODE2.replace('- name: node2\n        ', '- ')), match: /hosts\[1\] has no name/, line: 18, column: 9 },
  {
    name: 'missing password on host and in defaults',
    text: BASE.replace('        password: {env: BMC_PW}\n', ''),
    match: /host 'node1' .* has no bmc\.password \(set it on the host or in the pool's defaults\)/,
    line: 13,
    column: 9,
  },
  { name: 'per-host field as a default', text: BASE.replace('      profile: debian12', '      profile: debian12\n      order: 3'), match: /order cannot be a pool default/, line: 13, column: 7 },
  { name: 'hosts not a list', text: `${BASE.split('    hosts:')[0]}    hosts: {node1: {}}\n`, match: /pools\.rack1\.hosts must be a list, got a mapping/, line: 13, column: 5 },
  { name: 'host entry not a mapping', text: withNode2('      - node2\n'), match: /hosts\[1\] must be a mapping, got a string/, line: 18, column: 9 },
  { name: 'pool without hosts', text: `${BASE}  rack2:\n    defaults: {}\n`, match: /pools\.rack2 has no hosts/, line: 22, column: 3 },
  { name: 'kernel without initrd', text: BASE.replace('    initrd: http://boot.lab/initrd.gz\n', ''), match: /profiles\.debian12 has kernel but no initrd/, line: 3, column: 5 },
  { name: 'image with kernel', text: BASE.replace('    kernel: http', '    image: disk.img\n    kernel: http'), match: /profiles\.debian12\.kernel cannot be combined with image/, line: 4, column: 5 },
  { name: 'netboot profile without answer file', text: BASE.replace('    answerFile: {template: preseed.cfg.j2, kind: preseed}\n', ''), match: /profiles\.debian12 needs answerFile/, line: 3, column: 5 },
  { name: 'answer file of an unknown kind', text: BASE.replace('kind: preseed', 'kind: jumpstart'), match: /answerFile\.kind must be one of 'kickstart', 'preseed', 'autoinstall', 'cloud-init'/, line: 5, column: 44 },
  { name: 'profile neither netboot nor image', text: BASE.replace(/ {4}kernel:.*\n {4}initrd:.*\n/, '    cmdline: quiet\n'), match: /needs kernel and initrd .* or image/, line: 3, column: 5 },
  { name: 'password given twice', text: BASE.replace('{env: BMC_PW}', '{env: BMC_PW, file: pw.txt}'), match: /password takes one of env or file, not both/, line: 11, column: 9 },
  { name: 'password env that is no variable name', text: BASE.replace('{env: BMC_PW}', '{env: "BMC PW"}'), match: /password\.env must be an environment variable name/, line: 11, column: 20 },
  { name: 'password source of an unknown kind', text: BASE.replace('{env: BMC_PW}', '{value: x}'), match: /unknown key 'value' in pools\.rack1\.defaults\.bmc\.password/, line: 11, column: 20 },
];

describe('pools.yml validation', () => {
  it.each(cases)('$name', ({ text, match, line, column }) => {
    const hit = problemAt(text, match);
    expect({ line: hit.line, column: hit.column }).toEqual({ line, column });
  });

  it('a top level that is not a mapping', () => {
    const { errors } = problems('- just\n- a list\n');
    expect(errors[0]?.message).toMatch(/must be a mapping with pools:/);
    expect(errors[0]?.pos).toMatchObject({ line: 1, column: 1 });
  });

  it('collects every problem, in file order, and reports the first', () => {
    const text = withNode2(NODE2.replace('order: 2', 'order: 1').replace('name: node2', 'name: node1').replace('10.0.0.12', '"10.0.0.12:0"'));
    const { errors, error, file } = problems(text);
    expect(errors.map((e) => [e.pos?.line, e.pos?.column])).toEqual([
      [18, 9],
      [19, 15],
      [21, 9],
    ]);
    expect(error.pos).toEqual(errors[0]?.pos);
    // The message alone names each position.
    expect(error.message).toContain(`${file}:18:9: duplicate host name`);
    expect(error.message).toContain(`${file}:21:9: duplicate order 1`);
    expect(error.describe()).toContain("The error appears to be in");
  });

  it('one problem gives a message that starts with its position', () => {
    const { error, file } = problems(withNode2(NODE2.replace('order: 2', 'order: -1')));
    expect(error.message).toBe(`${file}:21:9: pools.rack1.hosts[1].order must be an integer from 0 to 1000000, got -1`);
  });

  it('a host name may repeat in no other pool, an order may', () => {
    const text = `${BASE}  rack2:\n    defaults: {bmc: {username: u, password: {env: X}}, profile: debian12}\n    hosts:\n      - {name: node1, bmc: {address: 10.0.1.1}, bootMACAddress: "52:54:00:00:01:01", order: 1}\n`;
    const { errors } = problems(text);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^duplicate host name 'node1'/)]);
    expect(errors[0]?.pos).toMatchObject({ line: 25, column: 10 });
  });

  it('a YAML syntax error is a SourceError with its position', () => {
    const { file } = writePools('pools: {rack1: [\n');
    try {
      loadPools(file);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SourceError);
      expect((e as SourceError).pos).toMatchObject({ file, line: 2 });
    }
  });
});
