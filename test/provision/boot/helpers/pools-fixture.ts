import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPools, type Pools } from '../../../../src/provision/pools/index.js';

export const ANSWER_TEMPLATE = `#!/bin/sh
# {{ hostname }} {{ mac }} {{ pool }} {{ role }} {{ order }}
key='{{ ssh_authorized_key }}'
wget --post-data "" {{ callback_url }}
`;

/** A pools.yml with two hosts, a netboot profile (kernel, initrd and answer template as files), in a fresh directory. */
export function poolsFixture(opts: { provisioning?: string; answer?: string; extraHosts?: string } = {}): { dir: string; pools: Pools; kernel: Buffer; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-boot-fixture-'));
  const kernel = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
  writeFileSync(join(dir, 'vmlinuz'), kernel);
  writeFileSync(join(dir, 'initrd.img'), 'initrd-bytes');
  writeFileSync(join(dir, 'answer.j2'), opts.answer ?? ANSWER_TEMPLATE);
  writeFileSync(join(dir, 'id_test'), 'not a real key');
  writeFileSync(join(dir, 'id_test.pub'), 'ssh-ed25519 AAAATEST kplay-test\n');
  writeFileSync(
    join(dir, 'pools.yml'),
    `${opts.provisioning ?? 'provisioning:\n  interface: br0\n  dhcpRange: 10.77.0.100,10.77.0.150\n'}profiles:
  lab:
    kernel: vmlinuz
    initrd: initrd.img
    cmdline: console=ttyS0 hostname={{ hostname }}
    answerFile: {template: answer.j2, kind: cloud-init}
pools:
  rack1:
    defaults:
      profile: lab
      role: worker
      bmc: {username: admin, password: {env: TEST_BMC_PW}}
      ssh: {user: root, privateKeyFile: id_test}
    hosts:
      - {name: node1, order: 1, bootMACAddress: "52:54:00:77:00:11", bmc: {address: "127.0.0.1:9001"}, ssh: {address: 10.77.0.11}}
      - {name: node2, order: 2, bootMACAddress: "52-54-00-77-00-12", bmc: {address: "127.0.0.1:9002"}}
${opts.extraHosts ?? ''}`,
  );
  const pools = loadPools(join(dir, 'pools.yml'), { env: () => ({ TEST_BMC_PW: 'pw-not-to-be-seen' }) });
  return { dir, pools, kernel, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
