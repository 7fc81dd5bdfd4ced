/**
 * Image profiles through the flow: the deploy ramdisk (provisioning.deployKernel/deployRamdisk)
 * is netbooted, told where the image and the callback are, and after the callback the host is
 * set to boot from disk and power-cycled before SSH. Fake BMCs, the real boot HTTP server,
 * real SSH logins.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Booter, BootHttpServer } from '../../../src/provision/boot/index.js';
import { provisionHosts, type RunningBootServices } from '../../../src/provision/flow/index.js';
import { loadPools, type Pools } from '../../../src/provision/pools/index.js';
import { FileHostStateStore } from '../../../src/provision/store/index.js';
import { DeployRamdiskFakeDriver, fakeSshHost, macOf } from './helpers.js';
import { ed25519KeyPair } from '../../fixtures/ssh-keys.js';

describe('image profiles: deploy ramdisk, image over HTTP, then boot from disk', () => {
  let dir: string;
  let image: Buffer;
  let ssh: Awaited<ReturnType<typeof fakeSshHost>>;
  let services: (RunningBootServices & { url: string }) | undefined;
  let drivers: Map<string, DeployRamdiskFakeDriver>;

  const writePools = (provisioning: string): Pools => {
    writeFileSync(
      join(dir, 'pools.yml'),
      `provisioning: {interface: lo, address: 127.0.0.1${provisioning}}
profiles:
  os: {image: disk.img, answerFile: {template: user-data.j2, kind: cloud-init}}
  bare: {image: disk.img}
pools:
  rack1:
    defaults:
      bmc: {username: admin, password: {env: PW}}
      ssh: {user: root, privateKeyFile: id_flow}
    hosts:
      - {name: node1, order: 1, profile: os, bootMACAddress: "${macOf(0)}", bmc: {address: "10.0.0.1"}, ssh: {address: 127.0.0.1, port: ${ssh.port}}}
      - {name: node2, order: 2, profile: bare, bootMACAddress: "${macOf(1)}", bmc: {address: "10.0.0.2"}, ssh: {address: 127.0.0.1, port: ${ssh.port}}}
`,
    );
    return loadPools(join(dir, 'pools.yml'), { env: () => ({ PW: 'pw-image-flow' }) });
  };

  const run = (pools: Pools, hosts: string[]) =>
    provisionHosts({
      pools,
      hosts,
      store: new FileHostStateStore(join(dir, '.kplay', 'state', 'hosts.json')),
      installTimeoutMs: 5000,
      sshTimeoutMs: 5000,
      driverFor: (h) => {
        const d = drivers.get(h.name) ?? new DeployRamdiskFakeDriver(h, () => services?.url ?? '');
        drivers.set(h.name, d);
        return d;
      },
      startBootServices: async (network) => {
        const booter = new Booter();
        const http = new BootHttpServer({ booter, address: '127.0.0.1', port: 0, ...(network.deploy ? { deploy: network.deploy } : {}) });
        const url = await http.listen();
        services = { booter, url, stop: () => http.close() };
        return services;
      },
    });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-image-flow-'));
    image = randomBytes(200_000);
    const key = ed25519KeyPair();
    writeFileSync(join(dir, 'id_flow'), key.private, { mode: 0o600 });
    writeFileSync(join(dir, 'id_flow.pub'), key.public);
    writeFileSync(join(dir, 'deploy-vmlinuz'), 'deploy kernel');
    writeFileSync(join(dir, 'deploy-initrd'), 'deploy initrd');
    writeFileSync(join(dir, 'disk.img'), image);
    writeFileSync(join(dir, 'user-data.j2'), '#!/bin/sh\nhostname {{ hostname }} # {{ image_url }}\n');
    ssh = await fakeSshHost([macOf(0), macOf(1)], 'installed');
    drivers = new Map();
    services = undefined;
  });
  afterEach(async () => {
    await ssh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('netboots the deploy ramdisk with image, callback and answer URLs, serves the image byte for byte, then disk + power cycle before SSH', async () => {
    const pools = writePools(', deployKernel: deploy-vmlinuz, deployRamdisk: deploy-initrd, deployCmdline: "console=ttyS0 for={{ hostname }}"');
    const [r] = await run(pools, ['node1']);
    expect(r).toMatchObject({ host: 'node1', outcome: 'provisioned', address: '127.0.0.1' });
    expect(Object.keys(r?.phases ?? {})).toEqual(['claim', 'ipmi', 'install', 'reboot', 'ssh', 'finish']);
    expect(Object.keys(r?.boot ?? {})).toEqual(['ipxe-script', 'kernel', 'initrd', 'image', 'answer-file', 'callback']);
    const d = drivers.get('node1');
    const url = services?.url ?? '';
    const kernelLine = /^kernel .*$/m.exec(d?.script ?? '')?.[0] ?? '';
    expect(kernelLine).toMatch(new RegExp(`^kernel ${url}/files/node1/kernel console=ttyS0 for=node1 kplay\\.answer=${url}/answer/node1/[0-9a-f]{32} kplay\\.image=${url}/files/node1/image kplay\\.done=${url}/done/node1/[0-9a-f]{32}$`));
    expect(d?.fetched['kernel']?.toString()).toBe('deploy kernel');
    expect(d?.fetched['initrd']?.toString()).toBe('deploy initrd');
    expect(d?.fetched['image']?.equals(image)).toBe(true);
    expect(d?.fetched['answer']?.toString()).toBe(`#!/bin/sh\nhostname node1 # ${url}/files/node1/image\n`);
    // PXE once for the deploy ramdisk; after the callback: disk for good, off, on (it boots the written disk).
    expect(d?.calls).toEqual([
      { op: 'status' },
      { op: 'boot', device: 'pxe', oneShot: true, efi: false },
      { op: 'power', action: 'on' },
      { op: 'boot', device: 'disk', oneShot: false, efi: false },
      { op: 'power', action: 'off' },
      { op: 'status' },
      { op: 'power', action: 'on' },
    ]);
    expect(d?.lastBoot).toBe('disk');
    expect(d?.state).toBe('on');
    expect(ssh.logins()).toBe(1);
  });

  it('an image profile without an answer file gets no kplay.answer', async () => {
    const pools = writePools(', deployKernel: deploy-vmlinuz, deployRamdisk: deploy-initrd');
    const [r] = await run(pools, ['node2']);
    expect(r?.outcome).toBe('provisioned');
    const d = drivers.get('node2');
    expect(d?.script).toContain('kplay.image=');
    expect(d?.script).not.toContain('kplay.answer=');
    expect(d?.fetched['image']?.equals(image)).toBe(true);
  });

  it('without a deploy ramdisk an image host stops the run before any BMC is asked', async () => {
    const pools = writePools('');
    await expect(run(pools, ['node1'])).rejects.toThrow(/pools\.yml:1:\d+: host node1's profile os writes an image, and provisioning: has no deployKernel and deployRamdisk/);
    expect(drivers.size).toBe(0);
    expect(services).toBeUndefined();
  });
});
