/**
 * Python's `shlex.split(s, comments=True)` (posix mode), which Ansible's INI plugin uses
 * to split a host line into the host pattern and its `key=value` tokens.
 */

export class ShlexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShlexError';
  }
}

const WHITESPACE = ' \t\r\n';
const QUOTES = `'"`;

type State = ' ' | 'a' | "'" | '"' | '\\' | 'eof';

export function shlexSplit(line: string, comments = true): string[] {
  const tokens: string[] = [];
  let state: State = ' ';
  let escaped = 'a' as State;
  let token = '';
  let quoted = false;
  let i = 0;
  const emit = (): void => {
    if (token !== '' || quoted) tokens.push(token);
    token = '';
    quoted = false;
  };
  while (i <= line.length) {
    const c = i < line.length ? line[i]! : '';
    i++;
    if (state === ' ' || state === 'a') {
      if (c === '') {
        emit();
        break;
      }
      if (WHITESPACE.includes(c)) {
        if (state === 'a') emit();
        state = ' ';
      } else if (comments && c === '#') {
        // the rest of the line is a comment; a token in progress ends here
        const nl = line.indexOf('\n', i);
        i = nl < 0 ? line.length + 1 : nl + 1;
        if (state === 'a') emit();
        state = ' ';
        if (nl < 0) {
          emit();
          break;
        }
      } else if (QUOTES.includes(c)) {
        quoted = true;
        state = c as State;
      } else if (c === '\\') {
        escaped = 'a';
        state = '\\';
      } else {
        token += c;
        state = 'a';
      }
    } else if (state === "'" || state === '"') {
      if (c === '') throw new ShlexError('No closing quotation');
      if (c === state) {
        state = 'a';
      } else if (c === '\\' && state === '"') {
        escaped = state;
        state = '\\';
      } else {
        token += c;
      }
    } else if (state === '\\') {
      if (c === '') throw new ShlexError('No escaped character');
      // inside double quotes, a backslash escapes only the quote and itself
      if (escaped === '"' && c !== '"' && c !== '\\') token += '\\';
      token += c;
      state = escaped;
    }
  }
  return tokens;
}
