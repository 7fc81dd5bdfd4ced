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
    throw new AnswerFileError(name, (e as Error).message.replace(/\s+/g, ' ').trim());
  }
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
