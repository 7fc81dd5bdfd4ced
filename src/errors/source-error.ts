/** Where something came from in a user's file; 1-based line and column. */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/**
 * An error in user input (playbook, inventory, vars file) that carries its position.
 * `kind` decides the exit code the CLI gives (Ansible: parse errors exit 4).
 */
export class SourceError extends Error {
  readonly code: string;
  readonly pos: SourcePos | undefined;
  readonly snippet: string | undefined;

  constructor(message: string, opts: { code?: string; pos?: SourcePos; snippet?: string } = {}) {
    super(message);
    this.name = 'SourceError';
    this.code = opts.code ?? 'KPLAY_SOURCE';
    this.pos = opts.pos;
    this.snippet = opts.snippet;
  }

  /** The message with the position and offending line, the way the CLI prints it. */
  describe(): string {
    const lines = [this.message];
    if (this.pos) {
      lines.push('', `The error appears to be in '${this.pos.file}': line ${this.pos.line}, column ${this.pos.column}.`);
      lines.push(`(${formatPos(this.pos)})`);
    }
    if (this.snippet) lines.push('', this.snippet);
    return lines.join('\n');
  }
}

/** Options or flags that make no sense; ansible-playbook exits 5 for these. */
export class OptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionsError';
  }
}

/** Something that stops the whole run but is no parse error (exit 1). */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}

/** Renders the offending line of a file with a caret under the column, as Ansible does. */
export function snippetAt(text: string, line: number, column: number): string {
  const all = text.split('\n');
  const out: string[] = [];
  const first = Math.max(1, line - 1);
  for (let n = first; n <= line; n++) out.push(all[n - 1] ?? '');
  out.push(' '.repeat(Math.max(0, column - 1)) + '^ here');
  return out.join('\n');
}
