/* Recognising templates, and the `#jinja2:` first line that overrides environment options. */
import { ansibleError } from './py/errors.js';
import { LiteralError, literalEval } from './py/literal-eval.js';
import { DEFAULT_TAGS, type Delimiters, type LexOptions } from './jinja/lexer.js';

/** Ansible's is_possibly_template: a start delimiter appears. */
export function isPossiblyTemplate(s: string, tags: Delimiters = DEFAULT_TAGS): boolean {
  return s.includes(tags.blockStart) || s.includes(tags.variableStart) || s.includes(tags.commentStart);
}

/** Ansible's is_template: the first start delimiter has its matching end after it. */
export function isTemplate(s: string, tags: Delimiters = DEFAULT_TAGS): boolean {
  const starts: Array<[string, string]> = [
    [tags.variableStart, tags.variableEnd],
    [tags.blockStart, tags.blockEnd],
    [tags.commentStart, tags.commentEnd],
  ];
  let best: [number, string, string] | undefined;
  for (const [open, close] of starts) {
    const at = s.indexOf(open);
    if (at >= 0 && (!best || at < best[0])) best = [at, open, close];
  }
  if (!best) return false;
  return s.indexOf(best[2], best[0] + best[1].length) >= 0;
}

export const JINJA2_OVERRIDE = '#jinja2:';

const TAG_KEYS: Record<string, keyof Delimiters> = {
  block_start_string: 'blockStart',
  block_end_string: 'blockEnd',
  variable_start_string: 'variableStart',
  variable_end_string: 'variableEnd',
  comment_start_string: 'commentStart',
  comment_end_string: 'commentEnd',
};

/** Applies a leading `#jinja2: key: value, …` line; returns the options and the rest of the text. */
export function applyHeader(data: string, base: LexOptions): { options: LexOptions; body: string } {
  if (!data.startsWith(JINJA2_OVERRIDE)) return { options: base, body: data };
  const eol = data.indexOf('\n');
  const line = data.slice(JINJA2_OVERRIDE.length, eol < 0 ? data.length - 1 : eol);
  const body = eol < 0 ? '' : data.slice(eol + 1);
  const options: LexOptions = { ...base, tags: { ...(base.tags ?? DEFAULT_TAGS) } };
  for (const pair of line.split(',')) {
    const i = pair.indexOf(':');
    if (i < 0) {
      throw ansibleError(`failed to parse jinja2 override '${pair.trim()}'. Did you use something different from colon as key-value separator?`);
    }
    const key = pair.slice(0, i).trim();
    let value: unknown;
    try {
      value = literalEval(pair.slice(i + 1).trim());
    } catch (e) {
      if (e instanceof LiteralError) throw ansibleError(`failed to parse jinja2 override '${pair.trim()}': ${e.message}`);
      throw e;
    }
    if (key === 'trim_blocks') options.trimBlocks = value === true;
    else if (key === 'lstrip_blocks') options.lstripBlocks = value === true;
    else if (key === 'keep_trailing_newline') options.keepTrailingNewline = value === true;
    else if (key === 'newline_sequence' && typeof value === 'string') options.newlineSequence = value;
    else if (key in TAG_KEYS && typeof value === 'string') options.tags![TAG_KEYS[key]!] = value;
  }
  return { options, body };
}
