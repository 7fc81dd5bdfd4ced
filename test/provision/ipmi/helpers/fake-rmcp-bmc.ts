/**
 * A tiny RMCP+ BMC on 127.0.0.1 for cipher suites kplay knows but ipmi_sim refuses (17):
 * just enough for `ipmitool -I lanplus -C 17 mc info` (Get Channel Authentication
 * Capabilities, Open Session, RAKP 1-4, session commands, Close Session). Every key, MAC and
 * cipher operation is kplay's own (rakp-keys, session-v20, confidentiality), so a session
 * that ipmitool completes proves kplay's math equals ipmitool's.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo } from 'node:dgram';
import { cipherSuite, suiteForAlgorithms, type CipherSuiteId } from '../../../../src/provision/ipmi/cipher-suites.js';
import { RMCP_STATUS } from '../../../../src/provision/ipmi/codes.js';
import { decodeRequest, encodeResponse, type DecodedRequest } from '../../../../src/provision/ipmi/ipmi-message.js';
import { deriveSessionKeys, keyBytes, rakp2AuthCode, rakp3AuthCode, rakp4Icv, sameBytes, type RakpTranscript } from '../../../../src/provision/ipmi/rakp-keys.js';
import { decodeRmcp } from '../../../../src/provision/ipmi/rmcp.js';
import { decodeV15, encodeV15Sessionless } from '../../../../src/provision/ipmi/session-v15.js';
import { decodeV20, encodeV20, PAYLOAD_TYPE, type SessionProtection } from '../../../../src/provision/ipmi/session-v20.js';
import type { Secret } from '../../../../src/secrets/secret.js';

export interface FakeBmcOptions {
  readonly suite: CipherSuiteId;
  readonly username: string;
  readonly password: Secret;
}

export interface FakeBmc {
  readonly host: string;
  readonly port: number;
  /** What happened, in order: 'open session', 'rakp 3 ok', 'cmd 06/01 (encrypted, authenticated)', ... */
  readonly events: string[];
  /** Anything the fake could not accept (a MAC that did not match, an unexpected packet). */
  readonly errors: string[];
  stop(): Promise<void>;
}

/** Get Device ID answer: device 0x20 rev 1, firmware 2.17, IPMI 2.0, manufacturer 0x1234 (LE), product 0x5678. */
export const FAKE_DEVICE_ID = Buffer.from([0x20, 0x01, 0x02, 0x17, 0x02, 0xbf, 0x34, 0x12, 0x00, 0x78, 0x56]);

const BMC_GUID = Buffer.from('6b706c61792d66616b652d626d632121', 'hex');

interface Pending {
  consoleSessionId: number;
  bmcSessionId: number;
  transcript?: RakpTranscript;
  protection?: SessionProtection;
  outSequence: number;
}

