/*
 * PyYAML's Emitter (yaml/emitter.py; libyaml's behaves alike), the part yaml.dump() uses for plain data: block and
 * flow collections, plain/single/double-quoted scalars, line folding at `width`. Ported so
 * to_yaml/to_nice_yaml print what ansible-core prints.
 */

export type YamlEvent =
  | { t: 'docStart'; explicit: boolean }
  | { t: 'docEnd'; explicit: boolean }
  | { t: 'scalar'; value: string; implicit: [boolean, boolean] }
  | { t: 'seqStart'; flow: boolean }
  | { t: 'seqEnd' }
  | { t: 'mapStart'; flow: boolean }
  | { t: 'mapEnd' }
  | { t: 'streamEnd' };

interface Analysis {
  scalar: string;
  empty: boolean;
  multiline: boolean;
  allowFlowPlain: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
}

const BREAKS = '\n\x85\u2028\u2029';
const SPACE_OR_BREAK = '\0 \t\r\n\x85\u2028\u2029';

export interface EmitterOptions {
  indent: number;
  width: number;
  allowUnicode: boolean;
}

function analyze(scalar: string, allowUnicode: boolean): Analysis {
  if (!scalar) return { scalar, empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true };
  let block = false;
  let flow = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (scalar.startsWith('---') || scalar.startsWith('...')) block = flow = true;
  let precededByWs = true;
  let followedByWs = scalar.length === 1 || SPACE_OR_BREAK.includes(scalar[1]!);
  let prevSpace = false;
  let prevBreak = false;
  const chars = [...scalar];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flow = block = true;
      if ('?:'.includes(ch)) {
        flow = true;
        if (followedByWs) block = true;
      }
      if (ch === '-' && followedByWs) flow = block = true;
    } else {
      if (',?[]{}'.includes(ch)) flow = true;
      if (ch === ':') {
        flow = true;
        if (followedByWs) block = true;
      }
      if (ch === '#' && precededByWs) flow = block = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!(ch === '\n' || (ch >= '\x20' && ch <= '\x7e'))) {
      const cp = ch.codePointAt(0)!;
      const printable = ch === '\x85' || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp < 0x10ffff);
      if (!printable || ch === '\ufeff' || !allowUnicode) special = true;
    }
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = SPACE_OR_BREAK.includes(ch);
    followedByWs = i + 2 >= chars.length || SPACE_OR_BREAK.includes(chars[i + 2]!);
  }
  let flowPlain = true;
  let blockPlain = true;
  let single = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false;
  if (breakSpace) flowPlain = blockPlain = single = false;
  if (spaceBreak || special) flowPlain = blockPlain = single = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flow) flowPlain = false;
  if (block) blockPlain = false;
  return { scalar, empty: false, multiline: lineBreaks, allowFlowPlain: flowPlain, allowBlockPlain: blockPlain, allowSingleQuoted: single };
}

const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\x08': 'b', '\x09': 't', '\x0a': 'n', '\x0b': 'v', '\x0c': 'f', '\x0d': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};

export class YamlEmitter {
  private out = '';
  private readonly states: Array<() => void> = [];
  private state: () => void = () => this.expectDocumentStart(true);
  private ev!: YamlEvent;
  private pos = 0;
  private indents: Array<number | null> = [];
  private indent: number | null = null;
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;
  private column = 0;
  private whitespace = true;
  private indention = true;
  private analysis: Analysis | undefined;
  private style: string | undefined;
  private readonly bestIndent: number;
  private readonly bestWidth: number;

  constructor(
    private readonly events: YamlEvent[],
    private readonly opts: EmitterOptions,
  ) {
    this.bestIndent = opts.indent > 1 && opts.indent < 10 ? opts.indent : 2;
    this.bestWidth = opts.width > this.bestIndent * 2 ? opts.width : 80;
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

  private write(s: string): void {
    this.out += s;
    this.column += [...s].length;
  }

  private writeIndicator(ind: string, needWs: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWs ? ind : ' ' + ind;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.write(data);
  }

  private writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.out += data;
    this.column = 0;
  }

  private writeBreaks(text: string[], start: number, end: number): void {
    if (text[start] === '\n') this.writeLineBreak();
    for (const br of text.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
    this.writeIndent();
  }

  private writeSingleQuoted(s: string, split: boolean): void {
    this.writeIndicator("'", true);
    const text = [...s];
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split && start !== 0 && end !== text.length) this.writeIndent();
          else this.write(text.slice(start, end).join(''));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          this.writeBreaks(text, start, end);
          start = end;
        }
      } else if (ch === undefined || ' \n\x85\u2028\u2029'.includes(ch) || ch === "'") {
        if (start < end) {
          this.write(text.slice(start, end).join(''));
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
    this.writeIndicator("'", false);
  }

  private writeDoubleQuoted(s: string, split: boolean): void {
    this.writeIndicator('"', true);
    const text = [...s];
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      const cp = ch?.codePointAt(0) ?? 0;
      const printable = ch !== undefined && ((cp >= 0x20 && cp <= 0x7e) || (this.opts.allowUnicode && ((cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd))));
      if (ch === undefined || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !printable) {
        if (start < end) {
          this.write(text.slice(start, end).join(''));
          start = end;
        }
        if (ch !== undefined) {
          let data: string;
          if (ch in ESCAPES) data = '\\' + ESCAPES[ch];
          else if (cp <= 0xff) data = '\\x' + cp.toString(16).toUpperCase().padStart(2, '0');
          else if (cp <= 0xffff) data = '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
          else data = '\\U' + cp.toString(16).toUpperCase().padStart(8, '0');
          this.write(data);
          start = end + 1;
        }
      }
      if (end > 0 && end < text.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > this.bestWidth && split) {
        const data = text.slice(start, end).join('') + '\\';
        if (start < end) start = end;
        this.write(data);
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (text[start] === ' ') this.write('\\');
      }
    }
    this.writeIndicator('"', false);
  }

  private writePlain(s: string, split: boolean): void {
    if (!s) return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    const text = [...s];
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(text.slice(start, end).join(''));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          this.writeBreaks(text, start, end);
          this.whitespace = false;
          this.indention = false;
          start = end;
        }
      } else if (ch === undefined || ' \n\x85\u2028\u2029'.includes(ch)) {
        this.write(text.slice(start, end).join(''));
        start = end;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
  }
}
