/*
 * Python's ast.literal_eval, as Ansible applies it to rendered text that looks like a list,
 * dict or bool (ansible_eval_concat), with JSON's true/false/null accepted too.
 */
import { PyFloat, tuple } from './values.js';

export class LiteralError extends Error {}

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
  '\n': '',
};

/** The "unicode-escape" codec: Python's backslash escapes; unknown ones keep their backslash. */
export function unicodeEscape(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      if (c === '\\') throw new LiteralError('\\ at end of string');
      out += c;
      continue;
    }
    const n = s[i + 1]!;
    if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
      i++;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(m, 8));
      i += m.length;
    } else if (n === 'x' || n === 'u' || n === 'U') {
      const size = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + size);
      if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(hex)) throw new LiteralError(`truncated \\${n} escape`);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + size;
    } else {
      out += '\\' + n;
      i++;
    }
  }
  return out;
}

const NAMES: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, null: null };

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    for (;;) {
      const m = /^(?:[ \t\r\n\f]+|#[^\n]*|\\\n)/.exec(this.s.slice(this.i));
      if (!m) return;
      this.i += m[0].length;
    }
  }

  peek(): string {
    this.ws();
    return this.s[this.i] ?? '';
  }

  eat(ch: string): boolean {
    if (this.peek() === ch) {
      this.i++;
      return true;
    }
    return false;
  }

  expect(ch: string): void {
    if (!this.eat(ch)) throw new LiteralError(`expected ${ch}`);
  }

  value(): unknown {
    const c = this.peek();
    if (c === '[') return this.seq('[', ']');
    if (c === '(') return this.seq('(', ')');
    if (c === '{') return this.dictOrSet();
    if (c === '-' || c === '+') {
      this.i++;
      const v = this.value();
      const n = v instanceof PyFloat ? v.value : v;
      if (typeof n !== 'number') throw new LiteralError('bad operand');
      const r = c === '-' ? -n : n;
      return v instanceof PyFloat ? new PyFloat(r) : r;
    }
    const rest = this.s.slice(this.i);
    const str = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(rest);
    if (str) return this.strings();
    const number = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?\.?)(?![\w.])/.exec(rest);
    if (number && /\d/.test(number[0])) {
      this.i += number[0].length;
      return parseNumber(number[0].replace(/_/g, ''));
    }
    const name = /^[A-Za-z_]\w*/.exec(rest);
    if (name && name[0] in NAMES) {
      this.i += name[0].length;
      return NAMES[name[0]];
    }
    throw new LiteralError(`malformed node or string`);
  }

  strings(): string {
    let out = '';
    for (;;) {
      this.ws();
      const m = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(this.s.slice(this.i));
      if (!m) return out;
      const raw = /[rR]/.test(m[1]!);
      const q = m[2]!;
      let j = this.i + m[0].length;
      let body = '';
      for (;;) {
        if (j >= this.s.length) throw new LiteralError('unterminated string');
        if (this.s.startsWith(q, j)) break;
        const ch = this.s[j]!;
        if (ch === '\n' && q.length === 1) throw new LiteralError('EOL while scanning string literal');
        if (ch === '\\') {
          body += this.s.slice(j, j + 2);
          j += 2;
        } else {
          body += ch;
          j++;
        }
      }
      this.i = j + q.length;
      out += raw ? body : unicodeEscape(body);
    }
  }

  seq(open: string, close: string): unknown {
    this.expect(open);
    const items: unknown[] = [];
    let sawComma = false;
    while (!this.eat(close)) {
      items.push(this.value());
      if (this.eat(',')) sawComma = true;
      else {
        this.expect(close);
        break;
      }
    }
    if (open === '(') {
      if (items.length === 1 && !sawComma) return items[0];
      return tuple(items);
    }
    return items;
  }

  dictOrSet(): unknown {
    this.expect('{');
    const out: Record<string, unknown> = {};
    const set: unknown[] = [];
    let isSet = false;
    let first = true;
    while (!this.eat('}')) {
      const k = this.value();
      if (first && this.peek() !== ':') isSet = true;
      first = false;
      if (isSet) set.push(k);
      else {
        this.expect(':');
        if (k !== null && typeof k === 'object' && !(k instanceof PyFloat)) throw new LiteralError('unhashable key');
        out[keyOf(k)] = this.value();
      }
      if (!this.eat(',')) {
        this.expect('}');
        break;
      }
    }
    return isSet ? set : out;
  }
}

function keyOf(k: unknown): string {
  if (k === null) return 'None';
  if (typeof k === 'boolean') return k ? 'True' : 'False';
  if (k instanceof PyFloat) return String(k.value);
  return String(k);
}

function parseNumber(t: string): number | PyFloat {
  if (/^0[xX]/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2);
  if (/[.eE]/.test(t)) {
    const f = parseFloat(t.endsWith('.') ? t + '0' : t);
    return Number.isInteger(f) ? new PyFloat(f) : f;
  }
  if (/^0\d/.test(t) && /[1-9]/.test(t)) throw new LiteralError('leading zeros in decimal integer literals are not permitted');
  return parseInt(t, 10);
}

/** ast.literal_eval(ast.parse(text, mode='eval')), or a LiteralError. */
export function literalEval(text: string): unknown {
  if (/^[ \t]/.test(text)) throw new LiteralError('unexpected indent');
  const r = new Reader(text);
  const v = r.value();
  r.ws();
  if (r.i < text.length) throw new LiteralError('invalid syntax');
  return v;
}