export async function startFakeRmcpBmc(o: FakeBmcOptions): Promise<FakeBmc> {
  const suite = cipherSuite(o.suite);
  const kuid = keyBytes(o.password);
  const events: string[] = [];
  const errors: string[] = [];
  const sessions = new Map<number, Pending>();
  const socket = createSocket('udp4');
  const reply = (to: RemoteInfo, datagram: Buffer): void => socket.send(datagram, to.port, to.address);
  const setup = (type: number, payload: Buffer): Buffer => encodeV20({ payloadType: type, sessionId: 0, sequence: 0, payload });

  function onOpenSession(p: Buffer, to: RemoteInfo): void {
    const consoleSessionId = p.readUInt32LE(4);
    const chosen = suiteForAlgorithms((p[12] ?? 0) & 0x3f, (p[20] ?? 0) & 0x3f, (p[28] ?? 0) & 0x3f);
    events.push(`open session (suite ${chosen?.id ?? 'unknown'})`);
    const head = Buffer.alloc(8);
    head[0] = p[0] ?? 0;
    head.writeUInt32LE(consoleSessionId, 4);
    if (chosen?.id !== suite.id) {
      head[1] = RMCP_STATUS.NO_CIPHER_SUITE_MATCH;
      return reply(to, setup(PAYLOAD_TYPE.OPEN_SESSION_RESPONSE, head));
    }
    head[2] = p[1] || 4;
    const bmcSessionId = (randomBytes(4).readUInt32LE() | 1) >>> 0;
    sessions.set(bmcSessionId, { consoleSessionId, bmcSessionId, outSequence: 1 });
    const id = Buffer.alloc(4);
    id.writeUInt32LE(bmcSessionId);
    const alg = (type: number, a: number): Buffer => Buffer.from([type, 0, 0, 8, a, 0, 0, 0]);
    const body = Buffer.concat([head, id, alg(0, suite.authAlgorithm), alg(1, suite.integrityAlgorithm), alg(2, suite.confidentialityAlgorithm)]);
    reply(to, setup(PAYLOAD_TYPE.OPEN_SESSION_RESPONSE, body));
  }

  function onRakp1(p: Buffer, to: RemoteInfo): void {
    const s = sessions.get(p.readUInt32LE(4));
    if (!s) return void errors.push('RAKP 1 for an unknown session');
    const username = p.subarray(28, 28 + (p[27] ?? 0));
    const head = Buffer.alloc(8);
    head[0] = p[0] ?? 0;
    head.writeUInt32LE(s.consoleSessionId, 4);
    if (username.toString('utf8') !== o.username) {
      head[1] = RMCP_STATUS.UNAUTHORIZED_NAME;
      return reply(to, setup(PAYLOAD_TYPE.RAKP_2, head));
    }
    const t: RakpTranscript = {
      consoleSessionId: s.consoleSessionId,
      bmcSessionId: s.bmcSessionId,
      consoleRandom: Buffer.from(p.subarray(8, 24)),
      bmcRandom: randomBytes(16),
      bmcGuid: BMC_GUID,
      role: p[24] ?? 0,
      username: Buffer.from(username),
    };
    s.transcript = t;
    events.push(`rakp 1 (role 0x${t.role.toString(16)})`);
    reply(to, setup(PAYLOAD_TYPE.RAKP_2, Buffer.concat([head, t.bmcRandom, t.bmcGuid, rakp2AuthCode(suite.hash, kuid, t)])));
  }

  function onRakp3(p: Buffer, to: RemoteInfo): void {
    const s = sessions.get(p.readUInt32LE(4));
    const t = s?.transcript;
    if (!s || !t) return void errors.push('RAKP 3 before RAKP 1');
    const head = Buffer.alloc(8);
    head[0] = p[0] ?? 0;
    head.writeUInt32LE(s.consoleSessionId, 4);
    if (p[1] !== 0) return void events.push(`rakp 3 refusal 0x${(p[1] ?? 0).toString(16)} from the console`);
    if (!sameBytes(p.subarray(8), rakp3AuthCode(suite.hash, kuid, t))) {
      errors.push('RAKP 3 auth code does not match');
      head[1] = RMCP_STATUS.INVALID_INTEGRITY_CHECK_VALUE;
      return reply(to, setup(PAYLOAD_TYPE.RAKP_4, head));
    }
    const keys = deriveSessionKeys(suite.hash, kuid, t);
    s.protection = { suite, k1: keys.k1, k2: keys.k2 };
    events.push('rakp 3 ok');
    reply(to, setup(PAYLOAD_TYPE.RAKP_4, Buffer.concat([head, rakp4Icv(suite.hash, keys.sik, t, suite.rakp4IcvLength)])));
  }

  function answer(req: DecodedRequest): { code: number; data?: Buffer } {
    if (req.netFn === 0x06 && req.cmd === 0x01) return { code: 0, data: FAKE_DEVICE_ID };
    if (req.netFn === 0x06 && req.cmd === 0x3b) return { code: 0, data: Buffer.from([(req.data[0] ?? 0) & 0x0f]) };
    if (req.netFn === 0x06 && req.cmd === 0x3c) return { code: 0 };
    return { code: 0xc1 };
  }

  function onSessionPacket(body: Buffer, to: RemoteInfo): void {
    const s = sessions.get(body.readUInt32LE(2));
    if (!s?.protection) return void errors.push('session packet for no established session');
    let packet;
    try {
      packet = decodeV20(body, s.protection);
    } catch (e) {
      return void errors.push(`session packet refused: ${(e as Error).message}`);
    }
    const req = decodeRequest(packet.payload);
    const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
    events.push(`cmd ${hex2(req.netFn)}/${hex2(req.cmd)} (${packet.encrypted ? 'encrypted' : 'plain'}, ${packet.authenticated ? 'authenticated' : 'unauthenticated'})`);
    const { code, data } = answer(req);
    const out = encodeV20({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: s.consoleSessionId, sequence: s.outSequence++, payload: encodeResponse(req, code, data) }, s.protection);
    reply(to, out);
    if (req.cmd === 0x3c) sessions.delete(s.bmcSessionId);
  }

  function onChannelAuthCapabilities(message: Buffer, to: RemoteInfo): void {
    const req = decodeRequest(message);
    events.push('get channel auth capabilities');
    // Channel 1; v2.0 data present + auth type NONE; non-null user names; RMCP+ supported.
    const data = Buffer.from([0x01, 0x81, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00]);
    reply(to, encodeV15Sessionless(encodeResponse(req, 0, data)));
  }

  socket.on('message', (d, from) => {
    try {
      const { body } = decodeRmcp(d);
      const v15 = decodeV15(body);
      if (v15) return onChannelAuthCapabilities(v15, from);
      if (body.readUInt32LE(2) !== 0) return onSessionPacket(body, from);
      const packet = decodeV20(body);
      if (packet.payloadType === PAYLOAD_TYPE.OPEN_SESSION_REQUEST) return onOpenSession(packet.payload, from);
      if (packet.payloadType === PAYLOAD_TYPE.RAKP_1) return onRakp1(packet.payload, from);
      if (packet.payloadType === PAYLOAD_TYPE.RAKP_3) return onRakp3(packet.payload, from);
      errors.push(`unexpected payload type 0x${packet.payloadType.toString(16)}`);
    } catch (e) {
      errors.push(`undecodable datagram: ${(e as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: socket.address().port,
    events,
    errors,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
