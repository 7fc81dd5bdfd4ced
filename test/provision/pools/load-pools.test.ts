import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBmcAddress, parseMac, PoolLookupError } from '../../../src/provision/pools/index.js';
import { BASE, load, writePools } from './helpers.js';
import { loadPools } from '../../../src/provision/pools/index.js';

const FULL = `# Metal3 names where they exist: bootMACAddress, bmc.address
profiles:
  debian12:
    kernel: http://boot.lab/debian/linux
    initrd: images/initrd.gz
    cmdline: auto=true priority=critical
    answerFile: {template: answers/debian.preseed.j2, kind: preseed}
  ubuntu-image:
    image: https://images.lab/jammy.img
    answerFile: {template: answers/user-data.j2, kind: cloud-init}
pools:
  rack1:
    defaults:
      role: worker
      profile: debian12
      bmc: {username: admin, password: {env: RACK1_PW}, cipherSuite: 17}
      ssh: {user: root, privateKeyFile: keys/id_ed25519, port: 2222}
    hosts:
      - name: cp1
        role: control-plane
        order: 2
        bmc: {address: "10.0.0.11"}
        bootMACAddress: "52:54:00:AB:CD:01"
        ssh: {address: 10.0.1.11}
      - name: w1
        order: 1
        profile: ubuntu-image
        bmc: {address: "ipmi://bmc-w1.lab:6230", username: operator, cipherSuite: 3}
        bootMACAddress: 5254.00ab.cd02
        ssh: {user: debian}
  rack2:
    hosts:
      - name: s1
        role: storage
        order: 1
        profile: debian12
        bmc:
          address: "[fd00::21]:6231"
          username: ""
          password: {file: secrets/s1.pw}
        bootMACAddress: 52-54-00-ab-cd-03
`;

describe('loadPools: the model', () => {
  const { dir, file } = writePools(FULL);
  const pools = loadPools(file);

  it('keeps pools in file order and hosts by order', () => {
    expect(pools.poolNames()).toEqual(['rack1', 'rack2']);
    expect(pools.hosts('rack1').map((h) => h.name)).toEqual(['w1', 'cp1']);
    expect(pools.hosts().map((h) => h.name)).toEqual(['w1', 'cp1', 's1']);
    expect(pools.pool('rack2').hosts.map((h) => h.name)).toEqual(['s1']);
  });

  it('merges pool defaults into hosts, mapping by mapping, the host winning', () => {
    const cp1 = pools.host('cp1');
    expect(cp1.role).toBe('control-plane');
    expect(cp1.bmc).toMatchObject({ driver: 'ipmi', host: '10.0.0.11', port: 623, username: 'admin', cipherSuite: 17 });
    expect(cp1.ssh).toEqual({ user: 'root', privateKeyFile: join(dir, 'keys/id_ed25519'), port: 2222, address: '10.0.1.11' });
    const w1 = pools.host('w1');
    expect(w1.role).toBe('worker');
    expect(w1.bmc).toMatchObject({ host: 'bmc-w1.lab', port: 6230, username: 'operator', cipherSuite: 3, address: 'ipmi://bmc-w1.lab:6230' });
    expect(w1.bmc.password.describe()).toBe('environment variable RACK1_PW');
    expect(w1.ssh).toEqual({ user: 'debian', privateKeyFile: join(dir, 'keys/id_ed25519'), port: 2222 });
  });

  it('applies built-in defaults where neither host nor pool says', () => {
    const s1 = pools.host('s1');
    expect(s1.bmc).toMatchObject({ driver: 'ipmi', host: 'fd00::21', port: 6231, username: '', cipherSuite: 3 });
    expect(s1.ssh).toEqual({ port: 22 });
    expect(s1.bmc.password.describe()).toBe(`file ${join(dir, 'secrets/s1.pw')}`);
  });

  it('normalises boot MACs and finds hosts by any spelling', () => {
    expect(pools.hosts().map((h) => h.bootMACAddress)).toEqual(['52:54:00:ab:cd:02', '52:54:00:ab:cd:01', '52:54:00:ab:cd:03']);
    expect(pools.hostByMAC('52-54-00-AB-CD-03')?.name).toBe('s1');
    expect(pools.hostByMAC('52:54:00:ab:cd:99')).toBeUndefined();
  });

  it('resolves profiles: netboot with local paths from the pools file, images by URL', () => {
    const cp1 = pools.host('cp1').profile;
    expect(cp1).toMatchObject({ kind: 'netboot', kernel: 'http://boot.lab/debian/linux', initrd: join(dir, 'images/initrd.gz'), cmdline: 'auto=true priority=critical' });
    expect(cp1.answerFile).toEqual({ template: join(dir, 'answers/debian.preseed.j2'), kind: 'preseed' });
    expect(pools.host('w1').profile).toMatchObject({ kind: 'image', image: 'https://images.lab/jammy.img', answerFile: { kind: 'cloud-init' } });
    expect([...pools.profiles.keys()]).toEqual(['debian12', 'ubuntu-image']);
  });

  it('records where each host is written', () => {
    expect(pools.host('w1').pos).toEqual({ file, line: 25, column: 9 });
  });

  it('names what exists when a lookup misses', () => {
    expect(() => pools.host('cp9')).toThrow(PoolLookupError);
    expect(() => pools.host('cp9')).toThrow(/has no host named 'cp9' \(hosts: w1, cp1, s1\)/);
    expect(() => pools.hosts('rack9')).toThrow(/has no pool named 'rack9' \(pools: rack1, rack2\)/);
    expect(pools.findHost('cp9')).toBeUndefined();
  });
});

