import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Booter, BootHttpServer, type BootEvent } from '../../../src/provision/boot/index.js';
import { poolsFixture } from './helpers/pools-fixture.js';

describe('boot HTTP server', () => {
  let fx: ReturnType<typeof poolsFixture>;
  let booter: Booter;
  let server: BootHttpServer;
  let url: string;
  const events: BootEvent[] = [];
  const logs: string[] = [];
  const get = async (path: string, init?: RequestInit): Promise<{ status: number; text: string; body: Buffer }> => {
    const r = await fetch(url + path, init);
    const body = Buffer.from(await r.arrayBuffer());
    return { status: r.status, text: body.toString(), body };
  };

  beforeEach(async () => {
    fx = poolsFixture();
    booter = new Booter();
    events.length = 0;
    logs.length = 0;
    booter.onEvent((e) => events.push(e));
    server = new BootHttpServer({ booter, address: '127.0.0.1', port: 0, log: (l) => logs.push(l) });
    url = await server.listen();
  });
  afterEach(async () => {
    await server.close();
    fx.cleanup();
  });

  it('hands every iPXE the generic script that chains to its own MAC', async () => {
    const r = await get('/boot.ipxe');
    expect(r.status).toBe(200);
    expect(r.text).toBe(`#!ipxe\nchain --autofree ${url}/ipxe/\${net0/mac:hexhyp} || exit 1\n`);
  });

  it('serves a per-MAC script only for armed hosts, with the rendered cmdline and answer URL', async () => {
    expect((await get('/ipxe/52-54-00-77-00-11')).status).toBe(404);
    const { token } = booter.arm(fx.pools.host('node1'));
    const r = await get('/ipxe/52-54-00-77-00-11');
    expect(r.status).toBe(200);
    expect(r.text.split('\n')).toEqual([
      '#!ipxe',
      'echo kplay: installing node1 (lab)',
      `kernel ${url}/files/node1/kernel console=ttyS0 hostname=node1 kplay.answer=${url}/answer/node1/${token}`,
      `initrd ${url}/files/node1/initrd`,
      'boot',
      '',
    ]);
    expect((await get('/ipxe/52-54-00-77-00-12')).status).toBe(404);
    expect(events.map((e) => [e.host, e.kind])).toEqual([['node1', 'ipxe-script']]);
  });

  it('streams the profile kernel and initrd byte for byte, to armed hosts only', async () => {
    expect((await get('/files/node1/kernel')).status).toBe(404);
    booter.arm(fx.pools.host('node1'));
    const k = await get('/files/node1/kernel');
    expect(k.status).toBe(200);
    expect(k.body.equals(fx.kernel)).toBe(true);
    expect((await get('/files/node1/initrd')).text).toBe('initrd-bytes');
    expect((await get('/files/node2/kernel')).status).toBe(404);
  });

  it('renders the answer file with the host variables behind the token', async () => {
    const { token } = booter.arm(fx.pools.host('node2'));
    expect((await get(`/answer/node2/${'0'.repeat(32)}`)).status).toBe(403);
    expect((await get(`/answer/node1/${token}`)).status).toBe(403);
    const r = await get(`/answer/node2/${token}`);
    expect(r.status).toBe(200);
    expect(r.text).toBe(`#!/bin/sh\n# node2 52:54:00:77:00:12 rack1 worker 2\nkey='ssh-ed25519 AAAATEST kplay-test'\nwget --post-data "" ${url}/done/node2/${token}\n`);
    expect(r.text).not.toContain('pw-not-to-be-seen');
  });

  it('an undefined template variable is a 500 with the reason in kplay log, not an empty string sent to the installer', async () => {
    const bad = poolsFixture({ answer: 'x={{ no_such_var }}\n' });
    try {
      const { token } = booter.arm(bad.pools.host('node1'));
      const r = await get(`/answer/node1/${token}`);
      expect(r.status).toBe(500);
      expect(r.text).not.toContain('x=');
      expect(logs.join('\n')).toMatch(/answer\.j2.*no_such_var/);
      expect(logs.join('\n')).not.toContain(token);
    } finally {
      bad.cleanup();
    }
  });

  it('accepts the installer callback once, with the caller address, and refuses bad tokens', async () => {
    const armed = booter.arm(fx.pools.host('node1'));
    expect((await get(`/done/node1/${'f'.repeat(32)}`, { method: 'POST' })).status).toBe(403);
    expect((await get(`/done/node1/${armed.token}`, { method: 'POST' })).status).toBe(200);
    expect((await get(`/done/node1/${armed.token}`)).status).toBe(410);
    await expect(armed.callback).resolves.toMatchObject({ remoteAddress: '127.0.0.1' });
    expect(events.filter((e) => e.kind === 'callback')).toHaveLength(1);
  });

  it('a disarmed host gets nothing, and re-arming makes a new token', async () => {
    const first = booter.arm(fx.pools.host('node1'));
    const second = booter.arm(fx.pools.host('node1'));
    expect(second.token).not.toBe(first.token);
    expect((await get(`/answer/node1/${first.token}`)).status).toBe(403);
    booter.disarm('node1');
    expect((await get(`/answer/node1/${second.token}`)).status).toBe(403);
    expect((await get('/ipxe/52:54:00:77:00:11')).status).toBe(404);
  });
});
