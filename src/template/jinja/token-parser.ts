/*
 * The token side of kplay's Jinja2 parser over nunjucks' lexer: a pushback stack (Jinja
 * looks two tokens ahead), Jinja's token names, and its atoms: names and True/False/None,
 * adjacent strings, numbers, (tuples), [lists] and {dicts}.
 */
import { lexer, NjParser, type NjAny } from './nunjucks.js';
import { Const, DictNode, ListNode, Name, TupleNode } from './nodes.js';

const T = {
  string: lexer.TOKEN_STRING as string,
  ws: lexer.TOKEN_WHITESPACE as string,
  lparen: lexer.TOKEN_LEFT_PAREN as string,
  rparen: lexer.TOKEN_RIGHT_PAREN as string,
  lbracket: lexer.TOKEN_LEFT_BRACKET as string,
  rbracket: lexer.TOKEN_RIGHT_BRACKET as string,
  lcurly: lexer.TOKEN_LEFT_CURLY as string,
  rcurly: lexer.TOKEN_RIGHT_CURLY as string,
  op: lexer.TOKEN_OPERATOR as string,
  comma: lexer.TOKEN_COMMA as string,
  colon: lexer.TOKEN_COLON as string,
  tilde: lexer.TOKEN_TILDE as string,
  pipe: lexer.TOKEN_PIPE as string,
  int: lexer.TOKEN_INT as string,
  float: lexer.TOKEN_FLOAT as string,
  bool: lexer.TOKEN_BOOLEAN as string,
  none: lexer.TOKEN_NONE as string,
  symbol: lexer.TOKEN_SYMBOL as string,
};

const NAME_TYPES = new Set([T.symbol, T.bool, T.none]);

/** jinja2.lexer.describe_token: names by value, other tokens by their kind. */
const DESCRIBE: Record<string, string> = {
  'variable-end': 'end of print statement',
  'block-end': 'end of statement block',
  'variable-start': 'begin of print statement',
  'block-start': 'begin of statement block',
  int: 'integer',
  float: 'float',
  string: 'string',
  data: 'template data / text',
};

export { T as TOKENS };

export abstract class TokenParser extends (NjParser as new (...args: NjAny[]) => NjAny) {
  /** A stack of pushed-back tokens (nunjucks keeps only one). */
  private buf: NjAny[] = [];

  nextToken(withWhitespace?: boolean): NjAny {
    this.buf ??= [];
    for (;;) {
      const tok = this.buf.length ? this.buf.pop() : this.tokens.nextToken();
      if (!tok || withWhitespace || tok.type !== T.ws) return tok;
    }
  }

  peekToken(): NjAny {
    const tok = this.nextToken();
    this.buf.push(tok);
    return tok;
  }

  pushToken(tok: NjAny): void {
    this.buf ??= [];
    this.buf.push(tok);
  }

  isName(tok: NjAny, value?: string): boolean {
    return !!tok && NAME_TYPES.has(tok.type) && (value === undefined || tok.value === value);
  }

  isOp(tok: NjAny, value: string): boolean {
    return !!tok && tok.type === T.op && tok.value === value;
  }

  unexpected(tok: NjAny): never {
    if (!tok) throw this.error('unexpected end of template');
    const what = DESCRIBE[tok.type] ?? String(tok.value);
    throw this.error(`unexpected '${what}'`, tok.lineno, tok.colno);
  }

  /** Jinja's TokenStream.expect failure: "expected token ',', got 'x'". */
  expected(what: string): never {
    const tok = this.peekToken();
    throw this.error(`expected token ${what}, got '${this.describe(tok)}'`, tok?.lineno, tok?.colno);
  }

  expectName(): NjAny {
    const tok = this.nextToken();
    if (!this.isName(tok)) this.fail(`expected token 'name', got '${tok ? (DESCRIBE[tok.type] ?? tok.value) : 'end of template'}'`);
    return tok;
  }

  abstract parseExpression(withCondExpr?: boolean): NjAny;

