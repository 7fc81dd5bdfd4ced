/* Encodings, hashes, quoting and URLs (plugins/filter/core.py, urlsplit.py, urls.py). */
import { createHash, getHashes } from 'node:crypto';
import { PyError, valueError } from '../py/errors.js';
import type { FilterTable } from '../registry.js';
import { bind, text } from './support.js';

const UUID_NAMESPACE_ANSIBLE = '361E6D51-FAEC-444A-9079-341386DA8E2E';

function uuid5(namespace: string, name: string): string {
  const hex = namespace.replace(/[{}-]/g, '').replace(/^urn:uuid:/i, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw valueError('badly formed hexadecimal UUID string');
  const h = createHash('sha1').update(Buffer.from(hex, 'hex')).update(Buffer.from(name, 'utf8')).digest();
  const b = Buffer.from(h.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const s = b.toString('hex');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** shlex.quote */
export function shellQuote(s: string): string {
  if (!s) return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return "'" + s.replace(/'/g, `'"'"'`) + "'";
}

const HASHES: Record<string, string> = { sha1: 'sha1', md5: 'md5', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', blake2b: 'blake2b512', blake2s: 'blake2s256', sha3_256: 'sha3-256', sha3_512: 'sha3-512' };

function hash(data: string, type: string): string {
  const algo = HASHES[type.toLowerCase()] ?? type;
  if (!getHashes().includes(algo)) throw new PyError('AnsibleFilterError', `unsupported hash type ${type}`);
  return createHash(algo).update(Buffer.from(data, 'utf8')).digest('hex');
}

function b64decode(s: string): Buffer {
  const clean = s.replace(/[^A-Za-z0-9+/=]/g, '');
  const body = clean.replace(/=+$/, '');
  if (body.length % 4 === 1) throw new PyError('binascii.Error', `Invalid base64-encoded string: number of data characters (${body.length}) cannot be 1 more than a multiple of 4`);
  if (clean.length % 4 !== 0) throw new PyError('binascii.Error', 'Incorrect padding');
  return Buffer.from(clean, 'base64');
}

export interface UrlParts {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
  username: string | null;
  password: string | null;
  hostname: string | null;
  port: number | null;
}

/** urllib.parse.urlsplit */
export function urlsplit(url: string): UrlParts {
  let rest = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const m = /^\/\/([^/?#]*)/.exec(rest)!;
    netloc = m[1]!;
    rest = rest.slice(m[0].length);
  }
  let fragment = '';
  let query = '';
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) [rest, fragment] = [rest.slice(0, hashAt), rest.slice(hashAt + 1)];
  const q = rest.indexOf('?');
  if (q >= 0) [rest, query] = [rest.slice(0, q), rest.slice(q + 1)];
  const at = netloc.lastIndexOf('@');
  const userinfo = at >= 0 ? netloc.slice(0, at) : undefined;
  const hostport = at >= 0 ? netloc.slice(at + 1) : netloc;
  let username: string | null = null;
  let password: string | null = null;
  if (userinfo !== undefined) {
    const c = userinfo.indexOf(':');
    username = c >= 0 ? userinfo.slice(0, c) : userinfo;
    password = c >= 0 ? userinfo.slice(c + 1) : null;
  }
  let host: string;
  let portText: string | undefined;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    host = hostport.slice(1, end < 0 ? undefined : end);
    const after = end < 0 ? '' : hostport.slice(end + 1);
    portText = after.startsWith(':') ? after.slice(1) : undefined;
  } else {
    const c = hostport.indexOf(':');
    host = c >= 0 ? hostport.slice(0, c) : hostport;
    portText = c >= 0 ? hostport.slice(c + 1) : undefined;
  }
  let port: number | null = null;
  if (portText) {
    if (!/^\d+$/.test(portText)) throw valueError(`Port could not be cast to integer value as '${portText}'`);
    port = parseInt(portText, 10);
    if (port > 65535) throw valueError('Port out of range 0-65535');
  }
  return { scheme, netloc, path: rest, query, fragment, username, password, hostname: host ? host.toLowerCase() : null, port };
}

export const ENCODING_FILTERS: FilterTable = {
  b64encode: (_e, v, a, kw) => {
    bind('b64encode', a, kw, ['encoding']);
    return Buffer.from(text(v), 'utf8').toString('base64');
  },
  b64decode: (_e, v, a, kw) => {
    const [enc] = bind('b64decode', a, kw, ['encoding']);
    const buf = b64decode(text(v));
    const e = enc === undefined ? 'utf-8' : text(enc).toLowerCase();
    return buf.toString(e === 'utf-16-le' || e === 'utf-16le' ? 'utf16le' : e === 'latin-1' || e === 'latin1' ? 'latin1' : 'utf8');
  },
  hash: (_e, v, a, kw) => {
    const [type] = bind('hash', a, kw, ['hashtype']);
    return hash(text(v), type === undefined ? 'sha1' : text(type));
  },
  checksum: (_e, v) => hash(text(v), 'sha1'),
  sha1: (_e, v) => hash(text(v), 'sha1'),
  md5: (_e, v) => hash(text(v), 'md5'),
  to_uuid: (_e, v, a, kw) => {
    const [ns] = bind('to_uuid', a, kw, ['namespace']);
    try {
      return uuid5(ns === undefined ? UUID_NAMESPACE_ANSIBLE : text(ns), text(v));
    } catch (e) {
      throw new PyError('AnsibleFilterError', `Invalid value '${text(ns)}' for 'namespace': ${e instanceof Error ? e.message : String(e)}`);
    }
  },
  quote: (_e, v) => shellQuote(v === null ? '' : text(v)),
  urlsplit: (_e, v, a, kw) => {
    const [query] = bind('urlsplit', a, kw, ['query']);
    const parts = urlsplit(text(v)) as unknown as Record<string, unknown>;
    const sorted = Object.fromEntries(Object.keys(parts).sort().map((k) => [k, parts[k]]));
    if (query !== undefined && query !== '' && query !== null) {
      const q = text(query);
      if (!(q in sorted)) throw new PyError('AnsibleFilterError', `urlsplit: unknown URL component: ${q}`);
      return sorted[q];
    }
    return sorted;
  },
  urldecode: (_e, v) => decodeURIComponent(text(v).replace(/\+/g, ' ')),
};
