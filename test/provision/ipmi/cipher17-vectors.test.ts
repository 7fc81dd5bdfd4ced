/**
 * Known-answer tests for the RMCP+ crypto of cipher suites 17 (RAKP-HMAC-SHA256,
 * HMAC-SHA256-128, AES-CBC-128) and 3 (the SHA1 control, also checked live against
 * ipmi_sim). ipmi_sim refuses suite 17, so its math is pinned here: every expected value
 * below was computed ONCE by an independent Python implementation of the IPMI v2.0 spec
 * (fixtures/cipher17_vectors.py: hashlib/hmac + `cryptography` AES; the RAKP 2 code and one
 * AES block re-checked with the openssl CLI) and pasted in. Layouts follow §13.28-13.32
 * and ipmitool's lanplus_crypt.c / lanplus.c.
 */
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/secrets/secret.js';
import { CIPHER_SUITES, type CipherSuiteId } from '../../../src/provision/ipmi/cipher-suites.js';
import { decryptPayload, encryptPayload } from '../../../src/provision/ipmi/confidentiality.js';
import {
  additionalKey,
  deriveSessionKeys,
  keyBytes,
  rakp2AuthCode,
  rakp3AuthCode,
  rakp4Icv,
  sessionIntegrityKey,
  type RakpTranscript,
} from '../../../src/provision/ipmi/rakp-keys.js';
import { encodeOpenSessionRequest } from '../../../src/provision/ipmi/rakp-messages.js';
import { decodeV20, encodeV20, PAYLOAD_TYPE, type SessionProtection } from '../../../src/provision/ipmi/session-v20.js';

// The fixed transcript of fixtures/cipher17_vectors.py.
const TRANSCRIPT: RakpTranscript = {
  consoleSessionId: 0xa1b2c3d4,
  bmcSessionId: 0x02030405,
  consoleRandom: Buffer.from('101112131415161718191a1b1c1d1e1f', 'hex'),
  bmcRandom: Buffer.from('e0e1e2e3e4e5e6e7e8e9eaebecedeeef', 'hex'),
  bmcGuid: Buffer.from('a0a1a2a3b0b1c0c1d0d1e0e1e2e3e4e5', 'hex'),
  role: 0x14,
  username: Buffer.from('ADMIN'),
};
const PASSWORD = new Secret('kplay-pw-17');
const KG = new Secret('bmc-key-0123');
const SEQUENCE = 7;
const IV = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const GET_DEVICE_ID = Buffer.from('2018c88104017a', 'hex');

