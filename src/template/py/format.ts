/* Python's `str % args` and str.format(): the two ways roles format strings. */
import { PyError, typeError, valueError } from './errors.js';
import { expDigits, fixedDigits } from './numbers.js';
import { floatRepr, intRepr, pyRepr, pyStr } from './repr.js';
import { Undefined } from './undefined.js';
import { asStr, dictGet, isDict, isFloat, isNumber, isTuple, num, pyTypeName, MISSING } from './values.js';

interface Spec {
  flags: string;
  width: number;
  precision: number | undefined;
  type: string;
}

function pad(body: string, sign: string, spec: { width: number; left: boolean; zero: boolean; fill?: string; align?: string }): string {
  const total = sign.length + [...body].length;
  if (total >= spec.width) return sign + body;
  const n = spec.width - total;
  if (spec.zero && !spec.left) return sign + '0'.repeat(n) + body;
  const fill = spec.fill ?? ' ';
  const align = spec.align ?? (spec.left ? '<' : '>');
  if (align === '<') return sign + body + fill.repeat(n);
  if (align === '^') return fill.repeat(Math.floor(n / 2)) + sign + body + fill.repeat(n - Math.floor(n / 2));
  if (align === '=') return sign + fill.repeat(n) + body;
  return fill.repeat(n) + sign + body;
}

