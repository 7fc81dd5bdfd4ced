// Follows ansible.builtin.lineinfile (ansible-core 2.14 modules/lineinfile.py) line for line: the
// file is edited as bytes, regexps are Python bytes patterns (py-regex.ts), backrefs use expand().
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { compilePyRegex, expandPyTemplate, PyRegexError, pySearch } from './py-regex.js';
import { checkFileAttrs, makeParents, readlines, readTextFile, toBytes, toText, writeTextFile } from './text-file.js';
import { fileCommonOptions } from './uri.js';

const spec: ModuleSpec = {
  supportsCheckMode: true,
  mutuallyExclusive: [
    ['insertbefore', 'insertafter'],
    ['regexp', 'search_string'],
    ['backrefs', 'search_string'],
  ],
  options: {
    ...fileCommonOptions,
    path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    regexp: { type: 'str', aliases: ['regex'] },
    search_string: { type: 'str' },
    line: { type: 'str', aliases: ['value'] },
    insertafter: { type: 'str' },
    insertbefore: { type: 'str' },
    backrefs: { type: 'bool', default: false },
    create: { type: 'bool', default: false },
    backup: { type: 'bool', default: false },
    firstmatch: { type: 'bool', default: false },
    validate: { type: 'str' },
  },
};

const bytesRegex = (p: string): RegExp => compilePyRegex(toBytes(p), { unicode: false });
const stripEol = (l: string): string => l.replace(/[\r\n]+$/, '');

interface Edit {
  lines: string[];
  msg: string;
  changed: boolean;
}

