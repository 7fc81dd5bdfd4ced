/**
 * Python's `ast.literal_eval` (3.11) for the values of INI inventories, which Ansible's
 * INI plugin passes through it: `5` -> 5, `[1,2]` -> [1, 2], `'x'` -> "x", `True` -> true,
 * `1, 2` -> [1, 2] (a tuple). Anything that is no literal stays the text it was.
 *
 * Values map to JS as Ansible's JSON output shows them: tuples and sets become arrays,
 * bytes become text, dict keys become strings the way json.dumps writes them.
 */
import { parsePyString, PySyntaxError } from './py-string.js';
import { NotLiteral, tokenize, type Tok } from './py-tokenize.js';

/** A literal_eval error other than SyntaxError/ValueError: Ansible lets it fail the source. */
export class PyLiteralTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PyLiteralTypeError';
  }
}

interface Lit {
  value: unknown;
  /** Python type name, for hashability and key conversion. */
  type: 'int' | 'float' | 'complex' | 'str' | 'bytes' | 'bool' | 'None' | 'tuple' | 'list' | 'dict' | 'set';
  hashable: boolean;
  /** What literal_eval lets a sign apply to: a bare number constant. */
  node?: 'num' | 'signed';
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.pos]!;
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private expectOp(text: string): void {
    if (!this.isOp(text)) throw new PySyntaxError('invalid syntax');
    this.pos++;
  }

  /** eval mode: an expression, or a bare tuple `1, 2`. */
  top(): Lit {
    const first = this.expr();
    let result = first;
    if (this.isOp(',')) {
      const items = [first];
      while (this.isOp(',')) {
        this.pos++;
        if (this.peek().kind === 'end') break;
        items.push(this.expr());
      }
      result = tuple(items);
    }
    if (this.peek().kind !== 'end') throw new PySyntaxError('invalid syntax');
    return result;
  }

  private expr(): Lit {
    const t = this.peek();
    let lit: Lit;
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.pos++;
      const operand = this.atom();
      // literal_eval allows a sign only directly on a number constant
      if (operand.node !== 'num') throw new NotLiteral('sign');
      const v = operand.value as number;
      lit = { type: operand.type, hashable: true, value: t.text === '-' ? -v : v, node: 'signed' };
    } else {
      lit = this.atom();
    }
    // `1+2j` is the one binary operation literal_eval accepts; kplay has no complex type
    if (this.isOp('+') || this.isOp('-')) throw new NotLiteral('binop');
    return lit;
  }

  private atom(): Lit {
    const t = this.peek();
    this.pos++;
    if (t.kind === 'num') return parseNumber(t.text);
    if (t.kind === 'str') {
      const parts = [parsePyString(t.text)];
      for (let n = this.peek(); n.kind === 'str'; n = this.peek()) {
        parts.push(parsePyString(n.text));
        this.pos++;
      }
      const bytes = parts.map((p) => p.bytes);
      if (bytes.some((b) => b) && !bytes.every((b) => b)) throw new PySyntaxError('cannot mix bytes and nonbytes literals');
      if (parts.some((p) => p.fstring)) throw new NotLiteral('f-string');
      return { value: parts.map((p) => p.value).join(''), type: bytes[0] ? 'bytes' : 'str', hashable: true };
    }
    if (t.kind === 'name') {
      if (t.text === 'True') return { value: true, type: 'bool', hashable: true };
      if (t.text === 'False') return { value: false, type: 'bool', hashable: true };
      if (t.text === 'None') return { value: null, type: 'None', hashable: true };
      if (t.text === 'set' && this.isOp('(')) {
        this.pos++;
        this.expectOp(')');
        return { value: [], type: 'set', hashable: false };
      }
      throw new NotLiteral(t.text);
    }
    if (t.kind === 'op') {
      if (t.text === '(') return this.paren();
      if (t.text === '[') return this.list();
      if (t.text === '{') return this.brace();
    }
    throw new PySyntaxError('invalid syntax');
  }

  private paren(): Lit {
    if (this.isOp(')')) {
      this.pos++;
      return tuple([]);
    }
    const first = this.expr();
    if (this.isOp(')')) {
      this.pos++;
      return first;
    }
    const items = [first];
    while (this.isOp(',')) {
      this.pos++;
      if (this.isOp(')')) break;
      items.push(this.expr());
    }
    this.expectOp(')');
    return tuple(items);
  }

  private list(): Lit {
    const items = this.items(']');
    return { value: items.map((i) => i.value), type: 'list', hashable: false };
  }

  private items(close: string): Lit[] {
    const items: Lit[] = [];
    while (!this.isOp(close)) {
      items.push(this.expr());
      if (this.isOp(',')) this.pos++;
      else if (!this.isOp(close)) throw new PySyntaxError('invalid syntax');
    }
    this.pos++;
    return items;
  }

  private brace(): Lit {
    if (this.isOp('}')) {
      this.pos++;
      return { value: {}, type: 'dict', hashable: false };
    }
    const first = this.expr();
    if (!this.isOp(':')) {
      const rest = this.isOp(',') ? (this.pos++, this.items('}')) : (this.expectOp('}'), []);
      const all = [first, ...rest];
      for (const e of all) if (!e.hashable) throw new PyLiteralTypeError(`unhashable type: '${e.type}'`);
      return { value: dedupe(all), type: 'set', hashable: false };
    }
    const out: Record<string, unknown> = {};
    // Python keeps the first of equal keys (1, 1.0 and True are one key) and the last value
    const keyOf = new Map<string, string>();
    let key = first;
    for (;;) {
      this.expectOp(':');
      const value = this.expr();
      if (!key.hashable) throw new PyLiteralTypeError(`unhashable type: '${key.type}'`);
      const identity = keyIdentity(key);
      const name = keyOf.get(identity) ?? keyString(key);
      keyOf.set(identity, name);
      out[name] = value.value;
      if (this.isOp(',')) this.pos++;
      if (this.isOp('}')) {
        this.pos++;
        return { value: out, type: 'dict', hashable: false };
      }
      key = this.expr();
    }
  }
}

