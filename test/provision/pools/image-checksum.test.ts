/**
 * A profile's image as Metal3 writes spec.image: `{url, checksum, checksumType}`, checksum a
 * hex digest or the URL of a checksum file; the plain string form still works. Every mistake
 * is reported at its key (file:line:col).
 */
import { describe, expect, it } from 'vitest';
import type { ImageProfile } from '../../../src/provision/pools/model.js';
import { load, problemAt } from './helpers.js';

const SHA256 = 'ab'.repeat(32);

/** pools.yml with profile `img` given by `imageLines` (indented under `img:`, from line 3). */
function withImage(imageLines: string): string {
  return `profiles:
  img:
${imageLines}
pools:
  rack1:
    defaults: {bmc: {username: admin, password: {env: BMC_PW}}, profile: img}
    hosts:
      - {name: node1, order: 1, bootMACAddress: "52:54:00:00:00:01", bmc: {address: 10.0.0.11}}
`;
}

function imageProfile(text: string): ImageProfile {
  const p = load(text).host('node1').profile;
  if (p.kind !== 'image') throw new Error(`profile is ${p.kind}`);
  return p;
}

describe('profiles: image checksum (Metal3 spec.image)', () => {
  it('keeps the plain string form: no checksum', () => {
    const p = imageProfile(withImage('    image: http://img.lab/os.raw'));
    expect(p.image).toBe('http://img.lab/os.raw');
    expect(p.checksum).toBeUndefined();
  });

  it('takes {url, checksum, checksumType}, the digest lower-cased', () => {
    const p = imageProfile(withImage(`    image: {url: http://img.lab/os.raw, checksum: ${SHA256.toUpperCase()}, checksumType: sha256}`));
    expect(p.image).toBe('http://img.lab/os.raw');
    expect(p.checksum).toEqual({ type: 'sha256', value: SHA256 });
  });

  it('knows a bare digest type from its length: md5 32, sha256 64, sha512 128', () => {
    for (const [type, hex] of [['md5', 'c'.repeat(32)], ['sha256', 'd'.repeat(64)], ['sha512', 'e'.repeat(128)]] as const) {
      expect(imageProfile(withImage(`    image: {url: os.raw, checksum: "${hex}"}`)).checksum).toEqual({ type, value: hex });
    }
  });

  it('takes the URL of a checksum file with its checksumType; a relative url is a path from pools.yml', () => {
    const p = imageProfile(withImage('    image:\n      url: os.raw\n      checksum: https://img.lab/SHA512SUMS\n      checksumType: sha512'));
    expect(p.image).toMatch(/^\/.*\/os\.raw$/);
    expect(p.checksum).toEqual({ type: 'sha512', value: 'https://img.lab/SHA512SUMS' });
  });

  const bad: Array<{ name: string; lines: string; match: RegExp; line: number; column: number }> = [
    { name: 'no url', lines: `    image: {checksum: ${SHA256}}`, match: /profiles\.img\.image needs url/, line: 3, column: 5 },
    { name: 'a digest of the wrong length for its type', lines: `    image:\n      url: os.raw\n      checksum: ${SHA256}\n      checksumType: md5`, match: /checksum has 64 hex digits: a md5 digest has 32/, line: 5, column: 7 },
    { name: 'a digest of no known length', lines: `    image: {url: os.raw, checksum: abc123}`, match: /checksum has 6 hex digits: no md5 \(32\), sha256 \(64\) or sha512 \(128\) digest/, line: 3, column: 26 },
    { name: 'neither hex nor URL', lines: `    image: {url: os.raw, checksum: not-a-digest}`, match: /checksum must be a hex digest or the URL of a checksum file/, line: 3, column: 26 },
    { name: 'a checksum file without checksumType', lines: '    image:\n      url: os.raw\n      checksum: http://img.lab/SHA256SUMS', match: /is a checksum file: name its checksumType \(sha256, sha512, md5\)/, line: 5, column: 7 },
    { name: 'a checksum URL that is not http(s)', lines: '    image: {url: os.raw, checksum: "ftp://img.lab/SUMS", checksumType: sha256}', match: /'ftp:\/\/img\.lab\/SUMS' is no http:\/\/ or https:\/\/ URL/, line: 3, column: 26 },
    { name: 'a checksum URL with ${...} that iPXE would expand', lines: '    image: {url: os.raw, checksum: "http://img.lab/${net0/mac}", checksumType: sha256}', match: /without spaces or '\$'/, line: 3, column: 26 },
    { name: 'an unknown checksumType', lines: `    image: {url: os.raw, checksum: ${SHA256}, checksumType: sha1}`, match: /checksumType must be one of 'sha256', 'sha512', 'md5', got 'sha1'/, line: 3, column: 102 },
    { name: 'checksumType without checksum', lines: '    image: {url: os.raw, checksumType: sha256}', match: /checksumType needs checksum/, line: 3, column: 26 },
    { name: "Metal3's format: raw only", lines: '    image: {url: os.raw, format: qcow2}', match: /unknown key 'format' in profiles\.img\.image \(kplay writes raw images only/, line: 3, column: 26 },
    { name: 'an all-digit digest YAML reads as a number', lines: `    image: {url: os.raw, checksum: ${'1'.repeat(32)}}`, match: /checksum was read as a number: quote the digest/, line: 3, column: 26 },
    { name: 'an empty url', lines: '    image: {url: ""}', match: /profiles\.img\.image\.url must be a non-empty string/, line: 3, column: 13 },
  ];
  for (const b of bad) {
    it(`reports ${b.name} at its key`, () => {
      const p = problemAt(withImage(b.lines), b.match);
      expect([p.line, p.column], p.message).toEqual([b.line, b.column]);
      // One mistake, one problem: no second one about kernel and initrd.
      expect(p.all.map((e) => e.message)).toEqual([p.message]);
    });
  }
});
