/*
 * The expression half of kplay's compiler: every Jinja2 expression becomes a call into the
 * Python-semantics runtime (`env.py`, see runtime.ts) instead of a JS operator.
 */
import { TemplateSyntaxError } from '../py/errors.js';
import { NjCompiler, type NjAny } from './nunjucks.js';
import { TupleNode } from './nodes.js';

const BINOPS: Record<string, string> = {
  Add: 'add',
  Sub: 'sub',
  Mul: 'mul',
  Div: 'truediv',
  FloorDiv: 'floordiv',
  Mod: 'mod',
  Pow: 'pow',
};

/** `"x"` or `["a", ["b", "c"]]`: the names a loop or assignment target binds. */
export function targetSpec(node: NjAny): unknown {
  if (node instanceof TupleNode) return node.items.map(targetSpec);
  return node.value;
}

export class ExprCompiler extends (NjCompiler as new (...args: NjAny[]) => NjAny) {
  /** Which filter and test names exist: Jinja fails on unknown ones when compiling. */
  known: { filter(name: string): boolean; test(name: string): boolean } | undefined;

  private checkKnown(kind: 'filter' | 'test', name: string): void {
    if (this.known && !this.known[kind](name)) throw new TemplateSyntaxError(`Could not load "${name}": '${name}'`);
  }

  emitList(items: NjAny[], frame: NjAny): void {
    this._emit('[');
    items.forEach((n, i) => {
      if (i) this._emit(', ');
      this.compile(n, frame);
    });
    this._emit(']');
  }

  emitKwargs(kwargs: Array<[string, NjAny]>, frame: NjAny): void {
    this._emit('{');
    kwargs.forEach(([k, v], i) => {
      if (i) this._emit(', ');
      this._emit(`${JSON.stringify(k)}: `);
      this.compile(v, frame);
    });
    this._emit('}');
  }

  emitOptional(node: NjAny, frame: NjAny): void {
    if (node) this.compile(node, frame);
    else this._emit('null');
  }

  _compileExpression(node: NjAny, frame: NjAny): void {
    this.compile(node, frame);
  }

