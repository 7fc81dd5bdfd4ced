// Ansible's apt_repository SourcesList (its own simple version of aptsources): one-line
// sources.list files parsed, edited and written back exactly as it does.

export const VALID_SOURCE_TYPES = ['deb', 'deb-src'];

export interface SourceLine {
  readonly valid: boolean;
  readonly enabled: boolean;
  readonly source: string;
  readonly comment: string;
}

export class InvalidSource extends Error {}

/** SourcesList._parse. */
export function parseSourceLine(raw: string, raiseIfInvalidOrDisabled = false): SourceLine {
  let line = raw.trim();
  let enabled = true;
  let comment = '';
  if (line.startsWith('#')) {
    enabled = false;
    line = line.slice(1);
  }
  const i = line.indexOf('#');
  if (i > 0) {
    comment = line.slice(i + 1).trim();
    line = line.slice(0, i);
  }
  let source = line.trim();
  let valid = false;
  if (source) {
    const chunks = source.split(/\s+/);
    if (VALID_SOURCE_TYPES.includes(chunks[0]!)) {
      valid = true;
      source = chunks.join(' ');
    }
  }
  if (raiseIfInvalidOrDisabled && (!valid || !enabled)) throw new InvalidSource(line);
  return { valid, enabled, source, comment };
}

/** SourcesList._suggest_filename (without the `filename` option, which replaces it whole). */
export function suggestFilename(source: string, filename: string | null): string {
  if (filename !== null) return `${filename}.list`;
  const line = source.replace(/\[[^\]]+\]/g, '').replace(/\w+:\/\//g, '');
  const parts = line.split(/\s+/).filter((p) => p !== '' && !VALID_SOURCE_TYPES.includes(p));
  let first = parts[0] ?? '';
  if (first.includes('@')) first = first.slice(first.indexOf('@') + 1);
  return `${first.replace(/[^a-zA-Z0-9]/g, ' ').split(/\s+/).filter(Boolean).join('_')}.list`;
}

function renderLine(l: SourceLine): string {
  return `${l.enabled ? '' : '# '}${l.source}${l.comment ? ` # ${l.comment}` : ''}\n`;
}

export class SourcesList {
  /** file → its lines, in load order (the default file first). */
  readonly files = new Map<string, SourceLine[]>();
  readonly newRepos = new Set<string>();
  /** Each line's number as Ansible keeps it (its index when loaded or appended). */
  private readonly numbers = new Map<string, number[]>();

  constructor(
    readonly defaultFile: string,
    readonly partsDir: string,
  ) {}

  load(file: string, text: string): void {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    this.files.set(file, lines.map((l) => parseSourceLine(l)));
  }

  /** SourcesList.dump: the text of every file that still has lines. */
  dump(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [file, lines] of this.files) if (lines.length) out.set(file, lines.map(renderLine).join(''));
    return out;
  }

  private expandPath(filename: string): string {
    return filename.includes('/') ? filename : `${this.partsDir.replace(/\/+$/, '')}/${filename}`;
  }

  addSource(line: string, filename: string | null): void {
    const source = parseSourceLine(line, true).source;
    let found = false;
    for (const [, lines] of this.files) {
      lines.forEach((l, n) => {
        if (l.valid && l.source === source) {
          lines[n] = { ...l, enabled: true };
          found = true;
        }
      });
    }
    if (found) return;
    const file = this.expandPath(suggestFilename(source, filename));
    if (!this.files.has(file)) this.files.set(file, []);
    const lines = this.files.get(file)!;
    const numbers = this.numbers.get(file) ?? lines.map((_, n) => n);
    numbers.push(lines.length);
    this.numbers.set(file, numbers);
    lines.push({ valid: true, enabled: true, source, comment: '' });
    this.newRepos.add(file);
  }

  /*
   * Ansible pops by each line's original number while iterating the same list (Python's list
   * iterator then skips the next line): replayed step by step, quirks included.
   */
  removeSource(line: string): void {
    const source = parseSourceLine(line, true).source;
    for (const [file, lines] of this.files) {
      const numbers = this.numbers.get(file) ?? lines.map((_, n) => n);
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i]!;
        if (!(l.valid && l.source === source && l.enabled)) continue;
        const n = numbers[i]!;
        if (n >= lines.length) throw new RangeError('pop index out of range');
        lines.splice(n, 1);
        numbers.splice(n, 1);
      }
      this.numbers.set(file, numbers);
    }
  }
}