describe('pools.yml details', () => {
  it('an empty host list is a valid pool', () => {
    const pools = load(`pools:\n  spare:\n    hosts: []\n`);
    expect(pools.hosts('spare')).toEqual([]);
  });

  it('expands ~/ in paths to the home directory', () => {
    const pools = load(BASE.replace('      profile: debian12', '      profile: debian12\n      ssh: {privateKeyFile: ~/.ssh/id_rsa}'));
    expect(pools.host('node1').ssh.privateKeyFile).toBe(join(homedir(), '.ssh/id_rsa'));
  });

  it('a redfish address gets the HTTPS port by default', () => {
    const pools = load(BASE.replace('{address: 10.0.0.11}', '{address: "redfish://10.0.0.11/redfish/v1/Systems/1"}'));
    expect(pools.host('node1').bmc).toMatchObject({ driver: 'redfish', host: '10.0.0.11', port: 443 });
  });
});

describe('value parsers', () => {
  it.each([
    ['52:54:00:AB:CD:EF', '52:54:00:ab:cd:ef'],
    ['52-54-00-ab-cd-ef', '52:54:00:ab:cd:ef'],
    ['5254.00ab.cdef', '52:54:00:ab:cd:ef'],
    ['525400ABCDEF', '52:54:00:ab:cd:ef'],
  ])('MAC %s', (input, out) => {
    expect(parseMac(input)).toEqual({ ok: true, value: out });
  });

  it.each(['52:54:00:ab:cd', '52:54-00:ab:cd:ef', '00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', ''])('rejects MAC %j', (input) => {
    expect(parseMac(input).ok).toBe(false);
  });

  it.each([
    ['10.0.0.1', { host: '10.0.0.1', port: undefined, driver: undefined }],
    ['10.0.0.1:6230', { host: '10.0.0.1', port: 6230, driver: undefined }],
    ['bmc.lab', { host: 'bmc.lab', port: undefined, driver: undefined }],
    ['fd00::1', { host: 'fd00::1', port: undefined, driver: undefined }],
    ['[fd00::1]:624', { host: 'fd00::1', port: 624, driver: undefined }],
    ['ipmi://10.0.0.1:624', { host: '10.0.0.1', port: 624, driver: 'ipmi' }],
  ])('BMC address %s', (input, out) => {
    expect(parseBmcAddress(input)).toEqual({ ok: true, value: out });
  });

  it.each(['10.0.0.1:0', '10.0.0.1:x', '[10.0.0.1]:623', 'ipmi://10.0.0.1/path', 'http://10.0.0.1', 'a b'])('rejects BMC address %j', (input) => {
    expect(parseBmcAddress(input).ok).toBe(false);
  });
});
