import { textWrap } from './textwrap.js';

/** Display's width when stdout is not a terminal (max(79, tty columns - 1) otherwise). */
export const DISPLAY_COLUMNS = 79;

/** Display.warning's text: `[WARNING]: …` folded by Python's textwrap, ending in a newline. */
export function warningText(message: string): string {
  return `${textWrap(`[WARNING]: ${message}`, DISPLAY_COLUMNS).join('\n')}\n`;
}
