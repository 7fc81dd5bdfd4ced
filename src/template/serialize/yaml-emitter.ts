/*
 * PyYAML's Emitter (yaml/emitter.py; libyaml's behaves alike), the part yaml.dump() uses for plain data: block and
 * flow collections, plain/single/double-quoted scalars, line folding at `width`. Ported so
 * to_yaml/to_nice_yaml print what ansible-core prints.
 */
import { analyze, type Analysis } from './yaml-analysis.js';
import { YamlWriter } from './yaml-writer.js';

export type YamlEvent =
  | { t: 'docStart'; explicit: boolean }
  | { t: 'docEnd'; explicit: boolean }
  | { t: 'scalar'; value: string; implicit: [boolean, boolean] }
  | { t: 'seqStart'; flow: boolean }
  | { t: 'seqEnd' }
  | { t: 'mapStart'; flow: boolean }
  | { t: 'mapEnd' }
  | { t: 'streamEnd' };

export interface EmitterOptions {
  indent: number;
  width: number;
  allowUnicode: boolean;
}

export class YamlEmitter extends YamlWriter {
  private readonly states: Array<() => void> = [];
  private state: () => void = () => this.expectDocumentStart(true);
  private ev!: YamlEvent;
  private pos = 0;
  private indents: Array<number | null> = [];
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;
  private analysis: Analysis | undefined;
  private style: string | undefined;
  private readonly bestIndent: number;

  constructor(
    private readonly events: YamlEvent[],
    private readonly opts: EmitterOptions,
  ) {
    const indent = opts.indent > 1 && opts.indent < 10 ? opts.indent : 2;
    super(opts.width > indent * 2 ? opts.width : 80, opts.allowUnicode);
    this.bestIndent = indent;
  }

  emit(): string {
    while (this.pos < this.events.length) {
      this.ev = this.events[this.pos++]!;
      this.state();
    }
    return this.out;
  }

  private peek(): YamlEvent | undefined {
    return this.events[this.pos];
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? null;
  }

  private popState(): void {
    this.state = this.states.pop()!;
  }

  private expectDocumentStart(first: boolean): void {
    if (this.ev.t === 'docStart') {
      const implicit = first && !this.ev.explicit;
      if (!implicit) {
        this.writeIndent();
        this.writeIndicator('---', true);
      }
      this.state = () => this.expectDocumentRoot();
    } else if (this.ev.t === 'streamEnd') {
      // libyaml (CSafeDumper, which ansible-core uses) ends an open-ended plain root scalar without '...'.
      this.state = () => undefined;
    }
  }

  private expectDocumentRoot(): void {
    this.states.push(() => this.expectDocumentEnd());
    this.expectNode(true, false, false);
  }

  private expectDocumentEnd(): void {
    if (this.ev.t !== 'docEnd') return;
    this.writeIndent();
    if (this.ev.explicit) {
      this.writeIndicator('...', true);
      this.writeIndent();
    }
    this.state = () => this.expectDocumentStart(false);
  }

  private expectNode(_root: boolean, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    const ev = this.ev;
    if (ev.t === 'scalar') {
      this.style = this.chooseStyle();
      this.increaseIndent(true);
      this.processScalar();
      this.popIndent();
      this.popState();
    } else if (ev.t === 'seqStart') {
      if (this.flowLevel || ev.flow || this.peek()?.t === 'seqEnd') this.expectFlowCollection('[', ']', 'seqEnd', false);
      else {
        this.increaseIndent(false, this.mappingContext && !this.indention);
        this.state = () => this.expectBlockSequenceItem(true);
      }
    } else if (ev.t === 'mapStart') {
      if (this.flowLevel || ev.flow || this.peek()?.t === 'mapEnd') this.expectFlowCollection('{', '}', 'mapEnd', true);
      else {
        this.increaseIndent(false);
        this.state = () => this.expectBlockMappingKey(true);
      }
    }
  }

  private expectFlowCollection(open: string, close: string, end: 'seqEnd' | 'mapEnd', mapping: boolean): void {
    this.writeIndicator(open, true, true);
    this.flowLevel++;
    this.increaseIndent(true);
    const item = (first: boolean): void => {
      if (this.ev.t === end) {
        this.popIndent();
        this.flowLevel--;
        this.writeIndicator(close, false);
        this.popState();
        return;
      }
      if (!first) this.writeIndicator(',', false);
      if (this.column > this.bestWidth) this.writeIndent();
      if (!mapping) {
        this.states.push(() => item(false));
        this.expectNode(false, false, false);
      } else if (this.checkSimpleKey()) {
        this.states.push(() => {
          this.writeIndicator(':', false);
          this.states.push(() => item(false));
          this.expectNode(false, true, false);
        });
        this.expectNode(false, true, true);
      } else {
        this.writeIndicator('?', true);
        this.states.push(() => {
          if (this.column > this.bestWidth) this.writeIndent();
          this.writeIndicator(':', true);
          this.states.push(() => item(false));
          this.expectNode(false, true, false);
        });
        this.expectNode(false, true, false);
      }
    };
    this.state = () => item(true);
  }

  private expectBlockSequenceItem(first: boolean): void {
    if (!first && this.ev.t === 'seqEnd') {
      this.popIndent();
      this.popState();
      return;
    }
    this.writeIndent();
    this.writeIndicator('-', true, false, true);
    this.states.push(() => this.expectBlockSequenceItem(false));
    this.expectNode(false, false, false);
  }

  private expectBlockMappingKey(first: boolean): void {
    if (!first && this.ev.t === 'mapEnd') {
      this.popIndent();
      this.popState();
      return;
    }
    this.writeIndent();
    if (this.checkSimpleKey()) {
      this.states.push(() => {
        this.writeIndicator(':', false);
        this.states.push(() => this.expectBlockMappingKey(false));
        this.expectNode(false, true, false);
      });
      this.expectNode(false, true, true);
    } else {
      this.writeIndicator('?', true, false, true);
      this.states.push(() => {
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
        this.states.push(() => this.expectBlockMappingKey(false));
        this.expectNode(false, true, false);
      });
      this.expectNode(false, true, false);
    }
  }

  private checkSimpleKey(): boolean {
    const ev = this.ev;
    if (ev.t === 'scalar') {
      this.analysis ??= analyze(ev.value, this.opts.allowUnicode);
      return [...this.analysis.scalar].length < 128 && !this.analysis.empty && !this.analysis.multiline;
    }
    return (ev.t === 'seqStart' && this.peek()?.t === 'seqEnd') || (ev.t === 'mapStart' && this.peek()?.t === 'mapEnd');
  }

  private chooseStyle(): string {
    const ev = this.ev as Extract<YamlEvent, { t: 'scalar' }>;
    const a = (this.analysis ??= analyze(ev.value, this.opts.allowUnicode));
    if (ev.implicit[0]) {
      const plainOk = this.flowLevel ? a.allowFlowPlain : a.allowBlockPlain;
      if (!(this.simpleKeyContext && (a.empty || a.multiline)) && plainOk) return '';
    }
    if (a.allowSingleQuoted && !(this.simpleKeyContext && a.multiline)) return "'";
    return '"';
  }

  private processScalar(): void {
    const a = this.analysis!;
    const split = !this.simpleKeyContext;
    if (this.style === '"') this.writeDoubleQuoted(a.scalar, split);
    else if (this.style === "'") this.writeSingleQuoted(a.scalar, split);
    else this.writePlain(a.scalar, split);
    this.analysis = undefined;
    this.style = undefined;
  }
}
