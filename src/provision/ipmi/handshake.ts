import { randomBytes } from 'node:crypto';
import type { Secret } from '../../secrets/secret.js';
import { suiteForAlgorithms, type CipherSuite } from './cipher-suites.js';
import { CIPHER_REFUSALS, describeRmcpStatus, RMCP_STATUS } from './codes.js';
import { getChannelAuthCapabilitiesRequest, parseChannelAuthCapabilities } from './commands/app.js';
import { IpmiAuthenticationError, IpmiCipherSuiteError, IpmiCompletionCodeError, IpmiProtocolError, IpmiSessionError, IpmiTimeoutError, IpmiUnknownUserError, IpmiUsageError } from './errors.js';
import { answers, decodeResponse, encodeRequest } from './ipmi-message.js';
import { deriveSessionKeys, keyBytes, rakp2AuthCode, rakp3AuthCode, rakp4Icv, sameBytes, type RakpTranscript } from './rakp-keys.js';
import * as msg from './rakp-messages.js';
import { decodeRmcp, RMCP_CLASS_IPMI } from './rmcp.js';
import { decodeV15, encodeV15Sessionless } from './session-v15.js';
import { decodeV20, encodeV20, PAYLOAD_TYPE, type SessionProtection } from './session-v20.js';
import type { Attempts, UdpChannel } from './udp-channel.js';

/*
 * Session setup (IPMI v2.0 §13.15-13.20): Get Channel Authentication Capabilities, Open
 * Session, RAKP 1-4. Each message is retried on silence only; any answer that says "no"
 * ends the setup at once, so a wrong password costs one RAKP exchange, never a storm.
 */

/** Protocol notes for debugging; never keys, random numbers or the password. */
export type IpmiTrace = (line: string) => void;

export interface HandshakeParams {
  /** `host:port`, for messages. */
  readonly bmc: string;
  readonly username: string;
  readonly password: Secret;
  /** The BMC key (two-key login); by default the password is KG too. */
  readonly kg?: Secret;
  readonly suite: CipherSuite;
  readonly privilege: number;
  readonly limits: Attempts;
  readonly trace: IpmiTrace;
}

export interface EstablishedSession {
  readonly consoleSessionId: number;
  readonly bmcSessionId: number;
  readonly protection: SessionProtection;
  readonly maxPrivilege: number;
}

export async function establishSession(channel: UdpChannel, p: HandshakeParams): Promise<EstablishedSession> {
  const username = Buffer.from(p.username, 'utf8');
  if (username.length > msg.MAX_USERNAME) throw new IpmiUsageError(p.bmc, `user name '${p.username}' is longer than ${msg.MAX_USERNAME} bytes`);
  const kuid = secretKey(p, p.password, 'the password');
  const kg = p.kg ? secretKey(p, p.kg, 'the BMC key (kg)') : kuid;
  await checkChannel(channel, p);
  const consoleSessionId = randomBytes(4).readUInt32LE() || 0x4b504c59;
  const open = await openSession(channel, p, consoleSessionId);
  const t = await rakp1(channel, p, { consoleSessionId, bmcSessionId: open.bmcSessionId, username, kuid });
  const keys = deriveSessionKeys(p.suite.hash, kg, t);
  await rakp3(channel, p, t, kuid, keys.sik);
  p.trace(`session 0x${open.bmcSessionId.toString(16)} is up (cipher suite ${p.suite.id})`);
  return { consoleSessionId, bmcSessionId: open.bmcSessionId, protection: { suite: p.suite, k1: keys.k1, k2: keys.k2 }, maxPrivilege: open.maxPrivilege };
}

function secretKey(p: HandshakeParams, s: Secret, what: string): Buffer {
  try {
    return keyBytes(s);
  } catch {
    throw new IpmiUsageError(p.bmc, `${what} is longer than IPMI v2.0 allows (20 bytes)`);
  }
}

