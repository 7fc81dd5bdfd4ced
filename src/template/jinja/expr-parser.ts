/*
 * Jinja2's expression grammar (jinja2/parser.py) on nunjucks' token stream: precedence
 * or < and < not < comparisons (in, not in) < + - < ~ < * / // % < ** < unary, then
 * postfix (.attr, [key], [a:b], calls) and filters/tests (`| f`, `is t`, `is t arg`).
 */
import { lexer, nodes, type NjAny } from './nunjucks.js';
import { Call, CondExpr, Compare, Concat, Const, FilterCall, Getattr, Getitem, Slice, TestCall, TupleNode } from './nodes.js';
import { TokenParser, TOKENS as T } from './token-parser.js';

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const TEST_ARG_START = new Set([T.symbol, T.bool, T.none, T.string, T.int, T.float, T.lparen, T.lbracket, T.lcurly]);

export { T as TOKENS };

export class ExpressionParser extends TokenParser {
  parseExpression(withCondExpr = true): NjAny {
    return withCondExpr ? this.parseCondExpr() : this.parseOr();
  }

  parseCondExpr(): NjAny {
    let node = this.parseOr();
    while (this.skipSymbol('if')) {
      const cond = this.parseOr();
      const else_ = this.skipSymbol('else') ? this.parseCondExpr() : null;
      node = new CondExpr(node.lineno, node.colno, cond, node, else_);
    }
    return node;
  }

  parseOr(): NjAny {
    let node = this.parseAnd();
    while (this.skipSymbol('or')) node = new nodes.Or(node.lineno, node.colno, node, this.parseAnd());
    return node;
  }

  parseAnd(): NjAny {
    let node = this.parseNot();
    while (this.skipSymbol('and')) node = new nodes.And(node.lineno, node.colno, node, this.parseNot());
    return node;
  }

  parseNot(): NjAny {
    const tok = this.peekToken();
    if (this.skipSymbol('not')) return new nodes.Not(tok.lineno, tok.colno, this.parseNot());
    return this.parseCompare();
  }

  parseCompare(): NjAny {
    const expr = this.parseMath1();
    const ops: Array<[string, NjAny]> = [];
    for (;;) {
      const tok = this.nextToken();
      if (tok && tok.type === T.op && COMPARE_OPS.has(tok.value)) ops.push([tok.value, this.parseMath1()]);
      else if (this.isName(tok, 'in')) ops.push(['in', this.parseMath1()]);
      else if (this.isName(tok, 'not')) {
        if (!this.skipSymbol('in')) this.unexpected(this.peekToken());
        ops.push(['notin', this.parseMath1()]);
      } else {
        this.pushToken(tok);
        break;
      }
    }
    return ops.length ? new Compare(expr.lineno, expr.colno, expr, ops) : expr;
  }

  parseMath1(): NjAny {
    let node = this.parseConcat();
    for (;;) {
      const tok = this.nextToken();
      if (this.isOp(tok, '+')) node = new nodes.Add(node.lineno, node.colno, node, this.parseConcat());
      else if (this.isOp(tok, '-')) node = new nodes.Sub(node.lineno, node.colno, node, this.parseConcat());
      else {
        this.pushToken(tok);
        return node;
      }
    }
  }

  parseConcat(): NjAny {
    const items = [this.parseMath2()];
    while (this.skip(T.tilde)) items.push(this.parseMath2());
    return items.length === 1 ? items[0] : new Concat(items[0].lineno, items[0].colno, items);
  }

  parseMath2(): NjAny {
    let node = this.parsePow();
    const kinds: Record<string, NjAny> = { '*': nodes.Mul, '/': nodes.Div, '//': nodes.FloorDiv, '%': nodes.Mod };
    for (;;) {
      const tok = this.nextToken();
      const Kind = tok && tok.type === T.op ? kinds[tok.value] : undefined;
      if (!Kind) {
        this.pushToken(tok);
        return node;
      }
      node = new Kind(node.lineno, node.colno, node, this.parsePow());
    }
  }

  parsePow(): NjAny {
    let node = this.parseUnary();
    while (this.skipValue(T.op, '**')) node = new nodes.Pow(node.lineno, node.colno, node, this.parseUnary());
    return node;
  }

