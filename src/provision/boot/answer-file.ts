import { readFileSync } from 'node:fs';
import nunjucks from 'nunjucks';
import { RunError } from '../../errors/source-error.js';
import type { AnswerFileKind } from '../pools/model.js';

export class AnswerFileError extends RunError {
  readonly code = 'KPLAY_ANSWER_FILE';
  constructor(
    readonly template: string,
    detail: string,
  ) {
    super(`answer file template ${template}: ${detail}`);
    this.name = 'AnswerFileError';
  }
}

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });

/** Renders a template (Jinja2 syntax) with a host's variables; an undefined variable is an error, not an empty string. */
export function renderTemplateText(text: string, vars: Record<string, unknown>, name: string): string {
  try {
    return env.renderString(text, vars);
  } catch (e) {
    const message = (e as Error).message.replace(/\s+/g, ' ').replace('(unknown path) ', '').trim();
    throw new AnswerFileError(name, `${message}${near(text, message)}`);
  }
}

/** nunjucks names the line and column but not the variable: quote the template there. */
function near(text: string, message: string): string {
  const m = /\[Line (\d+), Column (\d+)\]/.exec(message);
  if (!m) return '';
  const line = text.split('\n')[Number(m[1]) - 1] ?? '';
  const expr = /\{\{.*?\}\}/.exec(line.slice(Math.max(0, Number(m[2]) - 3)));
  return expr ? ` (at ${expr[0]})` : '';
}

export function renderAnswerFile(templatePath: string, vars: Record<string, unknown>): string {
  let text: string;
  try {
    text = readFileSync(templatePath, 'utf8');
  } catch (e) {
    throw new AnswerFileError(templatePath, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return renderTemplateText(text, vars, templatePath);
}

export const ANSWER_CONTENT_TYPES: Readonly<Record<AnswerFileKind, string>> = {
  kickstart: 'text/plain; charset=utf-8',
  preseed: 'text/plain; charset=utf-8',
  autoinstall: 'text/yaml; charset=utf-8',
  'cloud-init': 'text/cloud-config; charset=utf-8',
};
