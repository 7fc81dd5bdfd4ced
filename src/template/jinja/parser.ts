/*
 * Jinja2's statements on top of the expression parser: for (with `if` filter and else),
 * set (names, tuples, namespace attributes, block form with filters), with, call, filter
 * blocks and raw. if/macro/include/import/extends/block come from nunjucks unchanged.
 */
import { ExpressionParser, TOKENS as T } from './expr-parser.js';
import { Call, For, Getattr, SetNode, TupleNode, With, Name } from './nodes.js';
import { lexer, nodes, type NjAny } from './nunjucks.js';

const TAGS = new Set(['raw', 'if', 'for', 'set', 'with', 'macro', 'call', 'filter', 'include', 'import', 'from', 'extends', 'block']);

export class JinjaParser extends ExpressionParser {
  /** The tags of the blocks being parsed, innermost last (for Jinja's unclosed-block message). */
  private readonly open: string[] = [];
  /** The end tags each open block waits for. */
  private readonly ends: string[][] = [];

  parseUntilBlocks(...names: string[]): NjAny {
    const saved = this.breakOnBlocks;
    this.breakOnBlocks = names;
    this.ends.push(names.filter((n) => n !== 'elseif'));
    try {
      const body = this.parse();
      if (!this.peekToken()) this.failUnknownTag(null);
      return body;
    } finally {
      this.ends.pop();
      this.breakOnBlocks = saved;
    }
  }

  /** Jinja's _fail_ut_eof: an unknown or misplaced tag, or the template ended inside a block. */
  private failUnknownTag(name: string | null, tok?: NjAny): never {
    const expected = new Set(this.ends.flat());
    const looking = this.ends.length ? this.ends[this.ends.length - 1]!.map((n) => `'${n}'`).join(' or ') : undefined;
    const msg = [name === null ? 'Unexpected end of template.' : `Encountered unknown tag '${name}'.`];
    if (looking) {
      if (name !== null && expected.has(name)) {
        msg.push(`You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${looking}.`);
      } else msg.push(`Jinja was looking for the following tags: ${looking}.`);
    }
    if (this.open.length) msg.push(`The innermost block that needs to be closed is '${this.open[this.open.length - 1]}'.`);
    throw this.error(msg.join(' '), tok?.lineno, tok?.colno);
  }

  parseStatement(): NjAny {
    const tok = this.peekToken();
    if (!tok || tok.type !== T.symbol) this.fail('tag name expected', tok?.lineno, tok?.colno);
    if (this.breakOnBlocks && this.breakOnBlocks.includes(tok.value)) return null;
    if (!TAGS.has(tok.value)) this.failUnknownTag(tok.value, tok);
    this.open.push(tok.value);
    try {
      return this.parseTag(tok);
    } finally {
      this.open.pop();
    }
  }

  private parseTag(tok: NjAny): NjAny {
    switch (tok.value) {
      case 'raw':
        return this.parseRaw();
      case 'if':
        return this.parseIf();
      case 'for':
        return this.parseFor();
      case 'set':
        return this.parseSet();
      case 'with':
        return this.parseWith();
      case 'macro':
        return this.parseMacro();
      case 'call':
        return this.parseCall2();
      case 'filter':
        return this.parseFilterStatement();
      case 'include':
        return this.parseInclude();
      case 'import':
        return this.parseImport();
      case 'from':
        return this.parseFrom();
      case 'extends':
        return this.parseExtends();
      case 'block':
        return this.parseBlock();
      default:
        return this.failUnknownTag(tok.value, tok);
    }
    return null;
  }

  /** A loop or assignment target: a name, a namespace attribute or a tuple of names. */
  parseAssignTarget(withNamespace: boolean): NjAny {
    const parseOne = (): NjAny => {
      const tok = this.peekToken();
      if (tok && tok.type === T.lparen) {
        this.nextToken();
        const inner = this.parseAssignTuple(parseOne);
        if (!this.skip(T.rparen)) this.expected("')'");
        return inner;
      }
      const name = this.expectName();
      if (withNamespace && this.isOp(this.peekToken(), '.')) {
        this.nextToken();
        const attr = this.expectName();
        return new Getattr(name.lineno, name.colno, new Name(name.lineno, name.colno, name.value), attr.value);
      }
      return new Name(name.lineno, name.colno, name.value);
    };
    return this.parseAssignTuple(parseOne);
  }

  private parseAssignTuple(parseOne: () => NjAny): NjAny {
    const first = parseOne();
    if (this.peekToken()?.type !== T.comma) return first;
    const items = [first];
    while (this.skip(T.comma)) {
      const n = this.peekToken();
      if (!n || !(this.isName(n) || n.type === T.lparen) || this.isName(n, 'in')) break;
      items.push(parseOne());
    }
    return new TupleNode(first.lineno, first.colno, items);
  }

