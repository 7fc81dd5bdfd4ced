/*
 * The position details ansible-core appends to an error raised with an object
 * (AnsibleError._get_extended_error, errors/yaml_strings.py): where, the offending line
 * with the line before it, and hints for common YAML mistakes.
 */
import { readFileSync } from 'node:fs';

const DICT = "This one looks easy to fix. YAML thought it was looking for the start of a\nhash/dictionary and was confused to see a second \"{\". Most likely this was\nmeant to be an ansible template evaluation instead, so we have to give the\nparser a small hint that we wanted a string instead. The solution here is to\njust quote the entire value.\n\nFor instance, if the original line was:\n\n    app_path: {{ base_path }}/foo\n\nIt should be written as:\n\n    app_path: \"{{ base_path }}/foo\"\n";
const UNQUOTED_VARIABLE = "We could be wrong, but this one looks like it might be an issue with\nmissing quotes. Always quote template expression brackets when they\nstart a value. For instance:\n\n    with_items:\n      - {{ foo }}\n\nShould be written as:\n\n    with_items:\n      - \"{{ foo }}\"\n";
const UNQUOTED_COLON = "This one looks easy to fix. There seems to be an extra unquoted colon in the line\nand this is confusing the parser. It was only expecting to find one free\ncolon. The solution is just add some quotes around the colon, or quote the\nentire line after the first colon.\n\nFor instance, if the original line was:\n\n    copy: src=file.txt dest=/path/filename:with_colon.txt\n\nIt can be written as:\n\n    copy: src=file.txt dest='/path/filename:with_colon.txt'\n\nOr:\n\n    copy: 'src=file.txt dest=/path/filename:with_colon.txt'\n";
const PARTIALLY_QUOTED_LINE = "This one looks easy to fix. It seems that there is a value started\nwith a quote, and the YAML parser is expecting to see the line ended\nwith the same kind of quote. For instance:\n\n    when: \"ok\" in result.stdout\n\nCould be written as:\n\n   when: '\"ok\" in result.stdout'\n\nOr equivalently:\n\n   when: \"'ok' in result.stdout\"\n";
const UNBALANCED_QUOTES = "We could be wrong, but this one looks like it might be an issue with\nunbalanced quotes. If starting a value with a quote, make sure the\nline ends with the same set of quotes. For instance this arbitrary\nexample:\n\n    foo: \"bad\" \"wolf\"\n\nCould be written as:\n\n    foo: '\"bad\" \"wolf\"'\n";
const LEADING_TAB = "There appears to be a tab character at the start of the line.\n\nYAML does not use tabs for formatting. Tabs should be replaced with spaces.\n\nFor example:\n    - name: update tooling\n      vars:\n        version: 1.2.3\n#    ^--- there is a tab there.\n\nShould be written as:\n    - name: update tooling\n      vars:\n        version: 1.2.3\n# ^--- all spaces here.\n";
const AND_SHORTHAND = "There appears to be both 'k=v' shorthand syntax and YAML in this task. Only one syntax may be used.\n";

function positionDetails(file: string, line: number, column: number): string {
  return `The error appears to be in '${file}': line ${line}, column ${column}, but may\nbe elsewhere in the file depending on the exact syntax problem.\n`;
}

function errorLines(file: string, lineIndex: number): { target: string; prev: string } {
  const lines = readFileSync(file, 'utf8').split(/(?<=\n)/);
  let n = Math.min(lineIndex, lines.length - 1);
  let target = lines[n] ?? '';
  while (!target.trim() && n > 0) target = lines[--n] ?? '';
  return { target, prev: n > 0 ? (lines[n - 1] ?? '') : '' };
}

function quotingHints(target: string, column: number): string {
  const stripped = target.replace(/ /g, '');
  if (target.includes('{{') && target.includes('}}') && (!target.includes('"{{') || !target.includes("'{{"))) return UNQUOTED_VARIABLE;
  if (stripped.includes(':{{') && stripped.includes('}}')) return DICT;
  if (target.length > 1 && target.length > column && target[column] === ':' && target.split(':').length - 1 > 1) return UNQUOTED_COLON;
  const parts = target.split(':');
  if (parts.length <= 1) return '';
  const middle = parts[1]!.trim();
  let out = '';
  if ((middle.startsWith("'") && !middle.endsWith("'")) || (middle.startsWith('"') && !middle.endsWith('"'))) out += PARTIALLY_QUOTED_LINE;
  const count = (c: string): number => target.split(c).length - 1;
  if ((middle.length > 0 && ['"', "'"].includes(middle[0]!) && ['"', "'"].includes(middle[middle.length - 1]!) && count("'") > 2) || count('"') > 2) out += UNBALANCED_QUOTES;
  return out;
}

/** The text ansible-core puts after an error's message (separated by a blank line) for a position. */
export function extendedErrorDetails(file: string, line: number, column: number): string {
  let out = positionDetails(file, line, column);
  let target: string;
  let prev: string;
  try {
    ({ target, prev } = errorLines(file, line - 1));
  } catch {
    return `${out}\n(could not open file to display line)`;
  }
  if (!target) return out;
  if (/\w+(\s+)?=(\s+)?[\w/-]+/.test(prev)) {
    const at = prev.trimEnd().indexOf('=');
    out = positionDetails(file, line - 1, at + 1);
    out += `\nThe offending line appears to be:\n\n${prev.trimEnd()}\n${' '.repeat(Math.max(0, at))}^ here\n\n${AND_SHORTHAND}`;
  } else {
    out += `\nThe offending line appears to be:\n\n${prev.trimEnd()}\n${target.trimEnd()}\n${' '.repeat(Math.max(0, column - 1))}^ here\n`;
  }
  if (target.includes('\t')) out += LEADING_TAB;
  return out + quotingHints(target, column);
}
