/*
 * The cipher suites kplay speaks (IPMI v2.0 §22.15.2, Table 22-20). Each names an
 * authentication (RAKP) algorithm, an integrity algorithm and a confidentiality algorithm,
 * by the numbers that go into the Open Session Request.
 */

export const AUTH_ALG = { RAKP_NONE: 0x00, RAKP_HMAC_SHA1: 0x01, RAKP_HMAC_MD5: 0x02, RAKP_HMAC_SHA256: 0x03 } as const;
export const INTEGRITY_ALG = { NONE: 0x00, HMAC_SHA1_96: 0x01, HMAC_MD5_128: 0x02, MD5_128: 0x03, HMAC_SHA256_128: 0x04 } as const;
export const CONFIDENTIALITY_ALG = { NONE: 0x00, AES_CBC_128: 0x01, XRC4_128: 0x02, XRC4_40: 0x03 } as const;

export type HashName = 'sha1' | 'sha256';

export interface CipherSuite {
  readonly id: 3 | 17;
  readonly authAlgorithm: number;
  readonly integrityAlgorithm: number;
  readonly confidentialityAlgorithm: number;
  /** The hash under RAKP's HMACs, SIK, K1 and K2. */
  readonly hash: HashName;
  /** RAKP 2 and RAKP 3 key exchange auth codes: the full HMAC. */
  readonly rakpAuthCodeLength: number;
  /** RAKP 4 integrity check value: truncated HMAC (SHA1-96, SHA256-128). */
  readonly rakp4IcvLength: number;
  /** The AuthCode at the end of each session packet (HMAC-SHA1-96, HMAC-SHA256-128). */
  readonly integrityLength: number;
  readonly label: string;
}

export const CIPHER_SUITES = {
  3: {
    id: 3,
    authAlgorithm: AUTH_ALG.RAKP_HMAC_SHA1,
    integrityAlgorithm: INTEGRITY_ALG.HMAC_SHA1_96,
    confidentialityAlgorithm: CONFIDENTIALITY_ALG.AES_CBC_128,
    hash: 'sha1',
    rakpAuthCodeLength: 20,
    rakp4IcvLength: 12,
    integrityLength: 12,
    label: 'RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128',
  },
  17: {
    id: 17,
    authAlgorithm: AUTH_ALG.RAKP_HMAC_SHA256,
    integrityAlgorithm: INTEGRITY_ALG.HMAC_SHA256_128,
    confidentialityAlgorithm: CONFIDENTIALITY_ALG.AES_CBC_128,
    hash: 'sha256',
    rakpAuthCodeLength: 32,
    rakp4IcvLength: 16,
    integrityLength: 16,
    label: 'RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128',
  },
} as const satisfies Readonly<Record<number, CipherSuite>>;

export type CipherSuiteId = keyof typeof CIPHER_SUITES;
export const DEFAULT_CIPHER_SUITE: CipherSuiteId = 3;

export function isSupportedCipherSuite(id: number): id is CipherSuiteId {
  return Object.hasOwn(CIPHER_SUITES, id);
}

export function cipherSuite(id: CipherSuiteId): CipherSuite {
  return CIPHER_SUITES[id];
}

/** The suite whose algorithms the BMC chose in its Open Session Response, if kplay knows it. */
export function suiteForAlgorithms(auth: number, integrity: number, confidentiality: number): CipherSuite | undefined {
  return Object.values(CIPHER_SUITES).find(
    (s) => s.authAlgorithm === auth && s.integrityAlgorithm === integrity && s.confidentialityAlgorithm === confidentiality,
  );
}
