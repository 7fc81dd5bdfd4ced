/**
 * Host ranges as inventory plugins expand them (ansible/plugins/inventory/__init__.py):
 * `web[01:20].example.com`, `db-[a:f]`, `n[1:10:2]`, several ranges in one name.
 */
import { parseAddress } from './address.js';

export class HostRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostRangeError';
  }
}

const ASCII_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Python's int() on text, the way range bounds and steps are read. */
function pyInt(s: string): number {
  const t = s.trim();
  if (!/^[-+]?[0-9](?:_?[0-9])*$/.test(t)) throw new HostRangeError(`invalid literal for int() with base 10: '${s}'`);
  return parseInt(t.replace(/_/g, ''), 10);
}

export function expandHostnameRange(line: string): string[] {
  if (!line) return [];
  const parts = line.replace('[', '|').replace(']', '|').split('|');
  if (parts.length !== 3) {
    throw new HostRangeError(
      parts.length > 3 ? 'too many values to unpack (expected 3)' : `not enough values to unpack (expected 3, got ${parts.length})`,
    );
  }
  const [head, nrange, tail] = parts as [string, string, string];
  const bounds = nrange.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new HostRangeError('host range must be begin:end or begin:end:step');
  const beg = bounds[0] || '0';
  const end = bounds[1]!;
  const step = bounds.length === 2 ? 1 : pyInt(bounds[2]!);
  if (!end) throw new HostRangeError('host range must specify end value');
  let fill = (x: string | number): string => String(x);
  if (beg[0] === '0' && beg.length > 1) {
    if (beg.length !== end.length) throw new HostRangeError('host range must specify equal-length begin and end formats');
    fill = (x) => zfill(String(x), beg.length);
  }
  const seq = rangeSequence(beg, end, step);
  const out: string[] = [];
  for (const item of seq) {
    const name = head + fill(item) + tail;
    if (name.includes('[')) out.push(...expandHostnameRange(name));
    else out.push(name);
  }
  return out;
}

function rangeSequence(beg: string, end: string, step: number): Array<string | number> {
  // str.index finds substrings: Ansible's alphabetic ranges run over a-z then A-Z
  const iBeg = ASCII_LETTERS.indexOf(beg);
  const iEnd = iBeg < 0 ? -1 : ASCII_LETTERS.indexOf(end);
  if (iBeg >= 0 && iEnd >= 0) {
    if (iBeg > iEnd) throw new HostRangeError('host range must have begin <= end');
    if (step === 0) throw new HostRangeError('slice step cannot be zero');
    const out: string[] = [];
    if (step > 0) for (let i = iBeg; i <= iEnd; i += step) out.push(ASCII_LETTERS[i]!);
    return out;
  }
  const b = pyInt(beg);
  const e = pyInt(end) + 1;
  if (step === 0) throw new HostRangeError('range() arg 3 must not be zero');
  const out: number[] = [];
  if (step > 0) for (let i = b; i < e; i += step) out.push(i);
  else for (let i = b; i > e; i += step) out.push(i);
  return out;
}

/** Python's str.zfill: pads with zeros after any sign. */
function zfill(s: string, width: number): string {
  if (s.length >= width) return s;
  const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
  return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
}

/** BaseInventoryPlugin._expand_hostpattern: host names and the port that applies to all of them. */
export function expandHostPattern(hostpattern: string): { hostnames: string[]; port: number | undefined } {
  let pattern = hostpattern;
  let port: number | undefined;
  try {
    const parsed = parseAddress(hostpattern, true);
    pattern = parsed.host;
    port = parsed.port;
  } catch {
    pattern = hostpattern;
    port = undefined;
  }
  const hostnames = pattern.includes('[') ? expandHostnameRange(pattern) : [pattern];
  return { hostnames, port };
}
