/**
 * A BMC that does not answer: a UDP port nothing listens on (the kernel answers ICMP port
 * unreachable), and a "black hole" socket that reads and never answers, so the test can
 * count what kplay sent. Either way: a typed timeout after a bounded number of attempts.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { IpmiSession, IpmiTimeoutError } from '../../../src/provision/ipmi/index.js';
import { Secret } from '../../../src/secrets/secret.js';
import { freeUdpPort } from './helpers/ipmi-sim.js';

const password = new Secret('kp-never-shown-1');
let hole: Socket | undefined;
afterEach(() => {
  hole?.close();
  hole = undefined;
});

async function blackHole(): Promise<{ port: number; received: Buffer[] }> {
  const received: Buffer[] = [];
  const s = createSocket('udp4');
  s.on('message', (m) => received.push(m));
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  hole = s;
  return { port: s.address().port, received };
}

describe('BMC not answering', () => {
  it('nothing listens on the port: timeout after exactly N attempts, naming the step and the BMC', async () => {
    const port = await freeUdpPort();
    const t0 = performance.now();
    const err = await IpmiSession.open({ host: '127.0.0.1', port, username: 'admin', password, attempts: 3, timeoutMs: 150 }).catch((e: unknown) => e);
    const ms = performance.now() - t0;
    expect(err).toBeInstanceOf(IpmiTimeoutError);
    expect(err).toMatchObject({ code: 'KPLAY_IPMI_TIMEOUT', attempts: 3, step: 'Get Channel Authentication Capabilities' });
    expect((err as Error).message).toBe(
      `BMC 127.0.0.1:${port} did not answer Get Channel Authentication Capabilities after 3 attempts of 150 ms each ` +
        '(ICMP port unreachable: nothing listens there); check the address, the port and that IPMI over LAN is enabled',
    );
    expect(ms).toBeGreaterThanOrEqual(440);
    expect(ms).toBeLessThan(1000);
    expect((err as Error).message).not.toContain(password.reveal());
  });

  it('a silent peer gets exactly `attempts` datagrams, then kplay stops', async () => {
    const { port, received } = await blackHole();
    const t0 = performance.now();
    const err = await IpmiSession.open({ host: '127.0.0.1', port, username: 'admin', password, attempts: 4, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiTimeoutError);
    expect(performance.now() - t0).toBeLessThan(800);
    // Give a straggler time to show up: there must be none.
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toHaveLength(4);
    // Each is the same Get Channel Authentication Capabilities request (IPMI v1.5, netFn App, cmd 38h).
    for (const d of received) expect(d.subarray(0, 4).toString('hex')).toBe('0600ff07');
    expect(new Set(received.map((d) => d.toString('hex'))).size).toBe(1);
    expect(Buffer.concat(received).includes(Buffer.from(password.reveal()))).toBe(false);
  });

  it('attempts below 1 still send once', async () => {
    const { port, received } = await blackHole();
    await IpmiSession.open({ host: '127.0.0.1', port, username: 'admin', password, attempts: 0, timeoutMs: 50 }).catch(() => undefined);
    expect(received).toHaveLength(1);
  });
});
