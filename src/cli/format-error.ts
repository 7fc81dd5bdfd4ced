import { readFileSync } from 'node:fs';
import { SourceError, snippetAt } from '../errors/source-error.js';

function offendingLine(file: string, line: number, column: number): string | undefined {
  try {
    return `The offending line appears to be:\n\n${snippetAt(readFileSync(file, 'utf8'), line, column)}`;
  } catch {
    return undefined;
  }
}

/** One way to print every error, as ansible-playbook does (`ERROR! …` with the position and line). */
export function formatError(e: unknown): string {
  if (e instanceof SourceError) {
    const lines = [`ERROR! ${e.message}`];
    if (e.pos) {
      lines.push('', `The error appears to be in '${e.pos.file}': line ${e.pos.line}, column ${e.pos.column}, but may`, 'be elsewhere in the file depending on the exact syntax problem.');
    }
    const snippet = e.snippet ?? (e.pos ? offendingLine(e.pos.file, e.pos.line, e.pos.column) : undefined);
    if (snippet) lines.push('', snippet);
    return lines.join('\n');
  }
  return `ERROR! ${e instanceof Error ? e.message : String(e)}`;
}
