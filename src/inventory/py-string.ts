/** Python string literals (`'a\n'`, `r"x"`, `b'..'`, `u"..."`, triple quotes) as literal_eval reads them. */

export class PySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PySyntaxError';
  }
}

export interface PyString {
  value: string;
  bytes: boolean;
  fstring: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** `token` is one whole string token, prefix and quotes included. */
export function parsePyString(token: string): PyString {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(token);
  if (!m) throw new PySyntaxError('invalid string');
  const prefix = m[1]!.toLowerCase();
  const quote = m[2]!;
  const body = token.slice(m[0].length, token.length - quote.length);
  const raw = prefix.includes('r');
  const bytes = prefix.includes('b');
  const fstring = prefix.includes('f');
  if (bytes && /[^\x00-\x7f]/.test(body)) throw new PySyntaxError('bytes can only contain ASCII literal characters');
  const value = raw ? body : unescape(body, bytes);
  return { value, bytes, fstring };
}

function unescape(body: string, bytes: boolean): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[i + 1] ?? '';
    i++;
    if (n === '\n') continue;
    if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
    } else if (/[0-7]/.test(n)) {
      let digits = n;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
      out += String.fromCodePoint(parseInt(digits, 8));
    } else if (n === 'x') {
      out += String.fromCodePoint(hexDigits(body, i + 1, 2));
      i += 2;
    } else if (!bytes && n === 'u') {
      out += String.fromCodePoint(hexDigits(body, i + 1, 4));
      i += 4;
    } else if (!bytes && n === 'U') {
      const cp = hexDigits(body, i + 1, 8);
      if (cp > 0x10ffff) throw new PySyntaxError('illegal Unicode character');
      out += String.fromCodePoint(cp);
      i += 8;
    } else if (!bytes && n === 'N') {
      // \N{NAME} needs Unicode's name table; kplay does not carry it
      throw new PySyntaxError('unsupported \\N escape');
    } else {
      // unknown escapes stay as written (Python warns, keeps the backslash)
      out += '\\' + n;
    }
  }
  return out;
}

function hexDigits(body: string, start: number, count: number): number {
  const digits = body.slice(start, start + count);
  if (digits.length !== count || !/^[0-9a-fA-F]+$/.test(digits)) throw new PySyntaxError('truncated escape');
  return parseInt(digits, 16);
}