function expo(x: number, prec: number, upper: boolean): string {
  const { mantissa, exponent } = expDigits(x, prec);
  const s = `${x < 0 ? '-' : ''}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return upper ? s.toUpperCase() : s;
}

/** %g / {:g}: fixed or exponential by magnitude, trailing zeros dropped unless `alt`. */
function general(x: number, prec: number, upper: boolean, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (!Number.isFinite(x)) return special(x, upper);
  const exp = expDigits(x, p - 1).exponent;
  let s: string;
  if (exp >= -4 && exp < p) {
    s = (x < 0 ? '-' : '') + fixedDigits(x, Math.max(0, p - 1 - exp));
    if (!alt && s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  } else {
    s = expo(x, p - 1, upper);
    if (!alt) s = s.replace(/\.?0+e/, 'e').replace(/\.?0+E/, 'E');
  }
  return s;
}

function special(x: number, upper: boolean): string {
  const s = Number.isNaN(x) ? 'nan' : 'inf';
  return upper ? s.toUpperCase() : s;
}

function fixed(x: number, prec: number, upper: boolean): string {
  if (!Number.isFinite(x)) return special(x, upper);
  return (x < 0 ? '-' : '') + fixedDigits(x, prec);
}

function groupDigits(s: string, sep: string): string {
  const [i = '', f] = s.split('.');
  const g = i.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return f === undefined ? g : `${g}.${f}`;
}

/** The digits (no sign) of a number converted by `type`. */
function numberBody(x: number, type: string, prec: number | undefined, alt: boolean, float: boolean): string {
  const a = Math.abs(x);
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
    case 'n':
      return intRepr(Math.trunc(a));
    case 'o':
      return (alt ? '0o' : '') + Math.trunc(a).toString(8);
    case 'x':
      return (alt ? '0x' : '') + Math.trunc(a).toString(16);
    case 'X':
      return (alt ? '0X' : '') + Math.trunc(a).toString(16).toUpperCase();
    case 'b':
      return (alt ? '0b' : '') + Math.trunc(a).toString(2);
    case 'e':
    case 'E':
      return Number.isFinite(a) ? expo(a, prec ?? 6, type === 'E') : special(a, type === 'E');
    case 'f':
    case 'F':
      return fixed(a, prec ?? 6, type === 'F');
    case 'g':
    case 'G':
      return general(a, prec ?? 6, type === 'G', alt);
    case '%':
      return fixed(a * 100, prec ?? 6, false) + '%';
    default:
      if (prec !== undefined) {
        const s = general(a, prec, false, alt);
        return /[.e]|inf|nan/.test(s) ? s : float ? `${s}.0` : s;
      }
      return float ? floatRepr(a) : intRepr(a);
  }
}

function signOf(x: number, flag: string): string {
  if (x < 0 || Object.is(x, -0)) return '-';
  return flag === '+' ? '+' : flag === ' ' ? ' ' : '';
}

function percentOne(v: unknown, spec: Spec): string {
  if (v instanceof Undefined) v.fail();
  const left = spec.flags.includes('-');
  const zero = spec.flags.includes('0');
  const t = spec.type;
  if (t === 's' || t === 'r' || t === 'a') {
    let s = t === 's' ? pyStr(v) : pyRepr(v);
    if (spec.precision !== undefined) s = [...s].slice(0, spec.precision).join('');
    return pad(s, '', { width: spec.width, left, zero: false });
  }
  if (t === 'c') {
    const s = asStr(v) ?? (typeof v === 'number' ? String.fromCodePoint(v) : undefined);
    if (s === undefined || [...s].length !== 1) throw typeError('%c requires int or char');
    return pad(s, '', { width: spec.width, left, zero: false });
  }
  if (!isNumber(v)) {
    const what = 'diu'.includes(t) ? 'a real number is required' : 'oxX'.includes(t) ? 'an integer is required' : 'must be real number';
    throw typeError(`${'eEfFgG'.includes(t) ? what : `%${t} format: ${what}`}, not ${pyTypeName(v)}`);
  }
  if ('oxX'.includes(t) && isFloat(v)) throw typeError(`%${t} format: an integer is required, not float`);
  const x = num(v);
  const sign = signOf(x, spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '');
  const body = numberBody(x, t, spec.precision, spec.flags.includes('#'), isFloat(v));
  return pad(body, sign, { width: spec.width, left, zero });
}

const PERCENT = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)?/gy;

/** `fmt % args`, Python's printf-style formatting. */
export function percentFormat(fmt: string, args: unknown): string {
  const positional = isTuple(args) ? (args as unknown[]) : [args];
  const mapping = !isTuple(args) && isDict(args) ? args : undefined;
  let next = 0;
  let out = '';
  let i = 0;
  let usedMapping = false;
  const take = (): unknown => {
    if (next >= positional.length) throw typeError('not enough arguments for format string');
    return positional[next++];
  };
  while (i < fmt.length) {
    const p = fmt.indexOf('%', i);
    if (p < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, p);
    PERCENT.lastIndex = p;
    const m = PERCENT.exec(fmt);
    const type = m?.[5];
    if (!m || type === undefined) throw valueError('incomplete format');
    i = PERCENT.lastIndex;
    if (type === '%' && m[1] === undefined) {
      out += '%';
      continue;
    }
    if (!'diouxXeEfFgGcrsa%'.includes(type)) {
      throw valueError(`unsupported format character '${type}' (0x${type.charCodeAt(0).toString(16)}) at index ${i - 1}`);
    }
    const width = m[3] === '*' ? Number(take()) : m[3] ? parseInt(m[3], 10) : 0;
    const precision = m[4] === '*' ? Number(take()) : m[4] !== undefined ? parseInt(m[4] || '0', 10) : undefined;
    let value: unknown;
    if (m[1] !== undefined) {
      if (!mapping) throw typeError('format requires a mapping');
      usedMapping = true;
      value = dictGet(mapping, m[1]);
      if (value === MISSING) throw new PyError('KeyError', pyRepr(m[1]));
    } else value = take();
    out += type === '%' ? '%' : percentOne(value, { flags: m[2] ?? '', width, precision, type });
  }
  // a list (anything subscriptable but a tuple) counts as a mapping argument for Python: no complaint
  if (!usedMapping && !mapping && !(Array.isArray(args) && !isTuple(args)) && next < positional.length) {
    throw typeError('not all arguments converted during string formatting');
  }
  return out;
}

const FORMAT_SPEC = /^(?:([\s\S])?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

/** format(value, spec): the format-spec mini-language of str.format(). */
export function formatValue(v: unknown, specText: string): string {
  if (v instanceof Undefined) v.fail();
  const m = FORMAT_SPEC.exec(specText);
  if (!m) throw valueError('Invalid format specifier');
  const [, fillCh, align, signFlag = '', alt, zero, widthS, grouping, precS, type = ''] = m;
  const width = widthS ? parseInt(widthS, 10) : 0;
  const precision = precS !== undefined ? parseInt(precS, 10) : undefined;
  const fill = fillCh ?? (zero && !align ? '0' : ' ');
  const s = asStr(v);
  if (s !== undefined || !isNumber(v) || (typeof v === 'boolean' && !type && !specText)) {
    if (type && type !== 's') throw valueError(`Unknown format code '${type}' for object of type '${pyTypeName(v)}'`);
    let body = pyStr(v);
    if (precision !== undefined) body = [...body].slice(0, precision).join('');
    return pad(body, '', { width, left: false, zero: false, fill, align: align ?? '<' });
  }
  if (type === 'c') return pad(String.fromCodePoint(num(v)), '', { width, left: false, zero: false, fill, align: align ?? '>' });
  if ('dnbxXo'.includes(type) && type && isFloat(v)) {
    throw valueError(`Unknown format code '${type}' for object of type 'float'`);
  }
  const x = num(v);
  let body = numberBody(x, type || '', precision, !!alt, isFloat(v));
  if (grouping) body = groupDigits(body, grouping);
  const sign = signOf(x, signFlag);
  return pad(body, sign, { width, left: false, zero: false, fill, align: align ?? (zero ? '=' : '>') });
}

type Getter = (obj: unknown, key: string | number, attr: boolean) => unknown;

/** str.format(*args, **kwargs). `get` looks up `.attr` and `[key]` parts of a field. */
export function strFormat(fmt: string, args: unknown[], kwargs: Record<string, unknown>, get: Getter): string {
  let out = '';
  let auto = 0;
  const re = /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}|[{}]/g;
  let last = 0;
  for (let m = re.exec(fmt); m; m = re.exec(fmt)) {
    out += fmt.slice(last, m.index);
    last = re.lastIndex;
    if (m[0] === '{{') out += '{';
    else if (m[0] === '}}') out += '}';
    else if (m[0] === '{' || m[0] === '}') throw valueError(`Single '${m[0]}' encountered in format string`);
    else {
      const field = m[1] ?? '';
      const head = /^[^.[]*/.exec(field)?.[0] ?? '';
      let value: unknown;
      if (head === '') value = args[auto++];
      else if (/^\d+$/.test(head)) value = args[parseInt(head, 10)];
      else value = Object.prototype.hasOwnProperty.call(kwargs, head) ? kwargs[head] : MISSING;
      if (value === undefined) throw new PyError('IndexError', 'Replacement index out of range for positional args tuple');
      if (value === MISSING) throw new PyError('KeyError', pyRepr(head));
      const rest = field.slice(head.length);
      for (const part of rest.matchAll(/\.([^.[]+)|\[([^\]]+)\]/g)) {
        if (part[1] !== undefined) value = get(value, part[1], true);
        else if (part[2] !== undefined) value = get(value, /^\d+$/.test(part[2]) ? parseInt(part[2], 10) : part[2], false);
      }
      if (m[2] === 'r' || m[2] === 'a') value = pyRepr(value);
      else if (m[2] === 's') value = pyStr(value);
      out += formatValue(value, m[3] ?? '');
    }
  }
  return out + fmt.slice(last);
}
