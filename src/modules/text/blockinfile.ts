// Follows ansible.builtin.blockinfile (ansible-core 2.14 modules/blockinfile.py): a marked block
// of lines, found by its exact marker lines, edited as bytes.
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { compilePyRegex, PyRegexError, pySearch } from './py-regex.js';
import { checkFileAttrs, makeParents, readTextFile, toBytes, toText, writeTextFile } from './text-file.js';
import { fileCommonOptions } from './uri.js';

const spec: ModuleSpec = {
  supportsCheckMode: true,
  mutuallyExclusive: [['insertbefore', 'insertafter']],
  options: {
    ...fileCommonOptions,
    path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    marker: { type: 'str', default: '# {mark} ANSIBLE MANAGED BLOCK' },
    block: { type: 'str', default: '', aliases: ['content'] },
    insertafter: { type: 'str' },
    insertbefore: { type: 'str' },
    create: { type: 'bool', default: false },
    backup: { type: 'bool', default: false },
    validate: { type: 'str' },
    marker_begin: { type: 'str', default: 'BEGIN' },
    marker_end: { type: 'str', default: 'END' },
  },
};

/** Python's bytes.splitlines(keepends=True): \n, \r\n and \r end lines. */
const splitlines = (s: string): string[] => s.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
const countNewlines = (s: string, end: number): number => (s.slice(0, end).match(/\n/g) ?? []).length;

function place(lines: string[], original: string | null, args: Record<string, unknown>, marker0: string, marker1: string): number {
  const insertbefore = args['insertbefore'] as string | null;
  const insertafter = (args['insertafter'] as string | null) ?? (insertbefore === null ? 'EOF' : null);
  let n0: number | undefined;
  let n1: number | undefined;
  lines.forEach((l, i) => {
    if (l === marker0) n0 = i;
    if (l === marker1) n1 = i;
  });
  if (n0 !== undefined && n1 !== undefined) {
    if (n0 < n1) {
      lines.splice(n0, n1 - n0 + 1);
      return n0;
    }
    lines.splice(n1, n0 - n1 + 1);
    return n1;
  }
  const source = insertafter !== null && insertafter !== 'EOF' ? insertafter : insertbefore !== null && insertbefore !== 'BOF' ? insertbefore : null;
  if (source === null) return insertbefore !== null ? 0 : lines.length;
  const re = compilePyRegex(toBytes(source), { unicode: false });
  let at: number | undefined;
  if (/^\(\?[aiLsux]*m/.test(source)) {
    const m = pySearch(re, original ?? '');
    if (m) at = countNewlines(original ?? '', insertafter !== null ? m.index + m[0].length : m.index);
  } else lines.forEach((l, i) => pySearch(re, l) && (at = i));
  if (at === undefined) return lines.length;
  return insertafter !== null ? at + 1 : at;
}

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const path = args['path'] as string;
  const present = args['state'] === 'present';
  const conn = await ctx.connection();
  const file = await readTextFile(conn, path);
  if (file.kind === 'dir') return { failed: true, rc: 256, msg: `Path ${path} is a directory !` };
  if (file.kind === 'absent') {
    if (args['create'] !== true) return { failed: true, rc: 257, msg: `Path ${path} does not exist !` };
    if (!ctx.checkMode) {
      const err = await makeParents(conn, file.realpath);
      if (err) return { failed: true, msg: err };
    }
  }
  const original = file.kind === 'file' ? file.bytes : null;
  const lines = original === null ? [] : splitlines(original);
  const diff: Record<string, unknown> = { before: '', after: '', before_header: `${path} (content)`, after_header: `${path} (content)` };
  if (ctx.diff && original) diff['before'] = toText(original);
  if (!present && file.kind === 'absent') return { changed: false, msg: `File ${path} not present` };
  const marker = toBytes(args['marker'] as string);
  const marker0 = marker.split('{mark}').join(toBytes(args['marker_begin'] as string)) + '\n';
  const marker1 = marker.split('{mark}').join(toBytes(args['marker_end'] as string)) + '\n';
  let block = toBytes(args['block'] as string);
  let blocklines: string[] = [];
  if (present && block) {
    if (!block.endsWith('\n')) block += '\n';
    blocklines = [marker0, ...splitlines(block), marker1];
  }
  let n0: number;
  try {
    n0 = place(lines, original, args, marker0, marker1);
  } catch (e) {
    if (e instanceof PyRegexError) return { failed: true, rc: 1, msg: 'MODULE FAILURE\nSee stdout/stderr for the exact error', exception: `re.error: ${e.message}` };
    throw e;
  }
  if (n0 > 0 && !lines[n0 - 1]!.endsWith('\n')) lines[n0 - 1] += '\n';
  lines.splice(n0, 0, ...blocklines);
  const result = lines.join('');
  if (ctx.diff) diff['after'] = toText(result);
  const [changed, msg] = original === result ? [false, ''] : original === null ? [true, 'File created'] : blocklines.length === 0 ? [true, 'Block removed'] : [true, 'Block inserted'];
  let backup: string | undefined;
  if (changed && !ctx.checkMode) {
    const w = await writeTextFile(conn, file.kind === 'file' ? file.realpath : file.realpath, result, { validate: args['validate'] as string | null, backup: args['backup'] === true && file.kind === 'file' });
    if (w.failure) return { failed: true, msg: w.failure };
    backup = w.backup || undefined;
  }
  if (ctx.checkMode && file.kind === 'absent') return { changed, msg, diff };
  const attrs = await checkFileAttrs(conn, path, args, ctx.checkMode, changed, msg);
  if (attrs.failure) return { failed: true, msg: attrs.failure };
  return { changed: attrs.changed, msg: attrs.msg, diff: [diff, attrs.diff], ...(backup ? { backup_file: backup } : {}) };
}

export const blockinfile: ModuleDefinition = { name: 'blockinfile', spec, run };
