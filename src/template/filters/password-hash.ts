/*
 * password_hash (plugins/filter/core.py get_encrypted_password, utils/encrypt.py CryptHash):
 * glibc's SHA-crypt (`$5$`, `$6$`), as Python's crypt.crypt computes it.
 */
import { createHash } from 'node:crypto';
import { PyError } from '../py/errors.js';
import { systemRandom } from '../py/random.js';
import type { FilterTable } from '../registry.js';
import { bind, text } from './support.js';

interface Algo {
  readonly id: '5' | '6';
  readonly digest: 'sha256' | 'sha512';
  /** Byte triples of the final digest, in the order crypt encodes them. */
  readonly order: number[][];
  readonly tail: number[];
}

/* glibc rotates each triple by i % 3, one way for SHA-512 and the other for SHA-256. */
function triples(n: number, step: number, forward: boolean): number[][] {
  return Array.from({ length: n }, (_, i) => {
    const t = [i, i + step, i + 2 * step];
    const r = forward ? i % 3 : (3 - (i % 3)) % 3;
    return r === 0 ? t : r === 1 ? [t[1]!, t[2]!, t[0]!] : [t[2]!, t[0]!, t[1]!];
  });
}

const ALGOS: Record<string, Algo> = {
  sha256_crypt: { id: '5', digest: 'sha256', order: triples(10, 10, false), tail: [31, 30] },
  sha512_crypt: { id: '6', digest: 'sha512', order: triples(21, 21, true), tail: [63] },
};
const ALIASES: Record<string, string> = { sha256: 'sha256_crypt', sha512: 'sha512_crypt', md5: 'md5_crypt', blowfish: 'bcrypt' };
const ITOA = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./';

function b64(w: number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++, w >>>= 6) out += ITOA[w & 0x3f];
  return out;
}

function repeatTo(src: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i++) out[i] = src[i % src.length]!;
  return out;
}

export function shaCrypt(algo: Algo, password: string, salt: string, rounds: number | undefined): string {
  const H = (...parts: Buffer[]): Buffer => parts.reduce((h, p) => h.update(p), createHash(algo.digest)).digest();
  const key = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt.slice(0, 16), 'utf8');
  const hlen = algo.digest === 'sha512' ? 64 : 32;
  const b = H(key, s, key);
  const a: Buffer[] = [key, s];
  let n = key.length;
  for (; n > hlen; n -= hlen) a.push(b);
  a.push(b.subarray(0, n));
  for (n = key.length; n > 0; n >>= 1) a.push(n & 1 ? b : key);
  let c = H(...a);
  const p = repeatTo(H(...Array<Buffer>(key.length).fill(key)), key.length);
  const sBytes = repeatTo(H(...Array<Buffer>(16 + c[0]!).fill(s)), s.length);
  const r = rounds === undefined ? 5000 : Math.min(999_999_999, Math.max(1000, rounds));
  for (let i = 0; i < r; i++) {
    const parts: Buffer[] = [i & 1 ? p : c];
    if (i % 3) parts.push(sBytes);
    if (i % 7) parts.push(p);
    parts.push(i & 1 ? c : p);
    c = H(...parts);
  }
  let enc = algo.order.map(([x, y, z]) => b64((c[x!]! << 16) | (c[y!]! << 8) | c[z!]!, 4)).join('');
  enc += algo.tail.length === 1 ? b64(c[algo.tail[0]!]!, 2) : b64((c[algo.tail[0]!]! << 8) | c[algo.tail[1]!]!, 3);
  return `$${algo.id}$${rounds === undefined ? '' : `rounds=${r}$`}${s.toString('utf8')}$${enc}`;
}

export const PASSWORD_FILTERS: FilterTable = {
  password_hash: (_e, v, a, kw) => {
    const [type, salt, saltSize, rounds] = bind('password_hash', a, kw, ['hashtype', 'salt', 'salt_size', 'rounds', 'ident']);
    const name = type === undefined || type === null ? 'sha512_crypt' : (ALIASES[text(type)] ?? text(type));
    const algo = ALGOS[name];
    if (!algo) throw new PyError('AnsibleFilterError', `crypt.crypt does not support '${name}' algorithm`);
    const size = typeof saltSize === 'number' && saltSize > 0 ? saltSize : 16;
    const s = salt === undefined || salt === null || salt === '' ? Array.from({ length: size }, () => systemRandom.choice([...SALT_CHARS])).join('') : text(salt);
    if (/[^./0-9A-Za-z]/.test(s)) throw new PyError('AnsibleFilterError', 'invalid characters in salt');
    if (s.length > 16) throw new PyError('AnsibleFilterError', 'invalid salt size');
    const r = typeof rounds === 'number' && rounds !== 5000 ? rounds : undefined;
    return shaCrypt(algo, text(v), s, r);
  },
};
