/*
 * Exact decimal rounding of doubles, half to even, as CPython's round() and float
 * formatting ('%.2f', '{:.1e}') do; JS's toFixed/toExponential round ties away from zero.
 */

/** |x| = digits / 10^scale exactly. */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const e = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const mant = e === 0 ? frac : frac | (1n << 52n);
  const exp = e === 0 ? -1074 : e - 1075;
  return exp < 0 ? { digits: mant * 5n ** BigInt(-exp), scale: -exp } : { digits: mant << BigInt(exp), scale: 0 };
}

/** digits / 10^shift rounded half to even. */
function divRound(digits: bigint, shift: number): bigint {
  if (shift <= 0) return digits * 10n ** BigInt(-shift);
  const div = 10n ** BigInt(shift);
  let q = digits / div;
  const twice = (digits % div) * 2n;
  if (twice > div || (twice === div && q % 2n === 1n)) q += 1n;
  return q;
}

/** The digits of |x| with `prec` decimals ('%.{prec}f' without the sign). */
export function fixedDigits(x: number, prec: number): string {
  const { digits, scale } = exactDecimal(x);
  const q = divRound(digits, scale - prec).toString().padStart(prec + 1, '0');
  return prec ? `${q.slice(0, -prec)}.${q.slice(-prec)}` : q;
}

/** |x| as d.ddd and a decimal exponent, `prec` digits after the point ('%.{prec}e'). */
export function expDigits(x: number, prec: number): { mantissa: string; exponent: number } {
  if (x === 0) return { mantissa: prec ? `0.${'0'.repeat(prec)}` : '0', exponent: 0 };
  const { digits, scale } = exactDecimal(x);
  const len = digits.toString().length;
  let exponent = len - 1 - scale;
  let q = divRound(digits, len - (prec + 1)).toString();
  if (q.length > prec + 1) {
    q = q.slice(0, prec + 1);
    exponent++;
  }
  return { mantissa: prec ? `${q[0]}.${q.slice(1)}` : q, exponent };
}

/** Python's round(x, n). */
export function pyRound(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const { digits: d, scale } = exactDecimal(x);
  if (scale - digits <= 0) return x;
  const q = divRound(d, scale - digits);
  return Number(`${x < 0 ? '-' : ''}${q}e${-digits}`);
}

/** '%.{prec}f' % x */
export function pyFixed(x: number, prec: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  return (x < 0 || Object.is(x, -0) ? '-' : '') + fixedDigits(x, prec);
}