  parseUnary(withFilter = true): NjAny {
    const tok = this.peekToken();
    let node: NjAny;
    if (this.skipValue(T.op, '-')) node = new nodes.Neg(tok.lineno, tok.colno, this.parseUnary(false));
    else if (this.skipValue(T.op, '+')) node = new nodes.Pos(tok.lineno, tok.colno, this.parseUnary(false));
    else node = this.parsePostfix(this.parsePrimary());
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  parseBareTuple(withCondExpr = true, endNames: string[] = []): NjAny {
    const first = this.parseExpression(withCondExpr);
    if (this.peekToken()?.type !== T.comma) return first;
    const items = [first];
    while (this.skip(T.comma)) {
      const n = this.peekToken();
      if (!n || n.type === lexer.TOKEN_BLOCK_END || (this.isName(n) && endNames.includes(n.value))) break;
      items.push(this.parseExpression(withCondExpr));
    }
    return new TupleNode(first.lineno, first.colno, items);
  }

  parsePostfix(node: NjAny): NjAny {
    for (;;) {
      const tok = this.peekToken();
      if (this.isOp(tok, '.') || (tok && tok.type === T.lbracket)) node = this.parseSubscript(node);
      else if (tok && tok.type === T.lparen) node = this.parseCall(node);
      else return node;
    }
  }

  parseFilterExpr(node: NjAny): NjAny {
    for (;;) {
      const tok = this.peekToken();
      if (tok && tok.type === T.pipe) node = this.parseFilter(node);
      else if (this.isName(tok, 'is')) node = this.parseTest(node);
      else if (tok && tok.type === T.lparen) node = this.parseCall(node);
      else return node;
    }
  }

  parseSubscript(node: NjAny): NjAny {
    const tok = this.nextToken();
    if (this.isOp(tok, '.')) {
      const attr = this.nextToken();
      if (this.isName(attr)) return new Getattr(tok.lineno, tok.colno, node, attr.value);
      // the lexer makes only an integer right after a dot, so `a.0.1` is two lookups
      if (attr && attr.type === T.int) return new Getitem(tok.lineno, tok.colno, node, new Const(attr.lineno, attr.colno, parseInt(attr.value, 10), false));
      this.fail('expected name or number', tok.lineno, tok.colno);
    }
    const args: NjAny[] = [];
    while (!this.skip(T.rbracket)) {
      if (args.length && !this.skip(T.comma)) this.expected("','");
      if (this.skip(T.rbracket)) break;
      args.push(this.parseSubscribed());
    }
    const key = args.length === 1 ? args[0] : new TupleNode(tok.lineno, tok.colno, args);
    return new Getitem(tok.lineno, tok.colno, node, key);
  }

  parseSubscribed(): NjAny {
    const tok = this.peekToken();
    const parts: Array<NjAny | null> = [];
    if (tok.type === T.colon) parts.push(null);
    else {
      const e = this.parseExpression();
      if (this.peekToken()?.type !== T.colon) return e;
      parts.push(e);
    }
    this.skip(T.colon);
    const endOfPart = (): boolean => [T.rbracket, T.comma, T.colon].includes(this.peekToken()?.type);
    parts.push(endOfPart() ? null : this.parseExpression());
    if (this.skip(T.colon)) parts.push(endOfPart() ? null : this.parseExpression());
    else parts.push(null);
    return new Slice(tok.lineno, tok.colno, parts[0], parts[1], parts[2]);
  }

  /** `( args, name=value, *dyn, **dynkw )` */
  parseCallArgs(): { args: NjAny[]; kwargs: Array<[string, NjAny]>; dynArgs: NjAny; dynKwargs: NjAny } {
    const open = this.nextToken();
    if (!open || open.type !== T.lparen) this.unexpected(open);
    const args: NjAny[] = [];
    const kwargs: Array<[string, NjAny]> = [];
    let dynArgs: NjAny = null;
    let dynKwargs: NjAny = null;
    let first = true;
    while (!this.skip(T.rparen)) {
      if (!first && !this.skip(T.comma)) this.expected("','");
      if (this.skip(T.rparen)) break;
      first = false;
      if (this.skipValue(T.op, '**')) dynKwargs = this.parseExpression();
      else if (this.skipValue(T.op, '*')) dynArgs = this.parseExpression();
      else {
        const tok = this.nextToken();
        if (this.isName(tok) && this.isOp(this.peekToken(), '=')) {
          this.nextToken();
          kwargs.push([tok.value, this.parseExpression()]);
        } else {
          this.pushToken(tok);
          args.push(this.parseExpression());
        }
      }
    }
    return { args, kwargs, dynArgs, dynKwargs };
  }

  parseCall(node: NjAny): NjAny {
    const tok = this.peekToken();
    const a = this.parseCallArgs();
    return new Call(tok.lineno, tok.colno, node, a.args, a.kwargs, a.dynArgs, a.dynKwargs);
  }

  dottedName(): string {
    let name = this.expectName().value as string;
    while (this.isOp(this.peekToken(), '.')) {
      this.nextToken();
      name += '.' + this.expectName().value;
    }
    return name;
  }

  parseFilter(node: NjAny, startInline = false): NjAny {
    while (startInline || this.skip(T.pipe)) {
      startInline = false;
      const tok = this.peekToken();
      const name = this.dottedName();
      const a = this.peekToken()?.type === T.lparen ? this.parseCallArgs() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      node = new FilterCall(tok.lineno, tok.colno, name, node, a.args, a.kwargs, a.dynArgs, a.dynKwargs);
    }
    return node;
  }

  parseTest(node: NjAny): NjAny {
    const tok = this.nextToken();
    const negated = this.skipSymbol('not');
    const name = this.dottedName();
    let a: ReturnType<ExpressionParser['parseCallArgs']> = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const next = this.peekToken();
    if (next && next.type === T.lparen) a = this.parseCallArgs();
    else if (next && TEST_ARG_START.has(next.type) && !(this.isName(next) && ['else', 'or', 'and'].includes(next.value))) {
      if (this.isName(next, 'is')) this.fail('You cannot chain multiple tests with is');
      a.args = [this.parsePostfix(this.parsePrimary())];
    }
    const test = new TestCall(tok.lineno, tok.colno, name, node, a.args, a.kwargs, a.dynArgs, a.dynKwargs);
    return negated ? new nodes.Not(tok.lineno, tok.colno, test) : test;
  }
}