/* present() of lineinfile.py: find the line to replace or where to insert. */
function present(lines: string[], a: Record<string, unknown>): Edit {
  const regexp = a['regexp'] as string | null;
  const search = a['search_string'] as string | null;
  const firstmatch = a['firstmatch'] === true;
  const insAfter = a['insertafter'] as string | null;
  const insBefore = a['insertbefore'] as string | null;
  const line = toBytes(a['line'] as string);
  const reM = regexp !== null ? bytesRegex(regexp) : undefined;
  const reIns = insAfter !== null && !['BOF', 'EOF'].includes(insAfter) ? bytesRegex(insAfter) : insBefore !== null && insBefore !== 'BOF' ? bytesRegex(insBefore) : undefined;
  const index = [-1, -1];
  let match: RegExpExecArray | boolean | null = null;
  let exact = false;
  if (reM) {
    for (const [n, cur] of lines.entries()) {
      const m = pySearch(reM, cur);
      if (m) {
        index[0] = n;
        match = m;
        if (firstmatch) break;
      }
    }
  }
  if (search !== null) {
    for (const [n, cur] of lines.entries()) {
      if (cur.includes(toBytes(search))) {
        index[0] = n;
        match = true;
        if (firstmatch) break;
      }
    }
  }
  if (!match) {
    for (const [n, cur] of lines.entries()) {
      if (line === stripEol(cur)) {
        index[0] = n;
        exact = true;
      } else if (reIns && pySearch(reIns, cur)) {
        if (insAfter) index[1] = n + 1;
        if (insBefore) index[1] = n;
        if (firstmatch) break;
      }
    }
  }
  const added = (at: number): Edit => {
    lines.splice(at, 0, line + '\n');
    return { lines, msg: 'line added', changed: true };
  };
  const none: Edit = { lines, msg: '', changed: false };
  const [i0, i1] = index as [number, number];
  if (i0 !== -1) {
    let newLine = a['backrefs'] === true && match && typeof match !== 'boolean' ? expandPyTemplate(line, match) : line;
    if (!newLine.endsWith('\n')) newLine += '\n';
    if (regexp === null && search === null && match === null && !exact) {
      if (insAfter && insAfter !== 'EOF') {
        if (lines.length && !/[\n\r]$/.test(lines[lines.length - 1]!)) lines[lines.length - 1] += '\n';
        if (lines.length === i1) return stripEol(lines[i1 - 1]!) !== line ? added(lines.length) : none;
        return stripEol(lines[i1]!) !== line ? added(i1) : none;
      }
      if (insBefore && insBefore !== 'BOF') {
        if (i1 <= 0) return stripEol(lines.at(i1) ?? "") !== line ? added(i1) : none;
        return stripEol(lines[i1 - 1]!) !== line ? added(i1) : none;
      }
      return none;
    }
    if (lines[i0] !== newLine) {
      lines[i0] = newLine;
      return { lines, msg: 'line replaced', changed: true };
    }
    return none;
  }
  if (a['backrefs'] === true) return none;
  if (insBefore === 'BOF' || insAfter === 'BOF') return added(0);
  if (insAfter === 'EOF' || i1 === -1) {
    if (lines.length && !/[\n\r]$/.test(lines[lines.length - 1]!)) lines.push('\n');
    return added(lines.length);
  }
  if (insAfter && i1 !== -1) {
    if (lines.length === i1) return stripEol(lines[i1 - 1]!) !== line ? added(lines.length) : none;
    return line !== stripEol(lines[i1]!) ? added(i1) : none;
  }
  return added(i1);
}

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const path = args['path'] as string;
  const regexp = args['regexp'] as string | null;
  const search = args['search_string'] as string | null;
  const line = args['line'] as string | null;
  const warnings: string[] = [];
  if (regexp === '' || search === '') {
    const name = regexp === '' ? 'regular expression' : 'search string';
    let w = `The ${name} is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending.`;
    if (regexp === '') w += " If this is desired, use '^' to match every line in the file and avoid this warning.";
    warnings.push(w);
  }
  const withWarnings = (r: ModuleResult): ModuleResult => (warnings.length ? { ...r, warnings } : r);
  const conn = await ctx.connection();
  const file = await readTextFile(conn, path);
  if (file.kind === 'dir') return { failed: true, rc: 256, msg: `Path ${path} is a directory !` };
  const present_ = args['state'] === 'present';
  if (present_) {
    if (args['backrefs'] === true && regexp === null) return { failed: true, msg: 'regexp is required with backrefs=true' };
    if (line === null) return { failed: true, msg: 'line is required with state=present' };
    if (args['insertbefore'] === null && args['insertafter'] === null) args = { ...args, insertafter: 'EOF' };
  } else if (regexp === null && search === null && line === null) {
    return { failed: true, msg: 'one of line, search_string, or regexp is required with state=absent' };
  }
  const diff: Record<string, unknown> = { before: '', after: '', before_header: `${path} (content)`, after_header: `${path} (content)` };
  let lines: string[];
  if (file.kind === 'absent') {
    if (!present_) return withWarnings({ changed: false, msg: 'file not present' });
    if (args['create'] !== true) return { failed: true, rc: 257, msg: `Destination ${path} does not exist !` };
    if (!ctx.checkMode) {
      const err = await makeParents(conn, file.realpath);
      if (err) return { failed: true, msg: err };
    }
    lines = [];
  } else lines = readlines(file.bytes);
  if (ctx.diff) diff['before'] = toText(lines.join(''));

  let edit: Edit;
  let found = 0;
  try {
    if (present_) edit = present(lines, args);
    else {
      const re = regexp !== null ? bytesRegex(regexp) : undefined;
      const kept = lines.filter((cur) => {
        const hit = re ? pySearch(re, cur) !== null : search !== null ? cur.includes(toBytes(search)) : toBytes(line!) === stripEol(cur);
        if (hit) found++;
        return !hit;
      });
      edit = { lines: kept, changed: found > 0, msg: found > 0 ? `${found} line(s) removed` : '' };
    }
  } catch (e) {
    // re.error escapes lineinfile.py uncaught: Ansible reports a module crash (rc 1).
    if (e instanceof PyRegexError) return { failed: true, rc: 1, msg: `MODULE FAILURE\nSee stdout/stderr for the exact error`, exception: `re.error: ${e.message}` };
    throw e;
  }
  if (ctx.diff) diff['after'] = toText(edit.lines.join(''));
  let backup = '';
  if (edit.changed && !ctx.checkMode) {
    const w = await writeTextFile(conn, file.realpath, edit.lines.join(''), { validate: args['validate'] as string | null, backup: args['backup'] === true && file.kind === 'file' });
    if (w.failure) return { failed: true, msg: w.failure };
    backup = w.backup;
  }
  if (present_ && ctx.checkMode && file.kind === 'absent') return withWarnings({ changed: edit.changed, msg: edit.msg, backup, diff });
  const attrs = await checkFileAttrs(conn, path, args, ctx.checkMode, edit.changed, edit.msg);
  if (attrs.failure) return { failed: true, msg: attrs.failure };
  const result: ModuleResult = { changed: attrs.changed, msg: attrs.msg, backup, diff: [diff, attrs.diff] };
  return withWarnings(present_ ? result : { ...result, found });
}

export const lineinfile: ModuleDefinition = { name: 'lineinfile', spec, run };
