import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IpmiDecodeError } from './errors.js';

/*
 * AES-CBC-128 confidentiality (IPMI v2.0 §13.29): the payload becomes
 *   IV (16 random bytes) | AES-CBC-128_K2[0..15](data | pad 01h 02h .. N | N)
 * IPMI's own pad replaces PKCS#7, so Node's auto-padding is off both ways.
 */

export const AES_BLOCK = 16;

/** data | 01 02 .. N | N, N chosen so the whole is a multiple of 16 (N may be 0). */
export function confidentialityPad(data: Uint8Array): Buffer {
  const padLength = (AES_BLOCK - ((data.length + 1) % AES_BLOCK)) % AES_BLOCK;
  const pad = Buffer.alloc(padLength + 1);
  for (let i = 0; i < padLength; i++) pad[i] = i + 1;
  pad[padLength] = padLength;
  return Buffer.concat([data, pad]);
}

/** Strips and checks the pad; throws on a malformed one (wrong key or tampering). */
export function confidentialityUnpad(plain: Buffer): Buffer {
  const padLength = plain[plain.length - 1];
  if (padLength === undefined || padLength >= AES_BLOCK || padLength + 1 > plain.length) {
    throw new IpmiDecodeError('confidentiality pad length is out of range');
  }
  const end = plain.length - 1 - padLength;
  for (let i = 0; i < padLength; i++) {
    if (plain[end + i] !== i + 1) throw new IpmiDecodeError('confidentiality pad bytes are malformed');
  }
  return plain.subarray(0, end);
}

/** Raw AES-CBC-128 without padding; `data` must be whole blocks. */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-cbc', key.subarray(0, 16), iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const d = createDecipheriv('aes-128-cbc', key.subarray(0, 16), iv);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(data), d.final()]);
}

/** Encrypts an IPMI payload with K2; `iv` is for known-answer tests only, normally random. */
export function encryptPayload(k2: Uint8Array, payload: Uint8Array, iv: Uint8Array = randomBytes(AES_BLOCK)): Buffer {
  return Buffer.concat([iv, aesCbcEncrypt(k2, iv, confidentialityPad(payload))]);
}

export function decryptPayload(k2: Uint8Array, encrypted: Buffer): Buffer {
  if (encrypted.length < 2 * AES_BLOCK || encrypted.length % AES_BLOCK !== 0) {
    throw new IpmiDecodeError(`encrypted payload of ${encrypted.length} bytes is not an IV plus whole AES blocks`);
  }
  return confidentialityUnpad(aesCbcDecrypt(k2, encrypted.subarray(0, AES_BLOCK), encrypted.subarray(AES_BLOCK)));
}
