import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../../secrets/secret.js';
import type { HashName } from './cipher-suites.js';

/*
 * RAKP key exchange arithmetic (IPMI v2.0 §13.31-13.32), pure functions over what both
 * sides have seen. Multi-byte integers go in least significant byte first, random numbers
 * and the GUID as received. The subscripts follow the spec: "m" is the remote console
 * (kplay), "c" the managed system (the BMC).
 */

/** IPMI v2.0 user passwords and the BMC key are at most 20 bytes, zero-padded. */
export const KEY_LENGTH = 20;

export interface RakpTranscript {
  /** SIDm: the session ID kplay proposed in the Open Session Request. */
  readonly consoleSessionId: number;
  /** SIDc: the session ID the BMC assigned. */
  readonly bmcSessionId: number;
  /** Rm: kplay's 16 random bytes from RAKP 1. */
  readonly consoleRandom: Uint8Array;
  /** Rc: the BMC's 16 random bytes from RAKP 2. */
  readonly bmcRandom: Uint8Array;
  /** GUIDc: the BMC's GUID from RAKP 2. */
  readonly bmcGuid: Uint8Array;
  /** ROLEm: the whole requested-privilege byte of RAKP 1, lookup bit included. */
  readonly role: number;
  /** UNAMEm (ULENGTHm is its length). */
  readonly username: Uint8Array;
}

/** The password or BMC key as an HMAC key. `reveal()` is here because this is where it goes on the wire. */
export function keyBytes(secret: Secret): Buffer {
  const raw = Buffer.from(secret.reveal(), 'utf8');
  if (raw.length > KEY_LENGTH) throw new RangeError(`an IPMI v2.0 password is at most ${KEY_LENGTH} bytes, this one has ${raw.length}`);
  const key = Buffer.alloc(KEY_LENGTH);
  raw.copy(key);
  raw.fill(0);
  return key;
}

export function hmac(hash: HashName, key: Uint8Array, ...parts: readonly Uint8Array[]): Buffer {
  const h = createHmac(hash, key);
  for (const p of parts) h.update(p);
  return h.digest();
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

function roleAndName(t: RakpTranscript): Buffer {
  return Buffer.concat([Buffer.from([t.role & 0xff, t.username.length]), t.username]);
}

/** RAKP 2 Key Exchange Authentication Code: HMAC_Kuid(SIDm, SIDc, Rm, Rc, GUIDc, ROLEm, ULENGTHm, UNAMEm). */
export function rakp2AuthCode(hash: HashName, kuid: Uint8Array, t: RakpTranscript): Buffer {
  return hmac(hash, kuid, u32le(t.consoleSessionId), u32le(t.bmcSessionId), t.consoleRandom, t.bmcRandom, t.bmcGuid, roleAndName(t));
}

/** RAKP 3 Key Exchange Authentication Code: HMAC_Kuid(Rc, SIDm, ROLEm, ULENGTHm, UNAMEm). */
export function rakp3AuthCode(hash: HashName, kuid: Uint8Array, t: RakpTranscript): Buffer {
  return hmac(hash, kuid, t.bmcRandom, u32le(t.consoleSessionId), roleAndName(t));
}

/** SIK = HMAC_KG(Rm, Rc, ROLEm, ULENGTHm, UNAMEm); KG is Kuid unless the BMC has a key of its own (two-key login). */
export function sessionIntegrityKey(hash: HashName, kg: Uint8Array, t: RakpTranscript): Buffer {
  return hmac(hash, kg, t.consoleRandom, t.bmcRandom, roleAndName(t));
}

/** K1 (integrity) = HMAC_SIK(20 x 01h), K2 (confidentiality) = HMAC_SIK(20 x 02h). */
export function additionalKey(hash: HashName, sik: Uint8Array, n: 1 | 2): Buffer {
  return hmac(hash, sik, Buffer.alloc(KEY_LENGTH, n));
}

/** RAKP 4 Integrity Check Value: HMAC_SIK(Rm, SIDc, GUIDc), truncated to the suite's length. */
export function rakp4Icv(hash: HashName, sik: Uint8Array, t: RakpTranscript, length: number): Buffer {
  return hmac(hash, sik, t.consoleRandom, u32le(t.bmcSessionId), t.bmcGuid).subarray(0, length);
}

/** Constant-time comparison; false (not an exception) when the lengths differ. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface SessionKeys {
  readonly sik: Buffer;
  /** Integrity key: HMAC key of every packet's AuthCode. */
  readonly k1: Buffer;
  /** Confidentiality key: its first 16 bytes are the AES-128 key. */
  readonly k2: Buffer;
}

export function deriveSessionKeys(hash: HashName, kg: Uint8Array, t: RakpTranscript): SessionKeys {
  const sik = sessionIntegrityKey(hash, kg, t);
  return { sik, k1: additionalKey(hash, sik, 1), k2: additionalKey(hash, sik, 2) };
}
