/**
 * Python's shlex with whitespace_split=True, both modes: posix (distro's os-release
 * reader, '#' comments on) and non-posix (Ansible's /proc/cmdline parser, quotes kept).
 */

const WHITESPACE = ' \t\r\n';
const QUOTES = `'"`;
const ESCAPE = '\\';
const ESCAPED_QUOTES = '"';

export class ShlexError extends Error {}

export function shlexSplit(s: string, opts: { posix: boolean; comments: boolean }): string[] {
  const { posix } = opts;
  const commenters = opts.comments ? '#' : '';
  const tokens: string[] = [];
  let i = 0;
  const next = (): string => (i < s.length ? s[i++]! : '');
  const skipLine = (): void => {
    while (i < s.length && s[i] !== '\n') i++;
    if (i < s.length) i++;
  };
  for (;;) {
    let state: string | null = ' ';
    let token = '';
    let quoted = false;
    let escapedState = ' ';
    for (;;) {
      const c = next();
      if (state === ' ') {
        if (!c) {
          state = null;
          break;
        } else if (WHITESPACE.includes(c)) {
          if (token || (posix && quoted)) break;
        } else if (commenters.includes(c)) {
          skipLine();
        } else if (posix && ESCAPE.includes(c)) {
          escapedState = 'a';
          state = c;
        } else if (QUOTES.includes(c)) {
          if (!posix) token = c;
          state = c;
        } else {
          token = c;
          state = 'a';
        }
      } else if (QUOTES.includes(state)) {
        quoted = true;
        if (!c) throw new ShlexError('No closing quotation');
        if (c === state) {
          if (!posix) {
            token += c;
            state = ' ';
            break;
          }
          state = 'a';
        } else if (posix && ESCAPE.includes(c) && ESCAPED_QUOTES.includes(state)) {
          escapedState = state;
          state = c;
        } else {
          token += c;
        }
      } else if (ESCAPE.includes(state)) {
        if (!c) throw new ShlexError('No escaped character');
        if (QUOTES.includes(escapedState) && c !== state && c !== escapedState) token += state;
        token += c;
        state = escapedState;
      } else {
        // state 'a'
        if (!c) {
          state = null;
          break;
        } else if (WHITESPACE.includes(c)) {
          state = ' ';
          if (token || (posix && quoted)) break;
        } else if (commenters.includes(c)) {
          skipLine();
          if (posix) {
            state = ' ';
            if (token || (posix && quoted)) break;
          }
        } else if (posix && QUOTES.includes(c)) {
          state = c;
        } else if (posix && ESCAPE.includes(c)) {
          escapedState = 'a';
          state = c;
        } else {
          token += c;
        }
      }
    }
    if (state === null && !token && !(posix && quoted)) break;
    if (posix ? token !== '' || quoted : token !== '') tokens.push(token);
    if (state === null) break;
  }
  return tokens;
}
