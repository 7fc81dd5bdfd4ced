import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { Booter, BootHttpServer } from '../../../src/provision/boot/index.js';
import type { RunningBootServices } from '../../../src/provision/flow/index.js';
import { loadPools, type PoolHost, type Pools } from '../../../src/provision/pools/index.js';
import { FakePowerDriver, type PowerAction } from '../../../src/provision/power/index.js';
import { ed25519KeyPair } from '../../fixtures/ssh-keys.js';

const { Server } = ssh2;

/** An SSH server that lets anyone in with a key and answers the identity probe with `macs`. */
export async function fakeSshHost(macs: string[], hostname: string): Promise<{ port: number; logins: () => number; close(): Promise<void> }> {
  let logins = 0;
  const server = new Server({ hostKeys: [ed25519KeyPair().private] }, (client) => {
    client.on('authentication', (ctx) => (ctx.method === 'publickey' ? ctx.accept() : ctx.reject(['publickey'])));
    client.on('error', () => undefined);
    client.on('ready', () => {
      logins++;
      client.on('session', (accept) => {
        accept().on('exec', (acceptExec) => {
          const s = acceptExec();
          s.write(`${macs.join('\n')}\n--\n${hostname}\n`);
          s.exit(0);
          s.end();
        });
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, logins: () => logins, close: () => new Promise((r) => server.close(() => r())) };
}

/** Boot services without dnsmasq: the Booter and the HTTP server on loopback. */
export async function loopbackBootServices(): Promise<RunningBootServices & { url: string; stopped: boolean }> {
  const booter = new Booter();
  const http = new BootHttpServer({ booter, address: '127.0.0.1', port: 0 });
  const url = await http.listen();
  const s = {
    booter,
    url,
    stopped: false,
    async stop() {
      s.stopped = true;
      await http.close();
    },
  };
  return s;
}

/**
 * A power driver whose host, once powered on with boot device PXE, behaves as the lab's
 * installer does: fetches its iPXE script, the answer file it names, and calls back.
 */
export class NetbootingFakeDriver extends FakePowerDriver {
  installs = 0;
  constructor(
    readonly host: PoolHost,
    readonly serverUrl: () => string,
    readonly behaviour: 'installs' | 'never-boots' = 'installs',
  ) {
    super(`fake-${host.name}:623`);
  }

  override async setPower(action: PowerAction): Promise<void> {
    await super.setPower(action);
    if (this.state === 'on' && this.lastBoot === 'pxe' && action === 'on' && this.behaviour === 'installs') void this.install();
  }

  private async install(): Promise<void> {
    const mac = this.host.bootMACAddress.replaceAll(':', '-');
    const script = await (await fetch(`${this.serverUrl()}/ipxe/${mac}`)).text();
    const answerUrl = /kplay\.answer=(\S+)/.exec(script)?.[1];
    if (!answerUrl) return;
    const answer = await (await fetch(answerUrl)).text();
    const callback = /(http:\S+\/done\/\S+)/.exec(answer)?.[1];
    if (!callback) return;
    this.installs++;
    await fetch(callback, { method: 'POST' });
  }
}

/**
 * A power driver whose host, once powered on with boot device PXE, runs a deploy ramdisk:
 * reads its iPXE script, fetches every URL it names (kernel, initrd, image, answer file),
 * then calls back with what `report` says of it ('' = success, else a form body).
 */
export class DeployRamdiskFakeDriver extends FakePowerDriver {
  script = '';
  readonly fetched: Record<string, Buffer> = {};
  readonly posted: string[] = [];
  constructor(
    readonly host: PoolHost,
    readonly serverUrl: () => string,
    private readonly report: (ramdisk: DeployRamdiskFakeDriver) => string = () => '',
  ) {
    super(`fake-${host.name}:623`);
  }

  override async setPower(action: PowerAction): Promise<void> {
    await super.setPower(action);
    if (action === 'on' && this.lastBoot === 'pxe') void this.deploy();
  }

  /** A `name=value` word of the kernel command line in the iPXE script. */
  arg(name: string): string | undefined {
    return new RegExp(`${name}=(\\S+)`).exec(this.script)?.[1];
  }

  private async deploy(): Promise<void> {
    this.script = await (await fetch(`${this.serverUrl()}/ipxe/${this.host.bootMACAddress}`)).text();
    const urls = { kernel: /^kernel (\S+)/m.exec(this.script)?.[1], initrd: /^initrd (\S+)/m.exec(this.script)?.[1], image: this.arg('kplay\\.image'), answer: this.arg('kplay\\.answer') };
    for (const [what, url] of Object.entries(urls)) if (url) this.fetched[what] = Buffer.from(await (await fetch(url)).arrayBuffer());
    const body = this.report(this);
    this.posted.push(body);
    const done = this.arg('kplay\\.done');
    if (done) await fetch(done, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}

export interface FlowFixture {
  readonly dir: string;
  readonly pools: Pools;
  cleanup(): void;
}

/** pools.yml with hosts node1..nodeN answering SSH on loopback at the given ports. */
export function flowPools(sshPorts: number[], env: Record<string, string> = { FLOW_BMC_PW: 'hunter2-flow' }): FlowFixture {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-flow-'));
  const key = ed25519KeyPair();
  writeFileSync(join(dir, 'id_flow'), key.private, { mode: 0o600 });
  writeFileSync(join(dir, 'id_flow.pub'), key.public);
  writeFileSync(join(dir, 'vmlinuz'), 'kernel');
  writeFileSync(join(dir, 'initrd'), 'initrd');
  writeFileSync(join(dir, 'answer.j2'), '#!/bin/sh\nwget --post-data "" {{ callback_url }}\n');
  const hosts = sshPorts.map(
    (port, i) => `      - {name: node${i + 1}, order: ${i + 1}, bootMACAddress: "52:54:00:77:01:${(i + 16).toString(16)}", bmc: {address: "10.0.0.${i + 1}"}, ssh: {address: 127.0.0.1, port: ${port}}}`,
  );
  writeFileSync(
    join(dir, 'pools.yml'),
    `provisioning: {interface: lo, address: 127.0.0.1}
profiles:
  lab: {kernel: vmlinuz, initrd: initrd, answerFile: {template: answer.j2, kind: cloud-init}}
pools:
  rack1:
    defaults:
      profile: lab
      bmc: {username: admin, password: {env: FLOW_BMC_PW}}
      ssh: {user: root, privateKeyFile: id_flow}
    hosts:
${hosts.join('\n')}
`,
  );
  return { dir, pools: loadPools(join(dir, 'pools.yml'), { env: () => env }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function macOf(i: number): string {
  return `52:54:00:77:01:${(i + 16).toString(16)}`;
}