  compilePyConst(node: NjAny): void {
    if (node.float) this._emit(`env.py.float(${JSON.stringify(node.value)})`);
    else this._emit(node.value === undefined ? 'null' : JSON.stringify(node.value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
  }

  compileSymbol(node: NjAny): void {
    this._emit(`env.py.name(context, frame, ${JSON.stringify(node.value)})`);
  }

  compilePyTuple(node: NjAny, frame: NjAny): void {
    this._emit('env.py.tuple(');
    this.emitList(node.items, frame);
    this._emit(')');
  }

  compilePyList(node: NjAny, frame: NjAny): void {
    this.emitList(node.items, frame);
  }

  compilePyDict(node: NjAny, frame: NjAny): void {
    this._emit('env.py.dict([');
    node.pairs.forEach(([k, v]: [NjAny, NjAny], i: number) => {
      if (i) this._emit(', ');
      this._emit('[');
      this.compile(k, frame);
      this._emit(', ');
      this.compile(v, frame);
      this._emit(']');
    });
    this._emit('])');
  }

  compilePyGetattr(node: NjAny, frame: NjAny): void {
    this._emit('env.py.getattr(');
    this.compile(node.target, frame);
    this._emit(`, ${JSON.stringify(node.attr)})`);
  }

  compilePyGetitem(node: NjAny, frame: NjAny): void {
    if (node.key.typename === 'PySlice') {
      this._emit('env.py.slice(');
      this.compile(node.target, frame);
      for (const part of [node.key.start, node.key.stop, node.key.step]) {
        this._emit(', ');
        this.emitOptional(part, frame);
      }
      this._emit(')');
      return;
    }
    this._emit('env.py.getitem(');
    this.compile(node.target, frame);
    this._emit(', ');
    this.compile(node.key, frame);
    this._emit(')');
  }

  private emitCallTail(node: NjAny, frame: NjAny): void {
    this.emitList(node.args, frame);
    this._emit(', ');
    this.emitKwargs(node.kwargs, frame);
    this._emit(', ');
    this.emitOptional(node.dynArgs, frame);
    this._emit(', ');
    this.emitOptional(node.dynKwargs, frame);
    this._emit('))');
  }

  compilePyCall(node: NjAny, frame: NjAny): void {
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, env.py.call(`);
    this.compile(node.fn, frame);
    this._emit(', ');
    this.emitCallTail(node, frame);
  }

  compilePyFilter(node: NjAny, frame: NjAny): void {
    this.checkKnown('filter', node.name);
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, env.py.filter(${JSON.stringify(node.name)}, `);
    this.compile(node.target, frame);
    this._emit(', ');
    this.emitCallTail(node, frame);
  }

  compilePyTest(node: NjAny, frame: NjAny): void {
    this.checkKnown('test', node.name);
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, env.py.test(${JSON.stringify(node.name)}, `);
    this.compile(node.target, frame);
    this._emit(', ');
    this.emitCallTail(node, frame);
  }

  compilePyCondExpr(node: NjAny, frame: NjAny): void {
    this._emit('(env.py.truthy(');
    this.compile(node.cond, frame);
    this._emit(') ? ');
    this.compile(node.body, frame);
    this._emit(' : ');
    if (node.else_) this.compile(node.else_, frame);
    else {
      const hint = `the inline if-expression on line ${node.lineno + 1} evaluated to false and no else section was defined.`;
      this._emit(`env.py.undef(${JSON.stringify(hint)})`);
    }
    this._emit(')');
  }

  compileAnd(node: NjAny, frame: NjAny): void {
    this._emit('env.py.and(');
    this.compile(node.left, frame);
    this._emit(', () => (');
    this.compile(node.right, frame);
    this._emit('))');
  }

  compileOr(node: NjAny, frame: NjAny): void {
    this._emit('env.py.or(');
    this.compile(node.left, frame);
    this._emit(', () => (');
    this.compile(node.right, frame);
    this._emit('))');
  }

  compileNot(node: NjAny, frame: NjAny): void {
    this._emit('!env.py.truthy(');
    this.compile(node.target, frame);
    this._emit(')');
  }

  compilePyCompare(node: NjAny, frame: NjAny): void {
    const ops = node.ops as Array<[string, NjAny]>;
    const [first] = ops;
    if (ops.length === 1 && first) {
      this._emit(`env.py.compare(${JSON.stringify(first[0])}, `);
      this.compile(node.expr, frame);
      this._emit(', ');
      this.compile(first[1], frame);
      this._emit(')');
      return;
    }
    this._emit('env.py.chain(');
    this.compile(node.expr, frame);
    this._emit(', [');
    ops.forEach(([op, e], i) => {
      if (i) this._emit(', ');
      this._emit(`[${JSON.stringify(op)}, () => (`);
      this.compile(e, frame);
      this._emit(')]');
    });
    this._emit('])');
  }

  compilePyConcat(node: NjAny, frame: NjAny): void {
    this._emit('env.py.concat(');
    this.emitList(node.items, frame);
    this._emit(')');
  }

  private binop(node: NjAny, frame: NjAny): void {
    this._emit(`env.py.${BINOPS[node.typename]}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  }

  compileAdd(node: NjAny, frame: NjAny): void {
    this.binop(node, frame);
  }
  compileSub(node: NjAny, frame: NjAny): void {
    this.binop(node, frame);
  }
  compileMul(node: NjAny, frame: NjAny): void {
    this.binop(node, frame);
  }
  compileDiv(node: NjAny, frame: NjAny): void {
    this.binop(node, frame);
  }
  compileFloorDiv(node: NjAny, frame: NjAny): void {
    this.binop(node, frame);
  }
  compileMod(node: NjAny, frame: NjAny): void {
    this.binop(node, frame);
  }
  compilePow(node: NjAny, frame: NjAny): void {
    this.binop(node, frame);
  }

  compileNeg(node: NjAny, frame: NjAny): void {
    this._emit('env.py.neg(');
    this.compile(node.target, frame);
    this._emit(')');
  }

  compilePos(node: NjAny, frame: NjAny): void {
    this._emit('env.py.pos(');
    this.compile(node.target, frame);
    this._emit(')');
  }
}
