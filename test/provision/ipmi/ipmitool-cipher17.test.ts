/**
 * ipmitool's own RMCP+ code against kplay's cipher suite 17 crypto: `ipmitool -I lanplus
 * -C 17` talks to a fake BMC (helpers/fake-rmcp-bmc.ts) whose every MAC, key and AES
 * operation is kplay's. ipmi_sim refuses suite 17, so this is the cross-check that the
 * live ipmitool test (ipmitool-cross.test.ts) does for suite 3. Suite 3 runs too, as control.
 * Once ipmitool accepts the fake, kplay's own client (handshake + session) runs against it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDeviceId, IpmiAuthenticationError, IpmiCipherSuiteError, IpmiSession } from '../../../src/provision/ipmi/index.js';
import { Secret } from '../../../src/secrets/secret.js';
import { startFakeRmcpBmc, type FakeBmc } from './helpers/fake-rmcp-bmc.js';
import { haveIpmitool } from './helpers/ipmi-sim.js';

const USER = 'kplay';
const PASSWORD = 'suite-17-Pw';
let dir: string;

beforeAll(() => {
  if (!haveIpmitool()) throw new Error('ipmitool is not installed: apt-get install ipmitool (see scripts/apt-packages.txt)');
  dir = mkdtempSync(join(tmpdir(), 'kplay-ipmi17-'));
  writeFileSync(join(dir, 'good'), PASSWORD, { mode: 0o600 });
  writeFileSync(join(dir, 'bad'), 'not-the-password', { mode: 0o600 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Async, so the fake BMC in this process keeps answering; the password comes from a file (-f). */
function ipmitool(bmc: FakeBmc, suite: number, passwordFile: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const argv = ['-I', 'lanplus', '-C', String(suite), '-N', '1', '-R', '2', '-H', bmc.host, '-p', String(bmc.port), '-U', USER, '-f', join(dir, passwordFile), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('ipmitool', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe.each([17, 3] as const)('ipmitool -I lanplus -C %i against kplay crypto', (suite) => {
  let bmc: FakeBmc;
  beforeAll(async () => {
    bmc = await startFakeRmcpBmc({ suite, username: USER, password: new Secret(PASSWORD) });
  });
  afterAll(async () => bmc?.stop());

  it('completes RAKP 1-4 and an encrypted, authenticated Get Device ID (mc info)', async () => {
    const r = await ipmitool(bmc, suite, 'good', 'mc', 'info');
    expect({ status: r.status, errors: bmc.errors }).toEqual({ status: 0, errors: [] });
    expect(r.stdout).toMatch(/Device ID\s+: 32/);
    expect(r.stdout).toMatch(/Firmware Revision\s+: 2\.17/);
    expect(r.stdout).toMatch(/Manufacturer ID\s+: 4660/);
    expect(r.stdout).toMatch(/Product ID\s+: 22136 \(0x5678\)/);
    expect(bmc.events).toContain(`open session (suite ${suite})`);
    expect(bmc.events).toContain('rakp 3 ok');
    // ipmitool checked kplay's RAKP 2 code and RAKP 4 ICV, sent a MAC'd, AES-encrypted request and read the answer.
    expect(bmc.events).toContain('cmd 06/01 (encrypted, authenticated)');
  });

  it('a wrong password fails at RAKP 2 (kplay and ipmitool disagree on the HMAC, as they must)', async () => {
    bmc.events.length = 0;
    const r = await ipmitool(bmc, suite, 'bad', 'mc', 'info');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/RAKP 2 HMAC is invalid|unable to establish/i);
    expect(bmc.events.some((e) => e.startsWith('cmd '))).toBe(false);
  });
});

describe("kplay's IpmiSession with cipher suite 17 against the BMC ipmitool accepted", () => {
  let bmc: FakeBmc;
  beforeAll(async () => {
    bmc = await startFakeRmcpBmc({ suite: 17, username: USER, password: new Secret(PASSWORD) });
  });
  afterAll(async () => bmc?.stop());
  const open = (password: string, cipherSuite: number): Promise<IpmiSession> =>
    IpmiSession.open({ host: bmc.host, port: bmc.port, username: USER, password: new Secret(password), cipherSuite, timeoutMs: 300, attempts: 2 });

  it('opens the session, reads the device ID and closes', async () => {
    bmc.events.length = 0;
    const session = await open(PASSWORD, 17);
    try {
      expect(session.cipherSuite).toBe(17);
      expect(await getDeviceId(session)).toMatchObject({ deviceId: 0x20, firmwareRevision: '2.17', ipmiVersion: '2.0', manufacturerId: 0x1234, productId: 0x5678 });
    } finally {
      await session.close();
    }
    expect(bmc.errors).toEqual([]);
    expect(bmc.events).toEqual([
      'get channel auth capabilities',
      'open session (suite 17)',
      'rakp 1 (role 0x14)',
      'rakp 3 ok',
      'cmd 06/3b (encrypted, authenticated)',
      'cmd 06/01 (encrypted, authenticated)',
      'cmd 06/3c (encrypted, authenticated)',
    ]);
  });

  it('a wrong password is an authentication error at RAKP 2; suite 3 is refused as a cipher suite error', async () => {
    await expect(open('not-the-password', 17)).rejects.toThrow(IpmiAuthenticationError);
    await expect(open(PASSWORD, 3)).rejects.toThrow(IpmiCipherSuiteError);
  });
});