const VECTORS = {
  3: {
    rakp2AuthCode: 'd1b9ea1c4ee7d0ec5649c167776853ba816a8062',
    rakp3AuthCode: '2963aa491730303a6746e2f5666dd3ce0cb6eab5',
    sik: '4cc6fdf11151f44074c44d636be4482959ff58b7',
    sikWithKg: '99a7c9d8ee93ad02bd98a9f6d730aecf4f5a0554',
    k1: 'e451cd628667cd40c89db41f085893621ae7bcda',
    k2: '9514b80f752882d501ddc9acab22b333604c99c8',
    aesKey: '9514b80f752882d501ddc9acab22b333',
    rakp4Icv: 'ef6041d75ea457964188dc55',
    encryptedPayloads: {
      0: '000102030405060708090a0b0c0d0e0fe646a126b904cd3bb98e46b2b0d37e96',
      1: '000102030405060708090a0b0c0d0e0f302f584e0cb719ec9fab043849422caf',
      7: '000102030405060708090a0b0c0d0e0f678fda34abe162d3e1d26c8f946a9a80',
      15: '000102030405060708090a0b0c0d0e0fd4efb4b57eedcee24a91c0f00aabf747',
      16: '000102030405060708090a0b0c0d0e0ff69e51fe3298918df5a39c293ef82c29a3c420e0733fcd52c28dbaa567e07ae1',
      31: '000102030405060708090a0b0c0d0e0ff69e51fe3298918df5a39c293ef82c29467bee7ee6940185f2f3a967d9166c6a',
    },
    getDeviceIdPacket: {
      datagram: '0600ff0706c005040302070000002000000102030405060708090a0b0c0d0e0f4efe458b45ca110212c533044e2fcad0ffff0207b76762332bcc89df688fcf21',
      authCode: 'b76762332bcc89df688fcf21',
      integrityPad: 2,
    },
  },
  17: {
    rakp2AuthCode: '972564a3712bb8b80a3ec3ce9016b6a82c050496757a4c09deec5b1cdb696f6a',
    rakp3AuthCode: '5ec58c41fd746c3574817559ebccc14497a947915d589c99e30407a221760475',
    sik: 'f7a51c10daa14b140683ef2cb9c0fd1546b29eab2d59d3828cec74e254cfb36d',
    sikWithKg: 'f81c5d11f1a0fbb79ab276fdccdf63676155938732dca922a724b6c67747079e',
    k1: 'da3fdcbe568cf198e0b92553ee3de61ab966d9d5ae4b7b43d69d2c9d5d44c80b',
    k2: '58660395953b16cfe0d8e9476cc6c0e766b6cf2df30894193a817c02436709ed',
    aesKey: '58660395953b16cfe0d8e9476cc6c0e7',
    rakp4Icv: 'a91467b772a9b755d1222e60148b4412',
    encryptedPayloads: {
      0: '000102030405060708090a0b0c0d0e0f491714190f9350a43f4f28c4e13f6e58',
      1: '000102030405060708090a0b0c0d0e0fdc7ff951f6a57fb8fb8b19c8e7a5dacd',
      7: '000102030405060708090a0b0c0d0e0f411a801b51a2152c86308b2642e4b237',
      15: '000102030405060708090a0b0c0d0e0f1be89d8f93c473ce15fb6688d2c1ce45',
      16: '000102030405060708090a0b0c0d0e0f155af22a40f31a2d943c065a33e71543b0b63abe5f8b5c453fb6c8b4b33c3666',
      31: '000102030405060708090a0b0c0d0e0f155af22a40f31a2d943c065a33e71543127ddad7e674fb14da06d6841c792e88',
    },
    getDeviceIdPacket: {
      datagram: '0600ff0706c005040302070000002000000102030405060708090a0b0c0d0e0facce89a31b51e9fa9ca83f81b43b1900ffff0207feefd08355086115da0471cfc9a9525b',
      authCode: 'feefd08355086115da0471cfc9a9525b',
      integrityPad: 2,
    },
  },
} as const;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const counting = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (0x30 + i) & 0xff));

