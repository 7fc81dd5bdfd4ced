/**
 * The few Python string behaviours the facts collectors rely on, spelled the way
 * Python spells them so the ports below read like Ansible's code.
 */

const PY_WS = ' \t\n\r\v\f\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, '\\$&');
}

const WS_RUN = new RegExp(`[${escapeClass(PY_WS)}]+`);
const WS_LEAD = new RegExp(`^[${escapeClass(PY_WS)}]+`);

/** str.strip([chars]) */
export function strip(s: string, chars: string = PY_WS): string {
  const c = escapeClass(chars);
  return s.replace(new RegExp(`^[${c}]+|[${c}]+$`, 'g'), '');
}

export function rstrip(s: string, chars: string = PY_WS): string {
  return s.replace(new RegExp(`[${escapeClass(chars)}]+$`), '');
}

/** str.split() with no separator: runs of whitespace, no empty fields. */
export function splitWs(s: string): string[] {
  return s.split(WS_RUN).filter((x) => x.length > 0);
}

/** str.rsplit(None, 1) */
export function rsplitWs1(s: string): string[] {
  const t = rstrip(s);
  const m = new RegExp(`[${escapeClass(PY_WS)}]+(?=[^${escapeClass(PY_WS)}]+$)`).exec(t);
  if (!m) return t.length ? [t.replace(WS_LEAD, '')] : [];
  const left = t.slice(0, m.index);
  const last = t.slice(m.index + m[0].length);
  return left.replace(WS_LEAD, '').length ? [left, last] : [last];
}

/** str.split(sep, maxsplit) */
export function splitSep(s: string, sep: string, maxsplit = -1): string[] {
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}

/** str.splitlines() */
export function splitlines(s: string): string[] {
  const out = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** Ansible's get_file_content: stripped, and empty counts as absent. */
export function fileContent(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const s = strip(raw);
  return s.length ? s : undefined;
}

/** Ansible's get_file_lines. */
export function fileLines(raw: string | undefined, lineSep?: string): string[] {
  const data = fileContent(raw);
  if (!data) return [];
  if (lineSep === undefined) return splitlines(data);
  return lineSep.length === 1 ? rstrip(data, lineSep).split(lineSep) : data.split(lineSep);
}

/** int(s) as Python parses it (surrounding whitespace allowed, underscores between digits). */
export function pyInt(s: string, base = 10): number {
  const t = strip(s).replace(/(?<=[0-9a-fA-F])_(?=[0-9a-fA-F])/g, '');
  const re = base === 16 ? /^[+-]?(0[xX])?[0-9a-fA-F]+$/ : /^[+-]?\d+$/;
  if (!re.test(t)) throw new Error(`invalid literal for int() with base ${base}: '${s}'`);
  return base === 16 ? parseInt(t, 16) : parseInt(t, 10);
}

/** float(s) */
export function pyFloat(s: string): number {
  const t = strip(s);
  if (!/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf(inity)?|nan)$/i.test(t)) throw new Error(`could not convert string to float: '${s}'`);
  const n = Number(t.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
  return Number.isNaN(n) && !/nan/i.test(t) ? NaN : n;
}

/** str.capitalize() */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

/** '%.{digits}f' % x: exact value of the double, ties to even (JavaScript's toFixed rounds ties up). */
export function pyFixed(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  // value = mant * 2^exp; scaled = value * 10^digits, rounded half to even
  let num = mant * 10n ** BigInt(digits);
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  let q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  let s = q.toString().padStart(digits + 1, '0');
  if (digits > 0) s = `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return (neg ? '-' : '') + s;
}

/** Ansible's bytes_to_human (module_utils.common.text.formatters). */
export function bytesToHuman(size: number): string {
  const ranges: Array<[string, number]> = [
    ['Y', 2 ** 80], ['Z', 2 ** 70], ['E', 2 ** 60], ['P', 2 ** 50],
    ['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10], ['B', 1],
  ];
  let suffix = 'B';
  let limit = 1;
  for ([suffix, limit] of ranges) if (size >= limit) break;
  return `${pyFixed(size / limit)} ${limit !== 1 ? `${suffix}B` : 'Bytes'}`;
}
