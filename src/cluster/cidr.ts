import { isIP } from 'node:net';

/** An IPv4 or IPv6 network in CIDR notation, as a bigint range for overlap checks. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

function ipToBigInt(ip: string, family: 4 | 6): bigint {
  if (family === 4) return ip.split('.').reduce((n, part) => (n << 8n) + BigInt(Number(part)), 0n);
  const [head = '', tail = ''] = ip.includes('::') ? ip.split('::') : [ip, ''];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

/** Parses `10.244.0.0/16`; undefined when it is not a CIDR (host bits set are accepted, as kubeadm does). */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const family = isIP(m[1] ?? '');
  if (family !== 4 && family !== 6) return undefined;
  const bits = family === 4 ? 32 : 128;
  const prefix = Number(m[2]);
  if (prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const first = (ipToBigInt(m[1] ?? '', family) / size) * size;
  return { family, first, last: first + size - 1n };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}
