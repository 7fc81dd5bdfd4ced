/*
 * Compiles Jinja2 text with kplay's parser and compiler into nunjucks templates (cached by
 * text and options) and renders them; `{% include %}`/`{% import %}` load through the same
 * compiler from the search path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { PyError, TemplateSyntaxError } from '../py/errors.js';
import { JinjaCompiler } from './compiler.js';
import { DEFAULT_TAGS, tokenize, type LexOptions } from './lexer.js';
import { NjEnvironment, NjTemplate, type NjAny } from './nunjucks.js';
import { JinjaParser } from './parser.js';
import type { JinjaRuntime } from './runtime.js';

/** Templar strings: trim_blocks on, `\\` doubled inside `{{ }}` strings. */
export const STRING_OPTIONS: LexOptions = {
  trimBlocks: true,
  lstripBlocks: false,
  keepTrailingNewline: false,
  escapeBackslashes: true,
  newlineSequence: '\n',
};

/** The template module's defaults. */
export const FILE_OPTIONS: LexOptions = { ...STRING_OPTIONS, escapeBackslashes: false };

const MAX_CACHE = 4000;

function optionsKey(o: LexOptions): string {
  const t = o.tags ?? DEFAULT_TAGS;
  return [o.trimBlocks, o.lstripBlocks, o.keepTrailingNewline, o.escapeBackslashes, o.newlineSequence, ...Object.values(t)].join('\u0001');
}

function syntaxMessage(e: unknown): string {
  if (e instanceof TemplateSyntaxError) return e.message;
  if (e instanceof PyError) return e.message;
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^\([^)]*\)\s*(\[Line \d+, Column \d+\])?\s*/, '');
}

export class JinjaEnvironment {
  private readonly nj: NjAny;
  private readonly cache = new Map<string, NjAny>();
  /** Options included/imported files compile with (those of the file being rendered). */
  private fileOptions: LexOptions = FILE_OPTIONS;

  constructor(
    readonly runtime: JinjaRuntime,
    private readonly searchPath: () => string[],
  ) {
    const loader = { async: false, getSource: (name: string): NjAny => this.loadSource(name) };
    this.nj = new NjEnvironment([loader], { autoescape: false, dev: true });
    this.nj.py = runtime;
  }

  /** Compiled template props ({root, b_…}) or a TemplateSyntaxError. */
  private compileProps(src: string, opts: LexOptions, name: string | undefined): NjAny {
    let code: string;
    try {
      const parser = new JinjaParser(tokenize(src, opts));
      parser.extensions = [];
      const ast = parser.parseAsRoot();
      const compiler = new JinjaCompiler(name, false);
      compiler.known = { filter: (n: string) => this.runtime.hasFilter(n), test: (n: string) => this.runtime.hasTest(n) };
      compiler.compile(ast);
      code = compiler.getCode();
    } catch (e) {
      throw new TemplateSyntaxError(syntaxMessage(e));
    }
    return new Function(code)();
  }

  template(src: string, opts: LexOptions, name?: string): NjAny {
    const key = `${optionsKey(opts)}\u0000${name ?? ''}\u0000${src}`;
    let t = this.cache.get(key);
    if (!t) {
      t = new NjTemplate({ type: 'code', obj: this.compileProps(src, opts, name) }, this.nj, name);
      if (this.cache.size >= MAX_CACHE) this.cache.clear();
      this.cache.set(key, t);
    }
    return t;
  }

  /** Renders to text; errors come out as kplay's own (unwrapped from nunjucks'). */
  render(template: NjAny): string {
    try {
      return template.render({}) as string;
    } catch (e) {
      throw unwrap(e);
    }
  }

  withFileOptions<T>(opts: LexOptions, fn: () => T): T {
    const saved = this.fileOptions;
    this.fileOptions = opts;
    try {
      return fn();
    } finally {
      this.fileOptions = saved;
    }
  }

  private loadSource(name: string): NjAny {
    const candidates = isAbsolute(name) ? [name] : this.searchPath().flatMap((p) => [join(p, 'templates', name), join(p, name)]);
    const path = candidates.find((p) => existsSync(p));
    if (!path) return null;
    const obj = this.compileProps(readFileSync(path, 'utf8'), this.fileOptions, path);
    return { src: { type: 'code', obj }, path, noCache: true };
  }
}

/** The error kplay's runtime threw, out of nunjucks' TemplateError wrappers. */
export function unwrap(e: unknown): unknown {
  let cur = e;
  for (let i = 0; i < 20; i++) {
    const cause = (cur as { cause?: unknown } | null)?.cause;
    if (!cause || !(cur instanceof Error) || cur.name !== 'Template render error') break;
    cur = cause;
  }
  if (cur instanceof Error && cur.name === 'Template render error') {
    const m = /template not found: (.*)$/.exec(cur.message);
    if (m) return new PyError('TemplateNotFound', m[1] ?? '');
  }
  return cur;
}
