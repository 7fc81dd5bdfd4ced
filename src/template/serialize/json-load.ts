/* Python's json.loads: floats stay floats (1.0), NaN/Infinity accepted, errors as ValueError. */
import { PyError } from '../py/errors.js';
import { PyFloat } from '../py/values.js';

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  fail(msg: string): never {
    const before = this.s.slice(0, this.i);
    const line = before.split('\n').length;
    const col = this.i - before.lastIndexOf('\n');
    throw new PyError('JSONDecodeError', `${msg}: line ${line} column ${col} (char ${this.i})`);
  }

  ws(): void {
    while (/[ \t\n\r]/.test(this.s[this.i] ?? '')) this.i++;
  }

  value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [lit, v] of [['true', true], ['false', false], ['null', null], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]] as const) {
      if (this.s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return v;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) this.fail('Expecting value');
    this.i += m[0].length;
    const n = Number(m[0]);
    return m[1] !== undefined || m[2] !== undefined ? (Number.isInteger(n) ? new PyFloat(n) : n) : n;
  }

  string(): string {
    const start = this.i;
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) {
        this.i = start;
        this.fail('Unterminated string starting at');
      }
      if (c === '"') break;
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === 'u') {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
          continue;
        }
        if (e === undefined || !(e in map)) this.fail('Invalid \\escape');
        out += map[e];
        this.i += 2;
        continue;
      }
      if (c < ' ') this.fail('Invalid control character at');
      out += c;
      this.i++;
    }
    this.i++;
    return out;
  }

  array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') {
        this.i--;
        this.fail("Expecting ',' delimiter");
      }
    }
  }

  object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('Expecting property name enclosed in double quotes');
      const k = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') {
        this.i--;
        this.fail("Expecting ':' delimiter");
      }
      out[k] = this.value();
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') {
        this.i--;
        this.fail("Expecting ',' delimiter");
      }
    }
  }
}

export function jsonLoads(text: string): unknown {
  const r = new Reader(text);
  const v = r.value();
  r.ws();
  if (r.i < text.length) r.fail('Extra data');
  return v;
}