  describe(tok: NjAny): string {
    return tok ? (DESCRIBE[tok.type] ?? String(tok.value)) : 'end of template';
  }

  advanceAfterVariableEnd(): void {
    const tok = this.nextToken();
    if (!tok || tok.type !== lexer.TOKEN_VARIABLE_END) {
      throw this.error(`expected token 'end of print statement', got '${this.describe(tok)}'`, tok?.lineno, tok?.colno);
    }
    this.dropLeadingWhitespace = tok.value.charAt(tok.value.length - this.tokens.tags.VARIABLE_END.length - 1) === '-';
  }

  advanceAfterBlockEnd(name?: string): NjAny {
    if (!name) {
      const t = this.peekToken();
      if (!t) throw this.error('unexpected end of template');
      name = this.nextToken().value;
    }
    const tok = this.nextToken();
    if (!tok || tok.type !== lexer.TOKEN_BLOCK_END) {
      throw this.error(`expected token 'end of statement block', got '${this.describe(tok)}'`, tok?.lineno, tok?.colno);
    }
    if (tok.value.charAt(0) === '-') this.dropLeadingWhitespace = true;
    return tok;
  }

  parsePrimary(): NjAny {
    const tok = this.nextToken();
    if (!tok) this.fail('unexpected end of template');
    const at = [tok.lineno, tok.colno];
    switch (tok.type) {
      case T.symbol:
        if (tok.value === 'True' || tok.value === 'False') return new Const(at[0], at[1], tok.value === 'True', false);
        if (tok.value === 'None') return new Const(at[0], at[1], null, false);
        return new Name(at[0], at[1], tok.value);
      case T.bool:
        return new Const(at[0], at[1], tok.value === 'true', false);
      case T.none:
        return tok.value === 'none' ? new Const(at[0], at[1], null, false) : new Name(at[0], at[1], tok.value);
      case T.string: {
        let s = tok.value as string;
        for (let n = this.peekToken(); n && n.type === T.string; n = this.peekToken()) s += this.nextToken().value;
        return new Const(at[0], at[1], s, false);
      }
      case T.int:
        return new Const(at[0], at[1], parseInt(tok.value, 10), false);
      case T.float:
        return new Const(at[0], at[1], parseFloat(tok.value), true);
      case T.lparen:
        return this.parseTupleRest(tok, T.rparen);
      case T.lbracket:
        return new ListNode(at[0], at[1], this.parseItems(T.rbracket));
      case T.lcurly:
        return this.parseDictRest(tok);
      default:
        this.unexpected(tok);
    }
  }

  /** Comma-separated expressions up to `close` (consumed), trailing comma allowed. */
  parseItems(close: string): NjAny[] {
    const items: NjAny[] = [];
    while (!this.skip(close)) {
      if (items.length && !this.skip(T.comma)) this.expected("','");
      if (this.skip(close)) break;
      items.push(this.parseExpression());
    }
    return items;
  }

  /** Jinja's parse_tuple inside parentheses: without a comma after an item, `)` must follow. */
  parseTupleRest(open: NjAny, close: string): NjAny {
    const items: NjAny[] = [];
    let comma = false;
    for (;;) {
      if (this.peekToken()?.type === close) break;
      items.push(this.parseExpression());
      if (!this.skip(T.comma)) break;
      comma = true;
    }
    if (!this.skip(close)) this.expected("')'");
    if (items.length === 1 && !comma) return items[0];
    return new TupleNode(open.lineno, open.colno, items);
  }

  parseDictRest(open: NjAny): NjAny {
    const pairs: Array<[NjAny, NjAny]> = [];
    while (!this.skip(T.rcurly)) {
      if (pairs.length && !this.skip(T.comma)) this.expected("','");
      if (this.skip(T.rcurly)) break;
      const key = this.parseExpression();
      if (!this.skip(T.colon)) this.expected("':'");
      pairs.push([key, this.parseExpression()]);
    }
    return new DictNode(open.lineno, open.colno, pairs);
  }

  /** `a, b` without brackets (for loop targets, `set x = 1, 2`, for's iterable). */
}
