import type { CipherSuite } from './cipher-suites.js';
import { IpmiDecodeError } from './errors.js';

/*
 * The session setup payloads, console side (IPMI v2.0 §13.17-13.23). Pure encoders and
 * decoders; the handshake decides what to send and what an answer means.
 */

/** RAKP 1 role byte, bit 4: look the user up by name only (ipmitool's default). */
export const NAME_ONLY_LOOKUP = 0x10;
/** IPMI user names are at most 16 bytes. */
export const MAX_USERNAME = 16;

export interface OpenSessionRequest {
  readonly tag: number;
  /** 0 asks for the highest level the algorithms allow; ipmi_sim wants an explicit one. */
  readonly maxPrivilege: number;
  readonly consoleSessionId: number;
  readonly suite: CipherSuite;
}

function algorithmPayload(type: number, algorithm: number): Buffer {
  return Buffer.from([type, 0, 0, 8, algorithm, 0, 0, 0]);
}

export function encodeOpenSessionRequest(r: OpenSessionRequest): Buffer {
  const head = Buffer.alloc(8);
  head[0] = r.tag;
  head[1] = r.maxPrivilege;
  head.writeUInt32LE(r.consoleSessionId >>> 0, 4);
  return Buffer.concat([
    head,
    algorithmPayload(0x00, r.suite.authAlgorithm),
    algorithmPayload(0x01, r.suite.integrityAlgorithm),
    algorithmPayload(0x02, r.suite.confidentialityAlgorithm),
  ]);
}

export interface OpenSessionResponse {
  readonly tag: number;
  readonly status: number;
  readonly maxPrivilege: number;
  /** Undefined in a refusal cut short after the status (ipmi_sim sends just tag and status). */
  readonly consoleSessionId: number | undefined;
  /** Present when status is 0. */
  readonly accepted?: {
    readonly bmcSessionId: number;
    readonly authAlgorithm: number;
    readonly integrityAlgorithm: number;
    readonly confidentialityAlgorithm: number;
  };
}

function need(p: Buffer, n: number, what: string): void {
  if (p.length < n) throw new IpmiDecodeError(`${what} of ${p.length} bytes is shorter than ${n}`);
}

function optionalId(p: Buffer): number | undefined {
  return p.length >= 8 ? p.readUInt32LE(4) : undefined;
}

export function decodeOpenSessionResponse(p: Buffer): OpenSessionResponse {
  need(p, 2, 'Open Session Response');
  const head = { tag: p[0] ?? 0, status: p[1] ?? 0, maxPrivilege: (p[2] ?? 0) & 0x0f, consoleSessionId: optionalId(p) };
  if (head.status !== 0) return head;
  need(p, 36, 'Open Session Response');
  return {
    ...head,
    accepted: { bmcSessionId: p.readUInt32LE(8), authAlgorithm: (p[16] ?? 0) & 0x3f, integrityAlgorithm: (p[24] ?? 0) & 0x3f, confidentialityAlgorithm: (p[32] ?? 0) & 0x3f },
  };
}

export interface Rakp1 {
  readonly tag: number;
  readonly bmcSessionId: number;
  readonly consoleRandom: Uint8Array;
  readonly role: number;
  readonly username: Uint8Array;
}

export function encodeRakp1(r: Rakp1): Buffer {
  if (r.username.length > MAX_USERNAME) throw new RangeError(`an IPMI user name is at most ${MAX_USERNAME} bytes`);
  const head = Buffer.alloc(28);
  head[0] = r.tag;
  head.writeUInt32LE(r.bmcSessionId >>> 0, 4);
  Buffer.from(r.consoleRandom).copy(head, 8);
  head[24] = r.role;
  head[27] = r.username.length;
  return Buffer.concat([head, r.username]);
}

export interface Rakp2 {
  readonly tag: number;
  readonly status: number;
  readonly consoleSessionId: number | undefined;
  readonly bmcRandom: Buffer;
  readonly bmcGuid: Buffer;
  readonly authCode: Buffer;
}

export function decodeRakp2(p: Buffer): Rakp2 {
  need(p, 2, 'RAKP 2');
  const empty = Buffer.alloc(0);
  const head = { tag: p[0] ?? 0, status: p[1] ?? 0, consoleSessionId: optionalId(p) };
  if (head.status !== 0) return { ...head, bmcRandom: empty, bmcGuid: empty, authCode: empty };
  need(p, 40, 'RAKP 2');
  return { ...head, bmcRandom: p.subarray(8, 24), bmcGuid: p.subarray(24, 40), authCode: p.subarray(40) };
}

export interface Rakp3 {
  readonly tag: number;
  readonly status: number;
  readonly bmcSessionId: number;
  readonly authCode: Uint8Array;
}

export function encodeRakp3(r: Rakp3): Buffer {
  const head = Buffer.alloc(8);
  head[0] = r.tag;
  head[1] = r.status;
  head.writeUInt32LE(r.bmcSessionId >>> 0, 4);
  return Buffer.concat([head, r.authCode]);
}

export interface Rakp4 {
  readonly tag: number;
  readonly status: number;
  readonly consoleSessionId: number | undefined;
  readonly integrityCheckValue: Buffer;
}

export function decodeRakp4(p: Buffer): Rakp4 {
  need(p, 2, 'RAKP 4');
  return { tag: p[0] ?? 0, status: p[1] ?? 0, consoleSessionId: optionalId(p), integrityCheckValue: p.subarray(8) };
}