describe.each([17, 3] as const)('cipher suite %i known answers', (id: CipherSuiteId) => {
  const suite = CIPHER_SUITES[id];
  const v = VECTORS[id];
  const kuid = keyBytes(PASSWORD);
  const protection = (): SessionProtection => ({ suite, k1: Buffer.from(v.k1, 'hex'), k2: Buffer.from(v.k2, 'hex') });

  it('RAKP 2 key exchange auth code: HMAC_Kuid(SIDm, SIDc, Rm, Rc, GUIDc, ROLEm, ULENGTHm, UNAMEm), full length', () => {
    const code = rakp2AuthCode(suite.hash, kuid, TRANSCRIPT);
    expect(hex(code)).toBe(v.rakp2AuthCode);
    expect(code.length).toBe(suite.rakpAuthCodeLength);
  });

  it('RAKP 3 key exchange auth code: HMAC_Kuid(Rc, SIDm, ROLEm, ULENGTHm, UNAMEm)', () => {
    const code = rakp3AuthCode(suite.hash, kuid, TRANSCRIPT);
    expect(hex(code)).toBe(v.rakp3AuthCode);
    expect(code.length).toBe(suite.rakpAuthCodeLength);
  });

  it('SIK keyed with the password, and with a BMC key (two-key login)', () => {
    expect(hex(sessionIntegrityKey(suite.hash, kuid, TRANSCRIPT))).toBe(v.sik);
    expect(hex(sessionIntegrityKey(suite.hash, keyBytes(KG), TRANSCRIPT))).toBe(v.sikWithKg);
  });

  it('K1 and K2 from SIK over 20-byte constants; the AES key is K2[0..15]', () => {
    const sik = Buffer.from(v.sik, 'hex');
    expect(hex(additionalKey(suite.hash, sik, 1))).toBe(v.k1);
    expect(hex(additionalKey(suite.hash, sik, 2))).toBe(v.k2);
    const keys = deriveSessionKeys(suite.hash, kuid, TRANSCRIPT);
    expect({ sik: hex(keys.sik), k1: hex(keys.k1), k2: hex(keys.k2) }).toEqual({ sik: v.sik, k1: v.k1, k2: v.k2 });
    expect(v.k2.startsWith(v.aesKey)).toBe(true);
    // A key that differs from K2 after byte 16 encrypts the same: only K2[0..15] is used.
    const tail = Buffer.concat([Buffer.from(v.aesKey, 'hex'), Buffer.alloc(16, 0xee)]);
    expect(hex(encryptPayload(tail, counting(7), IV))).toBe(v.encryptedPayloads[7]);
  });

  it(`RAKP 4 integrity check value: HMAC_SIK(Rm, SIDc, GUIDc) truncated to ${suite.rakp4IcvLength} bytes`, () => {
    const icv = rakp4Icv(suite.hash, Buffer.from(v.sik, 'hex'), TRANSCRIPT, suite.rakp4IcvLength);
    expect(hex(icv)).toBe(v.rakp4Icv);
  });

  it.each([0, 1, 7, 15, 16, 31] as const)('AES-CBC-128 with the IPMI pad (01h 02h .. N | N), %i data bytes', (n) => {
    const k2 = Buffer.from(v.k2, 'hex');
    const encrypted = encryptPayload(k2, counting(n), IV);
    expect(hex(encrypted)).toBe(v.encryptedPayloads[n]);
    expect(hex(decryptPayload(k2, Buffer.from(v.encryptedPayloads[n], 'hex')))).toBe(hex(counting(n)));
  });

  it(`session packet: encrypted payload, FFh integrity pad, HMAC-${suite.hash.toUpperCase()} trailer of ${suite.integrityLength} bytes under K1`, () => {
    const datagram = encodeV20({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: TRANSCRIPT.bmcSessionId, sequence: SEQUENCE, payload: GET_DEVICE_ID }, protection(), IV);
    expect(hex(datagram)).toBe(v.getDeviceIdPacket.datagram);
    expect(hex(datagram.subarray(-suite.integrityLength))).toBe(v.getDeviceIdPacket.authCode);
    const packet = decodeV20(Buffer.from(v.getDeviceIdPacket.datagram, 'hex').subarray(4), protection());
    expect({ type: packet.payloadType, id: packet.sessionId, seq: packet.sequence, payload: hex(packet.payload) }).toEqual({
      type: PAYLOAD_TYPE.IPMI,
      id: TRANSCRIPT.bmcSessionId,
      seq: SEQUENCE,
      payload: hex(GET_DEVICE_ID),
    });
  });

  it('a session packet with one AuthCode bit flipped, or checked with the other suite, is refused', () => {
    const body = Buffer.from(v.getDeviceIdPacket.datagram, 'hex').subarray(4);
    const flipped = Buffer.from(body);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0x01;
    expect(() => decodeV20(flipped, protection())).toThrow(/integrity check failed/);
    const other = CIPHER_SUITES[id === 17 ? 3 : 17];
    expect(() => decodeV20(body, { ...protection(), suite: other })).toThrow();
  });
});

describe('cipher suite 17 on the wire', () => {
  it('asks for RAKP-HMAC-SHA256 (03h), HMAC-SHA256-128 (04h), AES-CBC-128 (01h) in the Open Session Request', () => {
    const request = encodeOpenSessionRequest({ tag: 1, maxPrivilege: 4, consoleSessionId: TRANSCRIPT.consoleSessionId, suite: CIPHER_SUITES[17] });
    expect(hex(request)).toBe('01040000d4c3b2a1' + '0000000803000000' + '0100000804000000' + '0200000801000000');
  });

  it('the two suites give different keys from the same transcript (the hash really is switched)', () => {
    expect(VECTORS[17].sik.length).toBe(64);
    expect(VECTORS[3].sik.length).toBe(40);
    expect(hex(deriveSessionKeys('sha256', keyBytes(PASSWORD), TRANSCRIPT).k1)).not.toBe(VECTORS[3].k1);
  });
});