  parseFor(): NjAny {
    const tag = this.nextToken();
    const target = this.parseAssignTarget(false);
    if (!this.skipSymbol('in')) this.fail("expected token 'in'", tag.lineno, tag.colno);
    const iter = this.parseBareTuple(false, ['recursive', 'if']);
    const cond = this.skipSymbol('if') ? this.parseExpression() : null;
    if (this.skipSymbol('recursive')) this.fail('recursive loops are not supported', tag.lineno, tag.colno);
    this.advanceAfterBlockEnd('for');
    const body = this.parseUntilBlocks('endfor', 'else');
    let else_: NjAny = null;
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      else_ = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return new For(tag.lineno, tag.colno, target, iter, body, else_, cond);
  }

  parseSet(): NjAny {
    const tag = this.nextToken();
    const target = this.parseAssignTarget(true);
    if (this.skipValue(T.op, '=')) {
      const value = this.parseBareTuple();
      this.advanceAfterBlockEnd('set');
      return new SetNode(tag.lineno, tag.colno, target, value);
    }
    let filterStart = false;
    if (this.peekToken()?.type === T.pipe) {
      this.nextToken();
      filterStart = true;
    }
    const filters = filterStart ? this.captureFilterChain() : null;
    this.advanceAfterBlockEnd('set');
    const capture = new nodes.Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endset'));
    this.advanceAfterBlockEnd();
    return new SetNode(tag.lineno, tag.colno, target, filters ? filters(capture) : capture);
  }

  /** Parses `f1(args) | f2` after a `|` and returns a function applying it to a body. */
  private captureFilterChain(): (body: NjAny) => NjAny {
    const placeholder = new Name(0, 0, '__body__');
    const chain = this.parseFilter(placeholder, true);
    return (body: NjAny): NjAny => {
      let n = chain;
      while (n.target !== placeholder) n = n.target;
      n.target = body;
      return chain;
    };
  }

  parseFilterStatement(): NjAny {
    const tag = this.nextToken();
    const apply = this.captureFilterChain();
    this.advanceAfterBlockEnd('filter');
    const body = new nodes.Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endfilter'));
    this.advanceAfterBlockEnd();
    return new nodes.Output(tag.lineno, tag.colno, [apply(body)]);
  }

  parseWith(): NjAny {
    const tag = this.nextToken();
    const targets: NjAny[] = [];
    const values: NjAny[] = [];
    while (this.peekToken()?.type !== lexer.TOKEN_BLOCK_END) {
      if (targets.length && !this.skip(T.comma)) this.expected("','");
      targets.push(this.parseAssignTarget(false));
      if (!this.skipValue(T.op, '=')) this.unexpected(this.peekToken());
      values.push(this.parseExpression());
    }
    this.advanceAfterBlockEnd('with');
    const body = this.parseUntilBlocks('endwith');
    this.advanceAfterBlockEnd();
    return new With(tag.lineno, tag.colno, targets, values, body);
  }

  /** `{% call(args) macro(...) %}body{% endcall %}`: the macro gets `caller` as a keyword argument. */
  parseCall2(): NjAny {
    const tag = this.nextToken();
    const callerArgs = this.peekToken()?.type === T.lparen ? this.parseSignature() : new nodes.NodeList();
    const call = this.parsePostfix(this.parsePrimary());
    if (!(call instanceof Call)) this.fail('expected call', tag.lineno, tag.colno);
    this.advanceAfterBlockEnd('call');
    const body = this.parseUntilBlocks('endcall');
    this.advanceAfterBlockEnd();
    const callerName = new Name(tag.lineno, tag.colno, 'caller');
    call.kwargs.push(['caller', new nodes.Caller(tag.lineno, tag.colno, callerName, callerArgs, body)]);
    return new nodes.Output(tag.lineno, tag.colno, [call]);
  }

  /** `{% raw %}…{% endraw %}` with Jinja's whitespace control on either tag. */
  parseRaw(): NjAny {
    const begun = this.advanceAfterBlockEnd();
    const tk = this.tokens;
    const open = tk.tags.BLOCK_START.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const close = tk.tags.BLOCK_END.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const end = new RegExp(`${open}([-+]?)\\s*endraw\\s*([-+]?)${close}`);
    const rest: string = tk.str.slice(tk.index);
    const m = end.exec(rest);
    if (!m) throw this.error('Missing end of raw directive', begun.lineno, begun.colno);
    let text = rest.slice(0, m.index);
    if (this.dropLeadingWhitespace) {
      text = text.replace(/^\s*/, '');
      this.dropLeadingWhitespace = false;
    }
    if (m[1] === '-') text = text.replace(/\s*$/, '');
    tk.forwardN(m.index + m[0].length);
    if (m[2] === '-') this.dropLeadingWhitespace = true;
    else if (tk.trimBlocks && tk.current() === '\n') tk.forward();
    return new nodes.Output(begun.lineno, begun.colno, [new nodes.TemplateData(begun.lineno, begun.colno, text)]);
  }
}
