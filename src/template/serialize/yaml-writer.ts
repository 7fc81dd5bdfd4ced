/*
 * The output side of PyYAML's emitter: indentation, indicators and the plain, single- and
 * double-quoted scalar writers with their line folding at the best width.
 */
import { BREAKS, ESCAPES } from './yaml-analysis.js';

export abstract class YamlWriter {
  protected out = '';
  protected indent: number | null = null;
  protected column = 0;
  protected whitespace = true;
  protected indention = true;

  constructor(
    protected readonly bestWidth: number,
    protected readonly allowUnicode: boolean,
  ) {}

  protected write(s: string): void {
    this.out += s;
    this.column += [...s].length;
  }

  protected writeIndicator(ind: string, needWs: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWs ? ind : ' ' + ind;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.write(data);
  }

  protected writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }

  protected writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.out += data;
    this.column = 0;
  }

  protected writeBreaks(text: string[], start: number, end: number): void {
    if (text[start] === '\n') this.writeLineBreak();
    for (const br of text.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
    this.writeIndent();
  }

  protected writeSingleQuoted(s: string, split: boolean): void {
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

  protected writeDoubleQuoted(s: string, split: boolean): void {
    this.writeIndicator('"', true);
    const text = [...s];
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      const cp = ch?.codePointAt(0) ?? 0;
      const printable = ch !== undefined && ((cp >= 0x20 && cp <= 0x7e) || (this.allowUnicode && ((cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd))));
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

  protected writePlain(s: string, split: boolean): void {
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
