import type { CipherSuite } from './cipher-suites.js';
import { decryptPayload, encryptPayload } from './confidentiality.js';
import { IpmiDecodeError } from './errors.js';
import { hmac, sameBytes } from './rakp-keys.js';
import { encodeRmcp, RMCP_CLASS_IPMI } from './rmcp.js';

/*
 * The IPMI v2.0 / RMCP+ session header and trailer (IPMI v2.0 §13.6, Table 13-8):
 *   06h | payload type (bit 7 encrypted, bit 6 authenticated) | session ID (4, LE)
 *   | session sequence (4, LE) | payload length (2, LE) | payload
 *   [ | integrity pad (FFh..) | pad length | next header (07h) | AuthCode ]
 * The AuthCode is the HMAC under K1 of everything from the 06h byte through next header.
 */

export const AUTH_TYPE_RMCP_PLUS = 0x06;
const NEXT_HEADER = 0x07;
const HEADER_LENGTH = 12;

export const PAYLOAD_TYPE = {
  IPMI: 0x00,
  OPEN_SESSION_REQUEST: 0x10,
  OPEN_SESSION_RESPONSE: 0x11,
  RAKP_1: 0x12,
  RAKP_2: 0x13,
  RAKP_3: 0x14,
  RAKP_4: 0x15,
} as const;

/** The algorithms and keys of an established session. */
export interface SessionProtection {
  readonly suite: CipherSuite;
  readonly k1: Buffer;
  readonly k2: Buffer;
}

export interface V20Packet {
  readonly payloadType: number;
  readonly sessionId: number;
  readonly sequence: number;
  readonly payload: Buffer;
  readonly encrypted: boolean;
  readonly authenticated: boolean;
}

/** Bytes of FFh so that header + payload + pad + pad length + next header is a multiple of 4. */
export function integrityPadLength(payloadLength: number): number {
  return (4 - ((HEADER_LENGTH + payloadLength + 2) % 4)) % 4;
}

export function integrityAuthCode(protection: SessionProtection, covered: Uint8Array): Buffer {
  return hmac(protection.suite.hash, protection.k1, covered).subarray(0, protection.suite.integrityLength);
}

export interface V20Outbound {
  readonly payloadType: number;
  readonly sessionId: number;
  readonly sequence: number;
  readonly payload: Uint8Array;
}

/**
 * A whole datagram (RMCP header included). With `protection` the payload is encrypted and
 * authenticated, as every packet of a cipher suite 3 or 17 session must be.
 */
export function encodeV20(p: V20Outbound, protection?: SessionProtection, iv?: Uint8Array): Buffer {
  const payload = protection ? encryptPayload(protection.k2, p.payload, iv) : Buffer.from(p.payload);
  const header = Buffer.alloc(HEADER_LENGTH);
  header[0] = AUTH_TYPE_RMCP_PLUS;
  header[1] = (p.payloadType & 0x3f) | (protection ? 0xc0 : 0);
  header.writeUInt32LE(p.sessionId >>> 0, 2);
  header.writeUInt32LE(p.sequence >>> 0, 6);
  header.writeUInt16LE(payload.length, 10);
  if (!protection) return encodeRmcp(RMCP_CLASS_IPMI, Buffer.concat([header, payload]));
  const padLength = integrityPadLength(payload.length);
  const covered = Buffer.concat([header, payload, Buffer.alloc(padLength, 0xff), Buffer.from([padLength, NEXT_HEADER])]);
  return encodeRmcp(RMCP_CLASS_IPMI, Buffer.concat([covered, integrityAuthCode(protection, covered)]));
}

/**
 * Parses the body after the RMCP header. An authenticated packet is checked against K1
 * and an encrypted one decrypted with K2; either without `protection` is an error, as is
 * an unprotected packet when `protection` is given (a session's packets must be protected).
 */
export function decodeV20(body: Buffer, protection?: SessionProtection): V20Packet {
  if (body.length < HEADER_LENGTH || body[0] !== AUTH_TYPE_RMCP_PLUS) throw new IpmiDecodeError('not an RMCP+ packet');
  const typeByte = body[1] ?? 0;
  const encrypted = (typeByte & 0x80) !== 0;
  const authenticated = (typeByte & 0x40) !== 0;
  const payloadType = typeByte & 0x3f;
  const sessionId = body.readUInt32LE(2);
  const sequence = body.readUInt32LE(6);
  const length = body.readUInt16LE(10);
  if (body.length < HEADER_LENGTH + length) throw new IpmiDecodeError('RMCP+ packet is shorter than its payload length');
  let payload = body.subarray(HEADER_LENGTH, HEADER_LENGTH + length);
  if (protection && !(authenticated && encrypted)) throw new IpmiDecodeError('session packet is not authenticated and encrypted');
  if (authenticated) {
    if (!protection) throw new IpmiDecodeError('authenticated packet outside a session');
    checkIntegrity(body, HEADER_LENGTH + length, protection);
  }
  if (encrypted) {
    if (!protection) throw new IpmiDecodeError('encrypted packet outside a session');
    payload = decryptPayload(protection.k2, payload);
  }
  return { payloadType, sessionId, sequence, payload, encrypted, authenticated };
}

function checkIntegrity(body: Buffer, payloadEnd: number, protection: SessionProtection): void {
  const codeLength = protection.suite.integrityLength;
  const coveredEnd = body.length - codeLength;
  // The pad length is read, not recomputed: what counts is that the trailer adds up.
  const padLength = body[coveredEnd - 2];
  if (padLength === undefined || payloadEnd + padLength + 2 !== coveredEnd) throw new IpmiDecodeError('RMCP+ trailer has the wrong length');
  if (body[coveredEnd - 1] !== NEXT_HEADER) throw new IpmiDecodeError('RMCP+ next header is not 07h');
  const expected = integrityAuthCode(protection, body.subarray(0, coveredEnd));
  if (!sameBytes(expected, body.subarray(coveredEnd))) throw new IpmiDecodeError('RMCP+ AuthCode does not match (integrity check failed)');
}
