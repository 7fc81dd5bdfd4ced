/**
 * Python's textwrap.wrap with its defaults (break_long_words, break_on_hyphens), which
 * Ansible's Display uses to fold `[WARNING]:` lines at 79 columns when not on a TTY.
 */
const WS = '\\t\\n\\v\\f\\r ';
const LETTER = "[^\\d\\W]";
const WORD_PUNCT = '[\\w!"\'&.,?]';
const WORDSEP = new RegExp(
  `([${WS}]+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=\\w)` +
    `|[^${WS}]+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=[${WS}]|$)|(?<=${WORD_PUNCT})(?=-{2,}\\w)))`,
  'u',
);

function chunksOf(text: string): string[] {
  const munged = text.replace(/\t/g, '        ').replace(/[\n\v\f\r]/g, ' ');
  return munged.split(new RegExp(WORDSEP.source, 'gu')).filter((c) => c !== '');
}

export function textWrap(text: string, width: number): string[] {
  const chunks = chunksOf(text).reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: string[] = [];
    let len = 0;
    if (lines.length > 0 && chunks[chunks.length - 1]?.trim() === '') chunks.pop();
    while (chunks.length > 0) {
      const next = chunks[chunks.length - 1] ?? '';
      if (len + next.length > width) break;
      line.push(next);
      len += next.length;
      chunks.pop();
    }
    const next = chunks[chunks.length - 1];
    if (next !== undefined && next.length > width) {
      // _handle_long_word: fill the line, preferring to break after a hyphen.
      const space = Math.max(1, width - len);
      let end = space;
      const hyphen = next.lastIndexOf('-', space - 1);
      if (next.length > space && hyphen > 0 && /[^-]/.test(next.slice(0, hyphen))) end = hyphen + 1;
      line.push(next.slice(0, end));
      len += end;
      chunks[chunks.length - 1] = next.slice(end);
    }
    if (line.length > 0 && line[line.length - 1]?.trim() === '') {
      len -= line[line.length - 1]?.length ?? 0;
      line.pop();
    }
    if (line.length > 0) lines.push(line.join(''));
  }
  return lines;
}
