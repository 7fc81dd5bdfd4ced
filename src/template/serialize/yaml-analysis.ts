/* PyYAML's analyze_scalar: which quoting styles a string may be written in. */

export interface Analysis {
  scalar: string;
  empty: boolean;
  multiline: boolean;
  allowFlowPlain: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
}

export const BREAKS = '\n\x85\u2028\u2029';
export const SPACE_OR_BREAK = '\0 \t\r\n\x85\u2028\u2029';


export function analyze(scalar: string, allowUnicode: boolean): Analysis {
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

export const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\x08': 'b', '\x09': 't', '\x0a': 'n', '\x0b': 'v', '\x0c': 'f', '\x0d': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};
