// Follows ansible.builtin.template (ansible-core 2.14: plugins/action/template.py), which hands the
// rendered text to the copy action.
import { readFileSync, statSync } from 'node:fs';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { copyOne, copySpec, withFileErrors } from './copy.js';
import { expandRemotePath } from './support/remote-path.js';

const { src: _src, content: _content, remote_src: _remote, local_follow: _lf, directory_mode: _dm, decrypt: _dec, ...copyOptions } = copySpec.options;

export const templateSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    src: { type: 'path' },
    dest: { type: 'path' },
    newline_sequence: { default: '\n', choices: ['\n', '\r', '\r\n'] },
    block_start_string: {},
    block_end_string: {},
    variable_start_string: {},
    variable_end_string: {},
    comment_start_string: {},
    comment_end_string: {},
    trim_blocks: { type: 'bool', default: true },
    lstrip_blocks: { type: 'bool', default: false },
    output_encoding: { default: 'utf-8' },
    ...copyOptions,
  },
};

const HEADER_KEYS = ['block_start_string', 'block_end_string', 'variable_start_string', 'variable_end_string', 'comment_start_string', 'comment_end_string'] as const;

function pyRepr(v: string | boolean): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The task's environment options as a `#jinja2:` line ahead of the template's own (whose pairs
 * come later and so win, as in Ansible where the header overrides the task's settings).
 */
export function withTaskOptions(text: string, args: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const k of HEADER_KEYS) if (typeof args[k] === 'string') pairs.push(`${k}: ${pyRepr(args[k] as string)}`);
  if (args['trim_blocks'] === false) pairs.push('trim_blocks: False');
  if (args['lstrip_blocks'] === true) pairs.push('lstrip_blocks: True');
  if (pairs.length === 0) return text;
  if (text.startsWith('#jinja2:')) return `#jinja2:${pairs.join(', ')}, ${text.slice('#jinja2:'.length)}`;
  return `#jinja2:${pairs.join(', ')}\n${text}`;
}

async function runTemplate(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const src = args['src'] as string | null;
  const rawDest = args['dest'] as string | null;
  if (!src || !rawDest) return { failed: true, msg: 'src and dest are required' };
  const full = ctx.findFile?.('templates', src);
  if (!full) return { failed: true, msg: `Could not find or access '${src}'\nSearched in:\n\t${src}\n on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option` };
  if (!ctx.renderTemplateFile) return { failed: true, msg: 'template rendering is not available here' };
  let rendered: string;
  try {
    rendered = ctx.renderTemplateFile(withTaskOptions(readFileSync(full, 'utf8'), args), full, src, rawDest);
  } catch (e) {
    return { failed: true, msg: e instanceof Error ? e.message : String(e) };
  }
  const nl = args['newline_sequence'] as string;
  if (nl !== '\n') rendered = rendered.replace(/\n/g, nl);
  const conn = await ctx.connection();
  const dest = await expandRemotePath(conn, rawDest);
  const localMode = statSync(full).mode & 0o7777;
  const data = Buffer.from(rendered, (args['output_encoding'] as string).toLowerCase().replace('-', '') === 'utf8' ? 'utf8' : 'latin1');
  const r = await copyOne({ ...args, force: args['force'] }, ctx, { data, rel: full.split('/').pop()!, full, localMode }, dest, args['follow'] === true, false);
  return r ?? { changed: false, dest, src: full };
}

export const template: ModuleDefinition = {
  name: 'template',
  spec: templateSpec,
  run: (args, ctx) => withFileErrors(() => runTemplate(args, ctx)),
};
