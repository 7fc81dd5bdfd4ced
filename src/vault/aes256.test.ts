import { describe, expect, it } from 'vitest';
import { Secret } from '../secrets/secret.js';
import { decryptAes256, encryptAes256, pkcs7Pad, pkcs7Unpad, unhexlify } from './aes256.js';
import { parseEnvelope } from './envelope.js';
import { VaultError, VaultFormatError } from './errors.js';
import { encryptVault } from './vault-lib.js';

const SALT = Buffer.from(Array.from({ length: 32 }, (_, i) => i));

/* Produced by ansible-core 2.14's VaultLib.encrypt(..., salt=bytes(range(32))). */
const KNOWN_11 = `$ANSIBLE_VAULT;1.1;AES256
30303031303230333034303530363037303830393061306230633064306530663130313131323133
3134313531363137313831393161316231633164316531660a396662346233646333383636323735
31333462366664366164353237626133613936626535306433333763636137373362333937616664
6164633062616262640a623632363563643633363433323134313130393839383431346336333432
6430
`;
const KNOWN_12_EMPTY = `$ANSIBLE_VAULT;1.2;AES256;lab
30303031303230333034303530363037303830393061306230633064306530663130313131323133
3134313531363137313831393161316231633164316531660a306563373438313865373461656537
66343364346434376337663930306232663861343339616663616564336462653661353663333565
3362353361306263320a636535333230616134393639313132363666666165343335353637303531
6333
`;
const KNOWN_UTF8_PASSWORD_FULL_BLOCK = `$ANSIBLE_VAULT;1.1;AES256
30303031303230333034303530363037303830393061306230633064306530663130313131323133
3134313531363137313831393161316231633164316531660a616233323739333039623931366166
34363965663963306338663236313337613762386531316534333739386130373837656336336537
3864376338656633300a303363663136333839396534356566666332333731393466653438633162
36366362353834656433363932303865396537303466633234383435613437343831
`;

describe('VaultAES256 known answers (ansible-core with a fixed salt)', () => {
  it('encrypts byte for byte as Ansible does, 1.1 and 1.2', () => {
    expect(encryptVault('hello: world\n', new Secret('pw1'), 'default', SALT)).toBe(KNOWN_11);
    expect(encryptVault('', new Secret('pw1'), 'lab', SALT)).toBe(KNOWN_12_EMPTY);
    expect(encryptVault('0123456789abcdef', new Secret('päss'), undefined, SALT)).toBe(KNOWN_UTF8_PASSWORD_FULL_BLOCK);
  });

  it('decrypts them', () => {
    const pw = Buffer.from('pw1');
    expect(decryptAes256(parseEnvelope(KNOWN_11).payload, pw).toString()).toBe('hello: world\n');
    expect(decryptAes256(parseEnvelope(KNOWN_12_EMPTY).payload, pw).length).toBe(0);
    expect(decryptAes256(parseEnvelope(KNOWN_UTF8_PASSWORD_FULL_BLOCK).payload, Buffer.from('päss')).toString()).toBe('0123456789abcdef');
  });
});

describe('VaultAES256', () => {
  it('round-trips binary data with a random salt each time', () => {
    const data = Buffer.from([0, 255, 10, 13, 128, 1, 2, 3]);
    const a = encryptAes256(data, Buffer.from('k'));
    const b = encryptAes256(data, Buffer.from('k'));
    expect(a.equals(b)).toBe(false);
    expect(decryptAes256(a, Buffer.from('k')).equals(data)).toBe(true);
  });

  it('rejects a wrong password and a flipped ciphertext bit by the HMAC, before decrypting', () => {
    const payload = parseEnvelope(KNOWN_11).payload;
    expect(() => decryptAes256(payload, Buffer.from('pw2'))).toThrow('HMAC verification failed');
    const inner = unhexlify(payload).toString('latin1').split('\n');
    const ct = Buffer.from(inner[2] ?? '', 'hex');
    ct[0] = (ct[0] ?? 0) ^ 1;
    const tampered = Buffer.from(Buffer.from([inner[0], inner[1], ct.toString('hex')].join('\n')).toString('hex'));
    expect(() => decryptAes256(tampered, Buffer.from('pw1'))).toThrow(VaultError);
    expect(() => decryptAes256(tampered, Buffer.from('pw1'))).not.toThrow(VaultFormatError);
  });

  it('reports malformed payloads with Python binascii/unpack wording', () => {
    expect(() => unhexlify(Buffer.from('abc'))).toThrow('Vault format unhexlify error: Odd-length string');
    expect(() => unhexlify(Buffer.from('zz'))).toThrow('Vault format unhexlify error: Non-hexadecimal digit found');
    expect(() => decryptAes256(Buffer.from('6162'), Buffer.from('x'))).toThrow(
      'Vault vaulttext format error: not enough values to unpack (expected 3, got 1)',
    );
    expect(() => decryptAes256(Buffer.from(Buffer.from('61\n62').toString('hex')), Buffer.from('x'))).toThrow('(expected 3, got 2)');
  });

  it('pads with PKCS7 always (a full block gains 16 bytes) and checks padding on the way out', () => {
    expect(pkcs7Pad(Buffer.alloc(16)).length).toBe(32);
    expect(pkcs7Pad(Buffer.alloc(15)).at(-1)).toBe(1);
    expect(pkcs7Unpad(pkcs7Pad(Buffer.from('abc'))).toString()).toBe('abc');
    expect(() => pkcs7Unpad(Buffer.alloc(16, 0))).toThrow('Invalid padding bytes.');
    expect(() => pkcs7Unpad(Buffer.concat([Buffer.alloc(14, 1), Buffer.from([3, 2])]))).toThrow('Invalid padding bytes.');
  });
});
