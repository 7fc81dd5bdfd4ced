/**
 * An installer that reports failure: the host goes to `error` with the installer's reason at
 * once (no waiting for the install timeout, no reboot, no SSH), and the other hosts go on.
 * The fake deploy ramdisk does what the lab's does: downloads the image, checks it against
 * kplay.image_checksum and POSTs `status=failed&reason=checksum mismatch...` on a mismatch.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Booter, BootHttpServer } from '../../../src/provision/boot/index.js';
import { provisionHosts, type ProvisionEvent, type RunningBootServices } from '../../../src/provision/flow/index.js';
import { loadPools, type Pools } from '../../../src/provision/pools/index.js';
import { FileHostStateStore } from '../../../src/provision/store/index.js';
import { DeployRamdiskFakeDriver, fakeSshHost, macOf } from './helpers.js';
import { ed25519KeyPair } from '../../fixtures/ssh-keys.js';

/** A deploy ramdisk that verifies the image's checksum and reports a mismatch as a failure. */
function checksumReport(ramdisk: DeployRamdiskFakeDriver): string {
  const [type = '', want = ''] = (ramdisk.arg('kplay\\.image_checksum') ?? '').split(/:(.*)/);
  const got = type ? createHash(type).update(ramdisk.fetched['image'] ?? Buffer.alloc(0)).digest('hex') : '';
  return got === want ? '' : `status=failed&reason=${encodeURIComponent(`checksum mismatch: ${type} of the image is ${got}, expected ${want}`)}`;
}

describe('installer failure callback through the flow', () => {
  let dir: string;
  let goodSum: string;
  let ssh: Awaited<ReturnType<typeof fakeSshHost>>;
  let drivers: Map<string, DeployRamdiskFakeDriver>;
  let services: (RunningBootServices & { url: string }) | undefined;
  const events: ProvisionEvent[] = [];

  const writePools = (): Pools => {
    writeFileSync(
      join(dir, 'pools.yml'),
      `provisioning: {interface: lo, address: 127.0.0.1, deployKernel: k, deployRamdisk: i}
profiles:
  good: {image: {url: disk.img, checksum: "${goodSum}", checksumType: sha256}}
  bad: {image: {url: disk.img, checksum: "${'0'.repeat(64)}"}}
pools:
  rack1:
    defaults:
      bmc: {username: admin, password: {env: PW}}
      ssh: {user: root, privateKeyFile: id_flow}
    hosts:
      - {name: node1, order: 1, profile: bad, bootMACAddress: "${macOf(0)}", bmc: {address: "10.0.0.1"}, ssh: {address: 127.0.0.1, port: ${ssh.port}}}
      - {name: node2, order: 2, profile: good, bootMACAddress: "${macOf(1)}", bmc: {address: "10.0.0.2"}, ssh: {address: 127.0.0.1, port: ${ssh.port}}}
`,
    );
    return loadPools(join(dir, 'pools.yml'), { env: () => ({ PW: 'pw-failure-flow' }) });
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-install-failure-flow-'));
    const image = randomBytes(100_000);
    goodSum = createHash('sha256').update(image).digest('hex');
    const key = ed25519KeyPair();
    writeFileSync(join(dir, 'id_flow'), key.private, { mode: 0o600 });
    writeFileSync(join(dir, 'id_flow.pub'), key.public);
    for (const f of ['k', 'i']) writeFileSync(join(dir, f), f);
    writeFileSync(join(dir, 'disk.img'), image);
    ssh = await fakeSshHost([macOf(0), macOf(1)], 'installed');
    drivers = new Map();
    services = undefined;
    events.length = 0;
  });
  afterEach(async () => {
    await ssh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a checksum mismatch puts that host in error at once with the reason; the other host is provisioned', async () => {
    const store = new FileHostStateStore(join(dir, '.kplay', 'state', 'hosts.json'));
    const t0 = Date.now();
    const results = await provisionHosts({
      pools: writePools(),
      hosts: ['node1', 'node2'],
      store,
      installTimeoutMs: 30_000,
      sshTimeoutMs: 5000,
      emit: (e) => events.push(e),
      driverFor: (h) => {
        const d = drivers.get(h.name) ?? new DeployRamdiskFakeDriver(h, () => services?.url ?? '', checksumReport);
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
    // Far below the 30 s install timeout: the failure is not waited out.
    expect(Date.now() - t0).toBeLessThan(10_000);
    const [bad, good] = results;
    const reason = `install: the installer reported a failure: checksum mismatch: sha256 of the image is ${createHash('sha256').update(readFileSync(join(dir, 'disk.img'))).digest('hex')}, expected ${'0'.repeat(64)}`;
    expect(bad).toMatchObject({ host: 'node1', outcome: 'error', reason });
    expect(Object.keys(bad?.phases ?? {})).toEqual(['claim', 'ipmi', 'install']);
    expect(Object.keys(bad?.boot ?? {})).toEqual(['ipxe-script', 'kernel', 'initrd', 'image', 'failure']);
    expect(good).toMatchObject({ host: 'node2', outcome: 'provisioned' });
    expect(drivers.get('node2')?.posted).toEqual(['']);
    const state = JSON.parse(readFileSync(join(dir, '.kplay', 'state', 'hosts.json'), 'utf8')) as { hosts: Record<string, { status: unknown }> };
    expect(state.hosts['node1']?.status).toEqual({ state: 'error', reason });
    expect(state.hosts['node2']?.status).toMatchObject({ state: 'provisioned' });
    // The failed host was not rebooted into its disk nor set to boot from it: only the PXE boot.
    expect(drivers.get('node1')?.calls).toEqual([
      { op: 'status' },
      { op: 'boot', device: 'pxe', oneShot: true, efi: false },
      { op: 'power', action: 'on' },
    ]);
    expect(ssh.logins()).toBe(1);
  });
});
