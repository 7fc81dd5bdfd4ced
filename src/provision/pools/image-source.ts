import type { Checker, YamlMap } from './checker.js';
import { isMap } from './checker.js';
import { CHECKSUM_TYPES, type ChecksumType, type ImageChecksum } from './model.js';
import { isUrl, resolveSource } from './paths.js';

/** Hex digest length of each checksum type: a bare digest's type is known from its length. */
const HEX_LENGTH: Readonly<Record<ChecksumType, number>> = { md5: 32, sha256: 64, sha512: 128 };
const HEX = /^[0-9a-fA-F]+$/;
/** No whitespace or `$`: it goes on a kernel command line inside an iPXE script, which expands `${...}`. */
const HTTP_URL = /^https?:\/\/[^\s/$]+\/[^\s$]*$/i;

export interface ImageSource {
  /** URL (kept as written) or absolute path. */
  readonly image: string;
  readonly checksum?: ImageChecksum;
}

/**
 * A profile's `image`: a path or URL, or Metal3's spec.image mapping
 * `{url, checksum, checksumType}` where checksum is a hex digest or the URL of a checksum
 * file. checksumType may be left out for a digest (its length says which) but not for a
 * checksum file. undefined when absent or wrong (every problem reported to `c`).
 */
export function parseImageSource(c: Checker, m: YamlMap, path: string, baseDir: string): ImageSource | undefined {
  const raw = m['image'];
  if (raw === undefined || raw === null) return undefined;
  if (!isMap(raw)) {
    const image = c.string(m, 'image', path);
    return image === undefined ? undefined : { image: resolveSource(baseDir, image) };
  }
  const where = `${path}.image`;
  const before = c.count;
  c.keys(raw, ['url', 'checksum', 'checksumType'], where, {
    format: 'kplay writes raw images only: give the raw image',
    disk_format: 'kplay writes raw images only: give the raw image',
  });
  const url = c.string(raw, 'url', where);
  if (raw['url'] == null) c.fail(`${where} needs url (the image's URL or path)`, c.at(m, 'image'));
  const checksum = parseChecksum(c, raw, where);
  if (url === undefined || c.count > before) return undefined;
  return { image: resolveSource(baseDir, url), ...(checksum ? { checksum } : {}) };
}

function parseChecksum(c: Checker, raw: YamlMap, where: string): ImageChecksum | undefined {
  // An all-digit digest (or digits and one 'e') is a number to YAML, its digits lost.
  if (typeof raw['checksum'] === 'number') return void c.fail(`${where}.checksum was read as a number: quote the digest ("...")`, c.at(raw, 'checksum'));
  const value = c.string(raw, 'checksum', where);
  const type = c.choice(raw, 'checksumType', where, CHECKSUM_TYPES);
  if (value === undefined) {
    if (raw['checksum'] == null && raw['checksumType'] != null) c.fail(`${where}.checksumType needs checksum (a hex digest or the URL of a checksum file)`, c.at(raw, 'checksumType'));
    return undefined;
  }
  const pos = c.at(raw, 'checksum');
  const v = value.trim();
  if (isUrl(v)) {
    if (!HTTP_URL.test(v)) return void c.fail(`${where}.checksum '${v}' is no http:// or https:// URL of a checksum file (without spaces or '$')`, pos);
    if (raw['checksumType'] == null) return void c.fail(`${where}.checksum is a checksum file: name its checksumType (${CHECKSUM_TYPES.join(', ')})`, pos);
    return type === undefined ? undefined : { type, value: v };
  }
  if (!HEX.test(v)) return void c.fail(`${where}.checksum must be a hex digest or the URL of a checksum file`, pos);
  const byLength = CHECKSUM_TYPES.find((t) => HEX_LENGTH[t] === v.length);
  if (type !== undefined && HEX_LENGTH[type] !== v.length) {
    return void c.fail(`${where}.checksum has ${v.length} hex digits: a ${type} digest has ${HEX_LENGTH[type]}`, pos);
  }
  const t = type ?? byLength;
  if (t === undefined) {
    if (raw['checksumType'] == null) c.fail(`${where}.checksum has ${v.length} hex digits: no md5 (32), sha256 (64) or sha512 (128) digest`, pos);
    return undefined;
  }
  return { type: t, value: v.toLowerCase() };
}
