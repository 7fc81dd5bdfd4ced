/** The boot HTTP server for image profiles: deploy ramdisk files, the image itself, and what it refuses. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Booter, BootHttpServer } from '../../../src/provision/boot/index.js';
import { loadPools, type Pools } from '../../../src/provision/pools/index.js';

describe('boot HTTP server: image profiles', () => {
  let dir: string;
  let pools: Pools;
  let booter: Booter;
  let servers: BootHttpServer[];
  const logs: string[] = [];

  const start = async (withDeploy: boolean): Promise<string> => {
    const deploy = withDeploy ? pools.provisioning?.deploy : undefined;
    const s = new BootHttpServer({ booter, address: '127.0.0.1', port: 0, log: (l) => logs.push(l), ...(deploy ? { deploy } : {}) });
    servers.push(s);
    return s.listen();
  };
  const get = async (url: string, method = 'GET'): Promise<{ status: number; body: Buffer; length: string | null }> => {
    const r = await fetch(url, { method });
    return { status: r.status, body: Buffer.from(await r.arrayBuffer()), length: r.headers.get('content-length') };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-image-http-'));
    writeFileSync(join(dir, 'ipa-kernel'), 'ipa kernel');
    writeFileSync(join(dir, 'ipa-initrd'), 'ipa initrd');
    writeFileSync(join(dir, 'os.img'), Buffer.alloc(300_000, 7));
    writeFileSync(join(dir, 'vmlinuz'), 'installer kernel');
    writeFileSync(join(dir, 'initrd'), 'installer initrd');
    writeFileSync(join(dir, 'a.j2'), 'x\n');
    writeFileSync(
      join(dir, 'pools.yml'),
      `provisioning: {interface: lo, deployKernel: ipa-kernel, deployRamdisk: ipa-initrd}
profiles:
  img: {image: os.img}
  net: {kernel: vmlinuz, initrd: initrd, answerFile: {template: a.j2, kind: kickstart}}
pools:
  p:
    defaults: {bmc: {username: u, password: {env: P}}}
    hosts:
      - {name: i1, order: 1, profile: img, bootMACAddress: "52:54:00:00:00:01", bmc: {address: 10.0.0.1}}
      - {name: n1, order: 2, profile: net, bootMACAddress: "52:54:00:00:00:02", bmc: {address: 10.0.0.2}}
`,
    );
    pools = loadPools(join(dir, 'pools.yml'));
    booter = new Booter();
    servers = [];
    logs.length = 0;
  });
  afterEach(async () => {
    for (const s of servers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves an armed image host the deploy ramdisk as its kernel and initrd, and its image (GET and HEAD)', async () => {
    const url = await start(true);
    expect((await get(`${url}/files/i1/image`)).status).toBe(404);
    booter.arm(pools.host('i1'));
    expect((await get(`${url}/files/i1/kernel`)).body.toString()).toBe('ipa kernel');
    expect((await get(`${url}/files/i1/initrd`)).body.toString()).toBe('ipa initrd');
    const image = await get(`${url}/files/i1/image`);
    expect(image.status).toBe(200);
    expect(image.body.equals(Buffer.alloc(300_000, 7))).toBe(true);
    const head = await get(`${url}/files/i1/image`, 'HEAD');
    expect([head.status, head.length, head.body.length]).toEqual([200, '300000', 0]);
  });

  it('a netboot host has no image; its kernel stays its own profile\'s', async () => {
    const url = await start(true);
    booter.arm(pools.host('n1'));
    expect((await get(`${url}/files/n1/image`)).status).toBe(404);
    expect((await get(`${url}/files/n1/kernel`)).body.toString()).toBe('installer kernel');
  });

  it('without a deploy ramdisk an image host gets no iPXE script, and the reason is logged', async () => {
    const url = await start(false);
    booter.arm(pools.host('i1'));
    expect((await get(`${url}/ipxe/52-54-00-00-00-01`)).status).toBe(404);
    expect(logs).toEqual(['http: i1: profile img writes an image, and provisioning has no deployKernel/deployRamdisk to write it with']);
    expect((await get(`${url}/files/i1/kernel`)).status).toBe(404);
  });
});
