/**
 * kplay's IPMI v2.0 client against a real BMC implementation: OpenIPMI's ipmi_sim, cipher
 * suite 3, on 127.0.0.1. The chassis hook records what the BMC was asked to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chassisControl,
  getBootFlags,
  getChassisStatus,
  getDeviceId,
  IpmiAuthenticationError,
  IpmiCipherSuiteError,
  IpmiCompletionCodeError,
  IpmiSession,
  IpmiUnknownUserError,
  presencePing,
  setBootDevice,
  type IpmiSessionOptions,
} from '../../../src/provision/ipmi/index.js';
import { getBootOptionRequest } from '../../../src/provision/ipmi/commands/boot-options.js';
import { Secret } from '../../../src/secrets/secret.js';
import { startIpmiSim, type SimBmc } from './helpers/ipmi-sim.js';

let bmc: SimBmc;
let opts: IpmiSessionOptions;
const trace: string[] = [];

beforeAll(async () => {
  bmc = await startIpmiSim();
  opts = { host: bmc.host, port: bmc.port, username: bmc.username, password: bmc.password, trace: (l) => trace.push(l) };
});
afterAll(async () => {
  await bmc?.stop();
  // Every protocol note of this file: none may carry the password.
  expect(trace.join('\n')).not.toContain(bmc.password.reveal());
});

async function withSession<T>(f: (s: IpmiSession) => Promise<T>, o: Partial<IpmiSessionOptions> = {}): Promise<T> {
  const s = await IpmiSession.open({ ...opts, ...o });
  try {
    return await f(s);
  } finally {
    await s.close();
  }
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('ipmi_sim, cipher suite 3', () => {
  it('answers an ASF presence ping as an IPMI device', async () => {
    expect(await presencePing(bmc.host, bmc.port)).toMatchObject({ supportsIpmi: true });
  });

  it('opens a session, reads Get Device ID, closes it, in well under a second', async () => {
    const t0 = performance.now();
    const id = await withSession((s) => getDeviceId(s));
    const ms = performance.now() - t0;
    // bmc.emu: mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02
    expect(id).toMatchObject({ deviceId: 0, deviceRevision: 3, firmwareRevision: '9.08', ipmiVersion: '2.0', manufacturerId: 0x1291, productId: 0xf02, additionalDeviceSupport: 0x9f });
    expect(ms).toBeLessThan(1000);
    expect(trace).toContain('-> RAKP 1');
  });

  it('reads the power state the chassis hook holds', async () => {
    bmc.setPower(false);
    expect((await withSession((s) => getChassisStatus(s))).powerOn).toBe(false);
    bmc.setPower(true);
    expect((await withSession((s) => getChassisStatus(s))).powerOn).toBe(true);
  });

  it('powers on and off, resets, soft-shuts down, cycles: each reaches the hook', async () => {
    bmc.setPower(false);
    bmc.clearHookLog();
    await withSession(async (s) => {
      await chassisControl(s, 'on');
      expect(bmc.power()).toBe('1');
      expect((await getChassisStatus(s)).powerOn).toBe(true);
      await chassisControl(s, 'reset');
      await chassisControl(s, 'soft');
      await chassisControl(s, 'off');
      expect(bmc.power()).toBe('0');
      expect((await getChassisStatus(s)).powerOn).toBe(false);
    });
    expect(bmc.hookLog()).toEqual(expect.arrayContaining(['set power 1', 'set reset 1', 'set shutdown 1', 'set power 0']));
    // Cycle: ipmi_sim powers off at once and on again about a second later.
    bmc.setPower(true);
    bmc.clearHookLog();
    await withSession((s) => chassisControl(s, 'cycle'));
    expect(bmc.hookLog()).toContain('set power 0');
    await until(() => bmc.power() === '1');
    expect(bmc.hookLog().slice(-1)).toEqual(['set power 1']);
  });

  it('sets the boot device (pxe, disk, bios, none) and reads it back from parameter 5', async () => {
    const seen: Record<string, { hook: string; readBack: string | undefined }> = {};
    await withSession(async (s) => {
      for (const device of ['pxe', 'bios', 'none', 'disk'] as const) {
        await setBootDevice(s, { device, efi: device === 'pxe', persistent: device === 'bios' });
        seen[device] = { hook: bmc.boot(), readBack: (await getBootFlags(s)).flags.device };
      }
    });
    // ipmi_sim calls a forced disk boot "default"; it keeps only the selector (not the persistent or EFI bits).
    expect(seen).toEqual({
      pxe: { hook: 'pxe', readBack: 'pxe' },
      bios: { hook: 'bios', readBack: 'bios' },
      none: { hook: 'none', readBack: 'none' },
      disk: { hook: 'default', readBack: 'disk' },
    });
  });

  it('follows ipmitool: set-in-progress, info ack, flags; ipmi_sim refuses set-in-progress and the rest goes on', async () => {
    const lines: string[] = [];
    await withSession((s) => setBootDevice(s, { device: 'pxe' }), { trace: (l) => lines.push(l) });
    expect(lines.filter((l) => l.startsWith('<- Set System Boot Options'))).toEqual([
      '<- Set System Boot Options (parameter 0), completion code 0xcc',
      '<- Set System Boot Options (parameter 4), completion code 0x0',
      '<- Set System Boot Options (parameter 5), completion code 0x0',
    ]);
  });

  it('keeps sequence numbers straight over many requests in one session, also when asked concurrently', async () => {
    bmc.setPower(true);
    const states = await withSession(async (s) => {
      const serial = [];
      for (let i = 0; i < 20; i++) serial.push((await getChassisStatus(s)).powerOn);
      const parallel = await Promise.all(Array.from({ length: 8 }, async () => (await getChassisStatus(s)).powerOn));
      return [...serial, ...parallel];
    });
    expect(states).toEqual(Array(28).fill(true));
  });

  it('decodes completion codes: an unknown command is 0xC1, an unknown boot parameter 0xCC', async () => {
    await withSession(async (s) => {
      const bad = await s.command({ netFn: 0x06, cmd: 0x7f, name: 'Nonsense' }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(IpmiCompletionCodeError);
      expect(bad).toMatchObject({ completionCode: 0xc1, message: `BMC ${bmc.host}:${bmc.port}: Nonsense failed with completion code 0xc1 (invalid command)` });
      const param = await s.command(getBootOptionRequest(0x7f)).catch((e: unknown) => e);
      expect(param).toMatchObject({ completionCode: 0xcc, message: expect.stringContaining('Get System Boot Options (parameter 127) failed with completion code 0xcc (invalid data field in request)') });
      // The session survives a refused command.
      expect((await getDeviceId(s)).manufacturerId).toBe(0x1291);
    });
  });

  it('wrong password: one RAKP exchange, a clear error naming the BMC and user, never the password', async () => {
    const lines: string[] = [];
    const wrong = new Secret(`${bmc.password.reveal()}x`);
    const t0 = performance.now();
    const err = await IpmiSession.open({ ...opts, password: wrong, trace: (l) => lines.push(l) }).catch((e: unknown) => e);
    const ms = performance.now() - t0;
    expect(err).toBeInstanceOf(IpmiAuthenticationError);
    expect((err as Error).message).toBe(`authentication to BMC ${bmc.host}:${bmc.port} as user 'admin' failed: RAKP 2 HMAC is invalid; the password is wrong for this user`);
    expect(lines.filter((l) => l === '-> RAKP 1')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('->'))).toHaveLength(3);
    expect(ms).toBeLessThan(500);
    const shown = `${(err as Error).message} ${(err as Error).stack} ${JSON.stringify(err)} ${lines.join(' ')}`;
    expect(shown).not.toContain(wrong.reveal());
    expect(shown).not.toContain(bmc.password.reveal());
  });

  it('unknown user: the BMC says "unauthorized name", and kplay says which user', async () => {
    const err = await IpmiSession.open({ ...opts, username: 'nobody' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiUnknownUserError);
    expect((err as Error).message).toBe(`BMC ${bmc.host}:${bmc.port} has no user 'nobody' (RAKP 2: unauthorized name); check bmc.username`);
  });

  it('cipher suite 17 is refused by ipmi_sim in the Open Session Response, and said so', async () => {
    const t0 = performance.now();
    const err = await IpmiSession.open({ ...opts, cipherSuite: 17 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiCipherSuiteError);
    expect((err as Error).message).toBe(`BMC ${bmc.host}:${bmc.port}: cipher suite 17 cannot be used: the BMC answered "invalid authentication algorithm"`);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('a cipher suite kplay does not speak is refused before anything is sent', async () => {
    const lines: string[] = [];
    const err = await IpmiSession.open({ ...opts, cipherSuite: 1, trace: (l) => lines.push(l) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiCipherSuiteError);
    expect((err as Error).message).toContain('kplay speaks cipher suites 3 and 17');
    expect(lines).toEqual([]);
  });
});