async function ask<T>(channel: UdpChannel, p: HandshakeParams, step: string, packet: Buffer, accept: (d: Buffer) => T | undefined): Promise<T> {
  p.trace(`-> ${step}`);
  const out = await channel.exchange(() => packet, accept, p.limits);
  if (out.value === undefined) {
    const detail = out.refused ? 'ICMP port unreachable: nothing listens there' : out.ignored ? `${out.ignored} unusable answers` : '';
    throw new IpmiTimeoutError(p.bmc, step, out.sent, p.limits.timeoutMs, detail);
  }
  return out.value;
}

/** An RMCP+ setup payload of `type` for this console session, or undefined. */
function setupPayload(datagram: Buffer, type: number): Buffer | undefined {
  try {
    const frame = decodeRmcp(datagram);
    if (frame.messageClass !== RMCP_CLASS_IPMI || frame.body[0] !== 0x06) return undefined;
    const packet = decodeV20(frame.body);
    return packet.payloadType === type ? packet.payload : undefined;
  } catch {
    return undefined;
  }
}

async function checkChannel(channel: UdpChannel, p: HandshakeParams): Promise<void> {
  const req = getChannelAuthCapabilitiesRequest(p.privilege);
  const res = await ask(channel, p, req.name, encodeV15Sessionless(encodeRequest(req, 0)), (d) => {
    try {
      const body = decodeV15(decodeRmcp(d).body);
      const r = body && decodeResponse(body);
      return r && answers(r, req, 0) ? r : undefined;
    } catch {
      return undefined;
    }
  });
  if (res.completionCode !== 0) throw new IpmiCompletionCodeError(p.bmc, req.name, res.completionCode, describeCompletion(res.completionCode));
  if (!parseChannelAuthCapabilities(res.data).ipmi20) throw new IpmiProtocolError(p.bmc, 'the channel does not support IPMI v2.0 / RMCP+ (lanplus)');
}

function describeCompletion(code: number): string {
  return code === 0xcc ? 'invalid data field: the requested privilege level is above the channel limit' : `completion code 0x${code.toString(16)}`;
}

async function openSession(channel: UdpChannel, p: HandshakeParams, consoleSessionId: number): Promise<{ bmcSessionId: number; maxPrivilege: number }> {
  const step = `RMCP+ Open Session Request (cipher suite ${p.suite.id})`;
  const payload = msg.encodeOpenSessionRequest({ tag: 1, maxPrivilege: p.privilege, consoleSessionId, suite: p.suite });
  const res = await ask(channel, p, step, encodeV20({ payloadType: PAYLOAD_TYPE.OPEN_SESSION_REQUEST, sessionId: 0, sequence: 0, payload }), (d) => {
    const body = setupPayload(d, PAYLOAD_TYPE.OPEN_SESSION_RESPONSE);
    const r = body && tryDecode(() => msg.decodeOpenSessionResponse(body));
    return r && r.tag === 1 && mine(r.consoleSessionId, consoleSessionId) ? r : undefined;
  });
  p.trace(`<- RMCP+ Open Session Response, status 0x${res.status.toString(16)}`);
  if (res.status !== 0 || !res.accepted) {
    if (CIPHER_REFUSALS.has(res.status)) throw new IpmiCipherSuiteError(p.bmc, p.suite.id, `the BMC answered "${describeRmcpStatus(res.status)}"`);
    throw new IpmiSessionError(p.bmc, 'Open Session Request', res.status, describeRmcpStatus(res.status));
  }
  const a = res.accepted;
  if (suiteForAlgorithms(a.authAlgorithm, a.integrityAlgorithm, a.confidentialityAlgorithm)?.id !== p.suite.id) {
    throw new IpmiCipherSuiteError(p.bmc, p.suite.id, `the BMC chose other algorithms (auth ${a.authAlgorithm}, integrity ${a.integrityAlgorithm}, confidentiality ${a.confidentialityAlgorithm})`);
  }
  return { bmcSessionId: a.bmcSessionId, maxPrivilege: res.maxPrivilege };
}

/** A short refusal may lack the console session ID; a full answer must carry ours. */
function mine(received: number | undefined, ours: number): boolean {
  return received === undefined || received === ours;
}

function tryDecode<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

