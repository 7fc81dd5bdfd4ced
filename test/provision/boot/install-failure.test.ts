/**
 * The installer's failure callback on the boot HTTP server: `status=failed&reason=...` in the
 * query string or a POST body (form or JSON), the one-time token still required; the reason
 * reaches kplay sanitized (printable ASCII, one line, bounded, no token). And the image
 * checksum on the deploy ramdisk's command line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Booter, BootHttpServer, type BootEvent, type InstallCallback } from '../../../src/provision/boot/index.js';
import { MAX_REASON_LENGTH, sanitizeInstallerReason } from '../../../src/provision/boot/installer-reason.js';
import { loadPools, type Pools } from '../../../src/provision/pools/index.js';

const SHA512 = 'f0'.repeat(64);

describe('installer failure callback', () => {
  let dir: string;
  let pools: Pools;
  let booter: Booter;
  let server: BootHttpServer;
  let url: string;
  const events: BootEvent[] = [];
  const logs: string[] = [];
  const call = async (path: string, init?: RequestInit): Promise<{ status: number; text: string }> => {
    const r = await fetch(url + path, init);
    return { status: r.status, text: await r.text() };
  };
  /** The callback's outcome if it has settled, else 'pending'. */
  const settled = (p: Promise<InstallCallback>): Promise<InstallCallback | 'pending'> => Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), 20))]);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-install-failure-'));
    for (const f of ['ipa-kernel', 'ipa-initrd', 'os.img']) writeFileSync(join(dir, f), f);
    writeFileSync(
      join(dir, 'pools.yml'),
      `provisioning: {interface: lo, deployKernel: ipa-kernel, deployRamdisk: ipa-initrd, deployCmdline: console=ttyS0}
profiles:
  plain: {image: os.img}
  summed: {image: {url: os.img, checksum: "${SHA512}"}}
  remote: {image: {url: "http://img.lab/os.raw", checksum: "http://img.lab/SHA256SUMS", checksumType: sha256}}
pools:
  p:
    defaults: {bmc: {username: u, password: {env: P}}}
    hosts:
      - {name: plain1, order: 1, profile: plain, bootMACAddress: "52:54:00:00:00:01", bmc: {address: 10.0.0.1}}
      - {name: summed1, order: 2, profile: summed, bootMACAddress: "52:54:00:00:00:02", bmc: {address: 10.0.0.2}}
      - {name: remote1, order: 3, profile: remote, bootMACAddress: "52:54:00:00:00:03", bmc: {address: 10.0.0.3}}
`,
    );
    pools = loadPools(join(dir, 'pools.yml'));
    booter = new Booter();
    events.length = 0;
    logs.length = 0;
    booter.onEvent((e) => events.push(e));
    const deploy = pools.provisioning?.deploy;
    server = new BootHttpServer({ booter, address: '127.0.0.1', port: 0, log: (l) => logs.push(l), ...(deploy ? { deploy } : {}) });
    url = await server.listen();
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts the checksum on the deploy ramdisk command line as kplay.image_checksum=TYPE:VALUE, and nothing without one', async () => {
    for (const h of ['plain1', 'summed1', 'remote1']) booter.arm(pools.host(h));
    const kernelLine = async (mac: string): Promise<string> => /^kernel .*$/m.exec((await call(`/ipxe/${mac}`)).text)?.[0] ?? '';
    expect(await kernelLine('52-54-00-00-00-01')).not.toContain('kplay.image_checksum');
    expect(await kernelLine('52-54-00-00-00-02')).toMatch(new RegExp(`^kernel ${url}/files/summed1/kernel console=ttyS0 kplay\\.image=${url}/files/summed1/image kplay\\.done=${url}/done/summed1/[0-9a-f]{32} kplay\\.image_checksum=sha512:${SHA512}$`));
    expect(await kernelLine('52-54-00-00-00-03')).toMatch(/ kplay\.image=http:\/\/img\.lab\/os\.raw kplay\.done=\S+ kplay\.image_checksum=sha256:http:\/\/img\.lab\/SHA256SUMS$/);
  });

  it('GET ?status=failed&reason=... resolves the callback with the failure, once; the other host stays armed', async () => {
    const a = booter.arm(pools.host('plain1'));
    const b = booter.arm(pools.host('summed1'));
    const r = await call(`/done/plain1/${a.token}?status=failed&reason=${encodeURIComponent('checksum mismatch: sha256 of the image is 00')}`);
    expect([r.status, r.text]).toEqual([200, 'failure recorded\n']);
    expect(await settled(a.callback)).toMatchObject({ failure: 'checksum mismatch: sha256 of the image is 00', remoteAddress: '127.0.0.1' });
    expect(events.map((e) => [e.host, e.kind])).toEqual([['plain1', 'failure']]);
    // One-time, whatever the outcome: neither a second failure nor a success after it.
    expect((await call(`/done/plain1/${a.token}`)).status).toBe(410);
    expect((await call(`/done/plain1/${a.token}?status=failed&reason=again`)).status).toBe(410);
    expect(await settled(b.callback)).toBe('pending');
    expect(booter.armed('summed1')).toBeDefined();
  });

  it('POST bodies: form-encoded (busybox wget --post-data) and JSON', async () => {
    const a = booter.arm(pools.host('plain1'));
    const form = await call(`/done/plain1/${a.token}`, { method: 'POST', body: 'status=failed&reason=writing+the+image+to+%2Fdev%2Fvda+failed', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(200);
    expect(await settled(a.callback)).toMatchObject({ failure: 'writing the image to /dev/vda failed' });
    const b = booter.arm(pools.host('summed1'));
    const json = await call(`/done/summed1/${b.token}`, { method: 'POST', body: JSON.stringify({ status: 'failed', reason: 'disk /dev/sda not found' }), headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(200);
    expect(await settled(b.callback)).toMatchObject({ failure: 'disk /dev/sda not found' });
  });

  it('an empty POST (and status=ok) is still success; a failure without reason says so', async () => {
    const a = booter.arm(pools.host('plain1'));
    expect((await call(`/done/plain1/${a.token}`, { method: 'POST', body: '' })).status).toBe(200);
    expect(await settled(a.callback)).not.toHaveProperty('failure');
    const b = booter.arm(pools.host('summed1'));
    expect((await call(`/done/summed1/${b.token}?status=failed`)).status).toBe(200);
    expect(await settled(b.callback)).toMatchObject({ failure: 'no reason given' });
  });

  it('a wrong token or host is 403 and changes nothing; nonsense is 400 and a HEAD 405, both keep the token usable', async () => {
    const a = booter.arm(pools.host('plain1'));
    const wrong = a.token.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect((await call(`/done/plain1/${wrong}?status=failed&reason=x`)).status).toBe(403);
    expect((await call(`/done/summed1/${a.token}?status=failed&reason=x`)).status).toBe(403);
    expect((await call(`/done/plain1/${wrong}`, { method: 'POST', body: 'status=failed&reason=x' })).status).toBe(403);
    expect((await call(`/done/plain1/${a.token}?status=maybe`)).status).toBe(400);
    expect((await call(`/done/plain1/${a.token}`, { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await call(`/done/plain1/${a.token}`, { method: 'POST', body: `status=failed&reason=${'x'.repeat(9000)}` })).status).toBe(413);
    expect((await call(`/done/plain1/${a.token}`, { method: 'HEAD' })).status).toBe(405);
    expect(await settled(a.callback)).toBe('pending');
    expect(events).toEqual([]);
    expect((await call(`/done/plain1/${a.token}?status=failed&reason=late`)).status).toBe(200);
    expect(await settled(a.callback)).toMatchObject({ failure: 'late' });
  });

  it('the reason arrives sanitized: no escape sequences, line breaks, bidi or C1 controls, no token, bounded', async () => {
    const a = booter.arm(pools.host('plain1'));
    const evil = `bad\u001b[2J\u001b]0;pwned\u0007 disk\r\nnode2: provisioned in 1s\u202e\u200b\u009b31m token=${a.token} é`;
    await call(`/done/plain1/${a.token}`, { method: 'POST', body: JSON.stringify({ status: 'failed', reason: evil }), headers: { 'content-type': 'application/json' } });
    const got = await settled(a.callback);
    const failure = got === 'pending' ? '' : (got.failure ?? '');
    expect(failure).toBe('bad?[2J?]0;pwned? disk node2: provisioned in 1s???31m token=<token> ?');
    expect(failure).toMatch(/^[\x20-\x7e]+$/);
  });

  it('sanitizeInstallerReason: length limit, whitespace, nothing left', () => {
    const long = sanitizeInstallerReason('y'.repeat(10_000));
    expect(long.length).toBe(MAX_REASON_LENGTH);
    expect(long.endsWith('...')).toBe(true);
    expect(sanitizeInstallerReason('  a\t\tb \n\n c  ')).toBe('a b c');
    expect(sanitizeInstallerReason('\n\r\t ')).toBe('no reason given');
    expect(sanitizeInstallerReason('emoji \u{1f600} one mark')).toBe('emoji ? one mark');
  });

  it('logs of a failing request show neither the token nor the query (an installer reason)', async () => {
    const { redact } = await import('../../../src/provision/boot/http-server.js');
    expect(redact('/done/node1/0123abcd?status=failed&reason=secret%20stuff')).toBe('/done/node1/<token>');
    expect(redact('/answer/node1/0123abcd')).toBe('/answer/node1/<token>');
  });
});
