// Follows ansible.builtin.replace (ansible-core 2.14 modules/replace.py): text (not bytes) patterns
// with MULTILINE, after/before delimit a DOTALL section, re.subn with Python's template syntax.
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { compilePyRegex, PyRegexError, pySearch, pySubn } from './py-regex.js';
import { checkFileAttrs, readTextFile, writeTextFile } from './text-file.js';
import { fileCommonOptions } from './uri.js';

const spec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    ...fileCommonOptions,
    path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
    regexp: { type: 'str', required: true },
    replace: { type: 'str', default: '' },
    after: { type: 'str' },
    before: { type: 'str' },
    backup: { type: 'bool', default: false },
    validate: { type: 'str' },
    encoding: { type: 'str', default: 'utf-8' },
  },
};

function decode(bytes: string, encoding: string): string | undefined {
  const buf = Buffer.from(bytes, 'latin1');
  const enc = encoding.toLowerCase().replace(/_/g, '-');
  if (enc === 'latin-1' || enc === 'latin1' || enc === 'iso-8859-1') return buf.toString('latin1');
  try {
    return new TextDecoder(enc, { fatal: true }).decode(buf);
  } catch {
    return undefined;
  }
}

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const path = args['path'] as string;
  const encoding = args['encoding'] as string;
  const after = args['after'] as string | null;
  const before = args['before'] as string | null;
  const conn = await ctx.connection();
  const file = await readTextFile(conn, path);
  if (file.kind === 'dir') return { failed: true, rc: 256, msg: `Path ${path} is a directory !` };
  if (file.kind === 'absent') return { failed: true, rc: 257, msg: `Path ${path} does not exist !` };
  const contents = decode(file.bytes, encoding);
  if (contents === undefined) return { failed: true, rc: 1, msg: 'MODULE FAILURE\nSee stdout/stderr for the exact error' };
  const result: ModuleResult = { rc: 0 };
  let pattern = '';
  if (after && before) pattern = `${after}(?P<subsection>.*?)${before}`;
  else if (after) pattern = `${after}(?P<subsection>.*)`;
  else if (before) pattern = `(?P<subsection>.*)${before}`;
  let section = contents;
  let indices: [number, number] = [0, contents.length];
  let subn: [string, number];
  try {
    if (pattern) {
      const m = pySearch(compilePyRegex(pattern, { unicode: true, dotall: true }, 'd'), contents);
      if (!m) return { ...result, msg: `Pattern for before/after params did not match the given file: ${pattern}`, changed: false };
      section = m.groups!['subsection']!;
      indices = m.indices!.groups!['subsection']!;
    }
    subn = pySubn(compilePyRegex(args['regexp'] as string, { unicode: true, multiline: true }), args['replace'] as string, section);
  } catch (e) {
    if (e instanceof PyRegexError) return { failed: true, rc: 1, msg: 'MODULE FAILURE\nSee stdout/stderr for the exact error', exception: `re.error: ${e.message}` };
    throw e;
  }
  let changed = false;
  let msg = '';
  let text = subn[0];
  if (subn[1] > 0 && section !== subn[0]) {
    if (pattern) text = contents.slice(0, indices[0]) + subn[0] + contents.slice(indices[1]);
    msg = `${subn[1]} replacements made`;
    changed = true;
    if (ctx.diff) result['diff'] = { before_header: path, before: contents, after_header: path, after: text };
  }
  if (changed && !ctx.checkMode) {
    const bytes = Buffer.from(text, encoding.toLowerCase().startsWith('latin') ? 'latin1' : 'utf8').toString('latin1');
    const w = await writeTextFile(conn, file.realpath, bytes, { validate: args['validate'] as string | null, backup: args['backup'] === true });
    if (w.failure) return { failed: true, msg: w.failure };
    if (w.backup) result['backup_file'] = w.backup;
  }
  const attrs = await checkFileAttrs(conn, path, args, ctx.checkMode, changed, msg);
  if (attrs.failure) return { failed: true, msg: attrs.failure };
  return { ...result, msg: attrs.msg, changed: attrs.changed };
}

export const replace: ModuleDefinition = { name: 'replace', spec, run };