interface Rakp1Input {
  readonly consoleSessionId: number;
  readonly bmcSessionId: number;
  readonly username: Buffer;
  readonly kuid: Buffer;
}

async function rakp1(channel: UdpChannel, p: HandshakeParams, i: Rakp1Input): Promise<RakpTranscript> {
  const consoleRandom = randomBytes(16);
  const role = p.privilege | msg.NAME_ONLY_LOOKUP;
  const payload = msg.encodeRakp1({ tag: 2, bmcSessionId: i.bmcSessionId, consoleRandom, role, username: i.username });
  const res = await ask(channel, p, 'RAKP 1', encodeV20({ payloadType: PAYLOAD_TYPE.RAKP_1, sessionId: 0, sequence: 0, payload }), (d) => {
    const body = setupPayload(d, PAYLOAD_TYPE.RAKP_2);
    const r = body && tryDecode(() => msg.decodeRakp2(body));
    return r && r.tag === 2 && mine(r.consoleSessionId, i.consoleSessionId) ? r : undefined;
  });
  p.trace(`<- RAKP 2, status 0x${res.status.toString(16)}`);
  if (res.status === RMCP_STATUS.UNAUTHORIZED_NAME) throw new IpmiUnknownUserError(p.bmc, p.username);
  if (res.status !== 0) throw new IpmiSessionError(p.bmc, `RAKP 1 for user '${p.username}'`, res.status, describeRmcpStatus(res.status));
  const t: RakpTranscript = { ...i, consoleRandom, bmcRandom: res.bmcRandom, bmcGuid: res.bmcGuid, role, username: i.username };
  if (!sameBytes(rakp2AuthCode(p.suite.hash, i.kuid, t), res.authCode)) {
    // Tell the BMC, as ipmitool does, so it drops the half-open session; no answer is awaited.
    const nack = msg.encodeRakp3({ tag: 3, status: RMCP_STATUS.INVALID_INTEGRITY_CHECK_VALUE, bmcSessionId: i.bmcSessionId, authCode: Buffer.alloc(0) });
    await channel.send(encodeV20({ payloadType: PAYLOAD_TYPE.RAKP_3, sessionId: 0, sequence: 0, payload: nack })).catch(() => undefined);
    throw new IpmiAuthenticationError(p.bmc, p.username, 'RAKP 2 HMAC is invalid');
  }
  return t;
}

async function rakp3(channel: UdpChannel, p: HandshakeParams, t: RakpTranscript, kuid: Buffer, sik: Buffer): Promise<void> {
  const payload = msg.encodeRakp3({ tag: 3, status: 0, bmcSessionId: t.bmcSessionId, authCode: rakp3AuthCode(p.suite.hash, kuid, t) });
  const res = await ask(channel, p, 'RAKP 3', encodeV20({ payloadType: PAYLOAD_TYPE.RAKP_3, sessionId: 0, sequence: 0, payload }), (d) => {
    const body = setupPayload(d, PAYLOAD_TYPE.RAKP_4);
    const r = body && tryDecode(() => msg.decodeRakp4(body));
    return r && r.tag === 3 && mine(r.consoleSessionId, t.consoleSessionId) ? r : undefined;
  });
  p.trace(`<- RAKP 4, status 0x${res.status.toString(16)}`);
  if (res.status === RMCP_STATUS.INVALID_INTEGRITY_CHECK_VALUE) throw new IpmiAuthenticationError(p.bmc, p.username, 'the BMC found the RAKP 3 HMAC invalid');
  if (res.status !== 0) throw new IpmiSessionError(p.bmc, 'RAKP 3', res.status, describeRmcpStatus(res.status));
  const expected = rakp4Icv(p.suite.hash, sik, t, p.suite.rakp4IcvLength);
  if (!sameBytes(expected, res.integrityCheckValue.subarray(0, p.suite.rakp4IcvLength))) {
    throw new IpmiAuthenticationError(p.bmc, p.username, 'RAKP 4 integrity check value is invalid', p.kg ? 'the BMC key (kg) is wrong' : 'the BMC may require a BMC key (kg)');
  }
}
