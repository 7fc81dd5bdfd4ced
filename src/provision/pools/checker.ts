import { SourceError, formatPos, snippetAt, type SourcePos } from '../../errors/source-error.js';
import { positionOf } from '../../yaml/load.js';
import { VaultText } from '../../yaml/tags.js';

export type YamlMap = Record<string, unknown>;

interface Problem {
  readonly message: string;
  readonly pos: SourcePos;
  readonly code: string;
}

/** Unknown keys that look like they hold a secret: their line is masked in snippets. */
const SECRET_LOOKING = /pass|secret|token|credential/i;

export function isMap(v: unknown): v is YamlMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof VaultText);
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (v instanceof VaultText) return 'a !vault value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return 'a string';
}

/**
 * Collects every problem in pools.yml before any is reported, so one run shows them all.
 * Errors point at the offending key; snippets never show a line that may hold a secret.
 */
export class Checker {
  private readonly problems: Problem[] = [];
  private readonly hidden = new Set<number>();

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {}

  at(container: unknown, key?: string | number): SourcePos {
    return positionOf(container, key) ?? { file: this.file, line: 1, column: 1 };
  }

  fail(message: string, pos: SourcePos, code = 'KPLAY_POOLS'): void {
    this.problems.push({ message, pos, code });
  }

  /** How many problems so far; compare before and after a part to see whether it failed. */
  get count(): number {
    return this.problems.length;
  }

  /** Keeps the line at `pos` (and a block scalar under it) out of every snippet. */
  hide(pos: SourcePos): void {
    const lines = this.text.split('\n');
    this.hidden.add(pos.line);
    for (let n = pos.line + 1; n <= lines.length; n++) {
      const line = lines[n - 1] ?? '';
      if (line.trim() === '') continue;
      if (line.length - line.trimStart().length < pos.column) break;
      this.hidden.add(n);
    }
  }

  /** The problems as SourceErrors in file order, each with its (masked) offending line. */
  errors(): SourceError[] {
    const masked = this.text
      .split('\n')
      .map((line, i) => {
        if (!this.hidden.has(i + 1)) return line;
        const colon = line.indexOf(':');
        return colon >= 0 ? `${line.slice(0, colon + 1)} ********` : line.replace(/\S.*$/, '********');
      })
      .join('\n');
    return [...this.problems]
      .sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column)
      .map(
        (p) =>
          new SourceError(p.message, {
            code: p.code,
            pos: p.pos,
            snippet: `The offending line appears to be:\n\n${snippetAt(masked, p.pos.line, p.pos.column)}`,
          }),
      );
  }

  mapping(value: unknown, pos: SourcePos, path: string): YamlMap | undefined {
    if (isMap(value)) return value;
    this.fail(`${path} must be a mapping, got ${typeName(value)}`, pos);
    return undefined;
  }

  /** Reports keys outside `allowed`, with a "did you mean" or a specific hint. */
  keys(map: YamlMap, allowed: readonly string[], path: string, hints: Readonly<Record<string, string>> = {}): void {
    for (const key of Object.keys(map)) {
      if (allowed.includes(key)) continue;
      const pos = this.at(map, key);
      if (SECRET_LOOKING.test(key)) this.hide(pos);
      const hint = hints[key] ?? suggest(key, allowed);
      this.fail(`unknown key '${key}' in ${path}${hint ? ` (${hint})` : ''}`, pos);
    }
  }

  /** A string value; absent (or null) gives undefined, anything else is reported. */
  string(map: YamlMap, key: string, path: string): string | undefined {
    const v = map[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' && v.trim() !== '') return v;
    const got = typeof v === 'string' ? 'an empty string' : typeName(v);
    this.fail(`${path}.${key} must be a non-empty string, got ${got}`, this.at(map, key));
    return undefined;
  }

  integer(map: YamlMap, key: string, path: string, min: number, max: number): number | undefined {
    const v = map[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    const got = typeof v === 'number' && Number.isInteger(v) ? String(v) : typeName(v);
    this.fail(`${path}.${key} must be an integer from ${min} to ${max}, got ${got}`, this.at(map, key));
    return undefined;
  }

  choice<T extends string | number>(map: YamlMap, key: string, path: string, choices: readonly T[]): T | undefined {
    const v = map[key];
    if (v === undefined || v === null) return undefined;
    const hit = choices.find((c) => c === v);
    if (hit !== undefined) return hit;
    const got = typeof v === 'string' || typeof v === 'number' ? `'${v}'` : typeName(v);
    this.fail(`${path}.${key} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${got}`, this.at(map, key));
    return undefined;
  }
}

function suggest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const near = allowed.find((a) => a.toLowerCase() === lower) ?? allowed.find((a) => distance(a.toLowerCase(), lower) <= 2);
  return near ? `did you mean '${near}'?` : `expected one of: ${allowed.join(', ')}`;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** All problems of one pools.yml: `pos`/`message` are the first's, `errors` has every one. */
export class PoolsError extends SourceError {
  readonly errors: readonly SourceError[];

  constructor(errors: readonly SourceError[]) {
    const first = errors[0];
    const lines = errors.map((e) => (e.pos ? `${formatPos(e.pos)}: ${e.message}` : e.message));
    super(errors.length === 1 ? (lines[0] ?? 'invalid pools file') : `${errors.length} problems in pools file:\n${lines.join('\n')}`, {
      code: first?.code ?? 'KPLAY_POOLS',
      ...(first?.pos ? { pos: first.pos } : {}),
      ...(first?.snippet ? { snippet: first.snippet } : {}),
    });
    this.name = 'PoolsError';
    this.errors = errors;
  }

  /** Every problem, each with its position and offending line. */
  override describe(): string {
    if (this.errors.length === 1) return super.describe();
    return this.errors.map((e) => e.describe()).join('\n\n');
  }
}
