/*
 * nunjucks' compiler with Jinja2's statements: Python truthiness in `if`, Jinja's scoping
 * for for/set/with (a fresh scope per loop iteration, `namespace()` attributes), and output
 * that records the template's top-level nodes for Ansible's native-type rules. Statements
 * it does not override (macro, include, import, extends, block, capture) are nunjucks'.
 */
import { STRING_TYPE_FILTERS } from '../filters/string-type.js';
import { ExprCompiler, targetSpec } from './expr-compiler.js';
import { nodes, type NjAny } from './nunjucks.js';
import { Getattr } from './nodes.js';

function isRootStringFilter(node: NjAny): boolean {
  if (node.typename !== 'PyFilter') return false;
  return STRING_TYPE_FILTERS.has(String(node.name));
}

export class JinjaCompiler extends ExprCompiler {
  /** >0 inside macros and captures, whose output is not the template's own node stream. */
  private nest = 0;

  compileIf(node: NjAny, frame: NjAny): void {
    this._emit('if(env.py.truthy(');
    this.compile(node.cond, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => this.compile(node.body, frame));
    if (node.else_) {
      this._emitLine('}\nelse {');
      this._withScopedSyntax(() => this.compile(node.else_, frame));
    }
    this._emitLine('}');
  }

  compilePyFor(node: NjAny, frame: NjAny): void {
    const arr = this._tmpid();
    const i = this._tmpid();
    const state = this._tmpid();
    const spec = JSON.stringify(targetSpec(node.target));
    this._emit(`var ${arr} = env.py.iter(`);
    this.compile(node.iter, frame);
    this._emitLine(');');
    if (node.cond) {
      this._emit(`${arr} = ${arr}.filter(function (item) { frame = frame.push(); env.py.bind(frame, ${spec}, item); var ok = env.py.truthy(`);
      this.compile(node.cond, frame);
      this._emitLine('); frame = frame.pop(); return ok; });');
    }
    this._emitLine(`var ${state} = env.py.loopState(${arr});`);
    this._emitLine(`for (var ${i} = 0; ${i} < ${arr}.length; ${i}++) {`);
    this._emitLine('frame = frame.push();');
    this._emitLine(`env.py.bind(frame, ${spec}, ${arr}[${i}]);`);
    this._emitLine(`frame.set("loop", ${state}.at(${i}));`);
    this._withScopedSyntax(() => this.compile(node.body, frame));
    this._emitLine('frame = frame.pop();');
    this._emitLine('}');
    if (node.else_) {
      this._emitLine(`if (${arr}.length === 0) {`);
      this._withScopedSyntax(() => this.compile(node.else_, frame));
      this._emitLine('}');
    }
  }

  compilePySet(node: NjAny, frame: NjAny): void {
    const v = this._tmpid();
    this._emit(`var ${v} = `);
    this.compile(node.value, frame);
    this._emitLine(';');
    if (node.target instanceof Getattr) {
      this._emit('env.py.setattr(');
      this.compile(node.target.target, frame);
      this._emitLine(`, ${JSON.stringify(node.target.attr)}, ${v});`);
      return;
    }
    this._emitLine(`env.py.assign(context, frame, ${JSON.stringify(targetSpec(node.target))}, ${v});`);
  }

  compilePyWith(node: NjAny, frame: NjAny): void {
    const vals = this._tmpid();
    this._emit(`var ${vals} = `);
    this.emitList(node.values, frame);
    this._emitLine(';');
    this._emitLine('frame = frame.push();');
    node.targets.forEach((t: NjAny, i: number) => {
      this._emitLine(`env.py.bind(frame, ${JSON.stringify(targetSpec(t))}, ${vals}[${i}]);`);
    });
    this._withScopedSyntax(() => this.compile(node.body, frame));
    this._emitLine('frame = frame.pop();');
  }

  /**
   * Macros close over the scope they are defined in (Jinja), so one defined in a loop sees the
   * loop variable and one defined in a macro stays local to it; nunjucks gives top-level
   * macros an empty scope and leaks nested ones into the context.
   */
  compileMacro(node: NjAny, frame: NjAny): void {
    const defFrame = this._tmpid();
    this._emitLine(`var ${defFrame} = frame;`);
    const start = this.codebuf.length;
    const funcId = this._compileMacro(node, frame);
    const buf = this.codebuf as string[];
    const enter = buf.indexOf('frame = frame.push(true);\n', start);
    if (enter >= 0) buf[enter] = `frame = ${defFrame}.push(true);\n`;
    for (let i = buf.length - 2; i >= start; i--) {
      if (buf[i] === 'frame = frame.pop();\n' && String(buf[i + 1]).startsWith('return new runtime.SafeString(')) {
        buf[i] = 'frame = callerFrame;\n';
        break;
      }
    }
    const name: string = node.name.value;
    frame.set(name, funcId);
    if (frame.parent) this._emitLine(`frame.set(${JSON.stringify(name)}, ${funcId});`);
    else {
      if (!name.startsWith('_')) this._emitLine(`context.addExport(${JSON.stringify(name)});`);
      this._emitLine(`context.setVariable(${JSON.stringify(name)}, ${funcId});`);
    }
  }

  _compileMacro(node: NjAny, frame: NjAny): string {
    this.nest++;
    try {
      return super._compileMacro(node, frame);
    } finally {
      this.nest--;
    }
  }

  compileCapture(node: NjAny, frame: NjAny): void {
    this.nest++;
    try {
      super.compileCapture(node, frame);
    } finally {
      this.nest--;
    }
  }

  compileOutput(node: NjAny, frame: NjAny): void {
    const root = this.nest === 0 && this.buffer === 'output';
    for (const child of node.children as NjAny[]) {
      if (child instanceof nodes.TemplateData) {
        if (!child.value) continue;
        this._emit(`${this.buffer} += `);
        this.compileLiteral(child, frame);
        this._emitLine(';');
        if (root) this._emitLine('env.py.rootNode(false);');
        continue;
      }
      this._emit(`${this.buffer} += env.py.${root ? 'outRoot' : 'out'}(`);
      this.compile(child, frame);
      this._emitLine(root ? `, ${isRootStringFilter(child)});` : ');');
    }
  }
}
