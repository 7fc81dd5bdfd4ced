/**
 * VaultAES256 (ansible/parsing/vault/__init__.py): PBKDF2-HMAC-SHA256 with 10000 iterations
 * over a 32-byte random salt gives 80 bytes, split into the AES-256-CTR key, the HMAC-SHA256
 * key and the 16-byte initial counter. The plaintext is PKCS7-padded to 16 bytes first (CTR
 * needs no padding; Ansible pads anyway, so we do too). The HMAC covers the ciphertext and is
 * checked in constant time before anything is decrypted.
 *
 * Payload: hexlify(hexlify(salt) + "\n" + hexlify(hmac) + "\n" + hexlify(ciphertext)).
 */
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { VaultError, VaultFormatError } from './errors.js';

export const CIPHER_AES256 = 'AES256';

const ITERATIONS = 10000;
const KEY_LENGTH = 32;
const IV_LENGTH = 16;
const SALT_LENGTH = 32;
const BLOCK = 16;
const NEWLINE = 0x0a;

interface DerivedKeys {
  readonly cipherKey: Buffer;
  readonly hmacKey: Buffer;
  readonly iv: Buffer;
}

function deriveKeys(password: Buffer, salt: Buffer): DerivedKeys {
  const derived = pbkdf2Sync(password, salt, ITERATIONS, 2 * KEY_LENGTH + IV_LENGTH, 'sha256');
  return {
    cipherKey: derived.subarray(0, KEY_LENGTH),
    hmacKey: derived.subarray(KEY_LENGTH, 2 * KEY_LENGTH),
    iv: derived.subarray(2 * KEY_LENGTH),
  };
}

/** binascii.unhexlify with its error texts, as _unhexlify wraps them. */
export function unhexlify(data: Buffer): Buffer {
  if (data.length % 2 !== 0) throw new VaultFormatError('Vault format unhexlify error: Odd-length string');
  const text = data.toString('latin1');
  if (!/^[0-9a-fA-F]*$/.test(text)) throw new VaultFormatError('Vault format unhexlify error: Non-hexadecimal digit found');
  return Buffer.from(text, 'hex');
}

function hexlify(data: Buffer): Buffer {
  return Buffer.from(data.toString('hex'), 'latin1');
}

/** cryptography's PKCS7(128) padder: always 1 to 16 bytes, each holding the count. */
export function pkcs7Pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

export function pkcs7Unpad(data: Buffer): Buffer {
  const n = data[data.length - 1];
  if (data.length % BLOCK !== 0 || n === undefined || n < 1 || n > BLOCK) throw new VaultFormatError('Invalid padding bytes.');
  for (let i = data.length - n; i < data.length; i++) {
    if (data[i] !== n) throw new VaultFormatError('Invalid padding bytes.');
  }
  return data.subarray(0, data.length - n);
}

function ctr(key: Buffer, iv: Buffer, data: Buffer, encrypt: boolean): Buffer {
  const c = encrypt ? createCipheriv('aes-256-ctr', key, iv) : createDecipheriv('aes-256-ctr', key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

function hmacOf(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** VaultAES256.encrypt: the hexlified payload for the envelope. `salt` is for tests only. */
export function encryptAes256(plaintext: Buffer, password: Buffer, salt?: Buffer): Buffer {
  if (salt !== undefined && salt.length === 0) throw new VaultError('Empty or invalid salt passed to encrypt()');
  const s = salt ?? randomBytes(SALT_LENGTH);
  const keys = deriveKeys(password, s);
  const ciphertext = ctr(keys.cipherKey, keys.iv, pkcs7Pad(plaintext), true);
  const mac = hmacOf(keys.hmacKey, ciphertext);
  const nl = Buffer.from([NEWLINE]);
  return hexlify(Buffer.concat([hexlify(s), nl, hexlify(mac), nl, hexlify(ciphertext)]));
}

interface Payload {
  readonly salt: Buffer;
  readonly mac: Buffer;
  readonly ciphertext: Buffer;
}

/** parse_vaulttext: salt, hex HMAC and ciphertext, or a format error worded as Ansible's. */
export function parsePayload(payload: Buffer): Payload {
  const raw = unhexlify(payload);
  const first = raw.indexOf(NEWLINE);
  const second = first < 0 ? -1 : raw.indexOf(NEWLINE, first + 1);
  if (second < 0) {
    const got = first < 0 ? 1 : 2;
    throw new VaultFormatError(`Vault vaulttext format error: not enough values to unpack (expected 3, got ${got})`);
  }
  return {
    salt: unhexlify(raw.subarray(0, first)),
    mac: raw.subarray(first + 1, second),
    ciphertext: unhexlify(raw.subarray(second + 1)),
  };
}

/**
 * VaultAES256.decrypt: a wrong password fails the HMAC check (VaultError), a malformed payload
 * fails with VaultFormatError. Nothing is decrypted before the HMAC matches.
 */
export function decryptAes256(payload: Buffer, password: Buffer): Buffer {
  const { salt, mac, ciphertext } = parsePayload(payload);
  const keys = deriveKeys(password, salt);
  const expected = unhexlify(mac);
  const actual = hmacOf(keys.hmacKey, ciphertext);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new VaultError('HMAC verification failed: Signature did not match digest.', 'KPLAY_VAULT_HMAC');
  }
  return pkcs7Unpad(ctr(keys.cipherKey, keys.iv, ciphertext, false));
}