function keyIdentity(key: Lit): string {
  if (key.type === 'bool' || key.type === 'int' || key.type === 'float') return `n:${Number(key.value)}`;
  return `${key.type}:${JSON.stringify(key.value)}`;
}

const tuples = new WeakSet<unknown[]>();

/** Whether an array came from a Python tuple (repr writes it with parentheses). */
export function isPyTuple(v: unknown): boolean {
  return Array.isArray(v) && tuples.has(v);
}

function tuple(items: Lit[]): Lit {
  const value = items.map((i) => i.value);
  tuples.add(value);
  return { value, type: 'tuple', hashable: items.every((i) => i.hashable) };
}

function dedupe(items: Lit[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const i of items) {
    const k = JSON.stringify(i.value);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(i.value);
    }
  }
  return out;
}

/** json.dumps's rendering of a non-string dict key. */
function keyString(key: Lit): string {
  switch (key.type) {
    case 'str':
    case 'bytes':
      return key.value as string;
    case 'bool':
      return key.value ? 'true' : 'false';
    case 'None':
      return 'null';
    case 'float':
      return pyFloatRepr(key.value as number);
    default:
      return String(key.value);
  }
}

export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return n.toFixed(1);
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function parseNumber(text: string): Lit {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) throw new NotLiteral('complex');
  if (/^0[xX]/.test(t)) return { value: parseInt(t.slice(2), 16), type: 'int', hashable: true, node: 'num' };
  if (/^0[oO]/.test(t)) return { value: parseInt(t.slice(2), 8), type: 'int', hashable: true, node: 'num' };
  if (/^0[bB]/.test(t)) return { value: parseInt(t.slice(2), 2), type: 'int', hashable: true, node: 'num' };
  if (/[.eE]/.test(t)) return { value: parseFloat(t), type: 'float', hashable: true, node: 'num' };
  return { value: parseInt(t, 10), type: 'int', hashable: true, node: 'num' };
}

export type LiteralResult = { ok: true; value: unknown } | { ok: false };

/** ast.literal_eval(text): the value, or `ok: false` where Python raises SyntaxError/ValueError. */
export function literalEval(text: string): LiteralResult {
  try {
    const src = text.replace(/^[ \t]+/, '');
    const lit = new Parser(tokenize(src)).top();
    return { ok: true, value: lit.value };
  } catch (e) {
    if (e instanceof PyLiteralTypeError) throw e;
    if (e instanceof PySyntaxError || e instanceof NotLiteral) return { ok: false };
    throw e;
  }
}

const PLAIN_INT = /^(?:0|[1-9][0-9]{0,14})$/;
const PY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_LED = /^([A-Za-z_][A-Za-z0-9_]*)(?=[^A-Za-z0-9_'"])/;
/** Dotted numbers (addresses, versions) and paths: always a SyntaxError for literal_eval. */
const NEVER_LITERAL = /^(?:[0-9]+(?:\.[0-9]+){2,}|\/[^'"]*)$/;

/**
 * The common INI values decided without the tokenizer (thousands of hosts make its
 * exceptions the hot spot): small decimal ints, bare names (not literals unless
 * True/False/None), text led by such a name (`SN-0001`, `web-01`), dotted numbers and
 * absolute paths (syntax errors).
 */
function quickIniValue(text: string): { value: unknown } | undefined {
  if (PLAIN_INT.test(text)) return { value: Number(text) };
  if (PY_NAME.test(text)) {
    if (text === 'True') return { value: true };
    if (text === 'False') return { value: false };
    if (text === 'None') return { value: null };
    return { value: text };
  }
  if (NEVER_LITERAL.test(text)) return { value: text };
  // led by a name that is no literal (nor a string prefix): a Name node or a SyntaxError
  const lead = NAME_LED.exec(text);
  if (lead && lead[1] !== 'True' && lead[1] !== 'False' && lead[1] !== 'None') return { value: text };
  return undefined;
}

/** The INI plugin's `_parse_value`: a literal where there is one, else the text itself. */
export function iniValue(text: string): unknown {
  const quick = quickIniValue(text);
  if (quick) return quick.value;
  const r = literalEval(text);
  return r.ok ? r.value : text;
}
