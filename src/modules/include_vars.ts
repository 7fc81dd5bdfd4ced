// Follows ansible.builtin.include_vars (action plugin): file, dir, name, files_matching, ignore_files, extensions, depth.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadYamlFile } from '../yaml/load.js';
import type { ModuleDefinition } from './types.js';

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function walk(dir: string, depth: number, level = 1): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (depth === 0 || level < depth) out.push(...walk(p, depth, level + 1));
    } else out.push(p);
  }
  return out;
}

export const include_vars: ModuleDefinition = {
  name: 'include_vars',
  controllerOnly: true,
  spec: {
    supportsCheckMode: true,
    freeForm: true,
    options: {
      _raw_params: {},
      file: { type: 'path' },
      dir: { type: 'path' },
      name: {},
      depth: { type: 'int', default: 0 },
      files_matching: {},
      ignore_files: { type: 'list', default: [] },
      extensions: { type: 'list', default: ['yaml', 'yml', 'json'] },
      ignore_unknown_extensions: { type: 'bool', default: false },
      hash_behaviour: {},
    },
  },
  async run(args, ctx) {
    const fileArg = (args['file'] ?? args['_raw_params']) as string | null;
    const dirArg = args['dir'] as string | null;
    const files: string[] = [];
    if (dirArg) {
      const dir = ctx.findFile?.('vars', dirArg);
      if (!dir) return { failed: true, changed: false, msg: `${dirArg} directory does not exist` };
      const exts = (args['extensions'] as string[]).map((e) => `.${e}`);
      const ignore = args['ignore_files'] as string[];
      const match = args['files_matching'] ? new RegExp(String(args['files_matching'])) : undefined;
      for (const f of walk(dir, args['depth'] as number)) {
        const base = f.slice(f.lastIndexOf('/') + 1);
        if (ignore.some((i) => new RegExp(i).test(base))) continue;
        if (match && !match.test(base)) continue;
        if (!exts.some((e) => f.endsWith(e))) {
          if (args['ignore_unknown_extensions'] === true) continue;
          return { failed: true, changed: false, msg: `${relative(dir, f)} does not have a valid extension: ${exts.join(', ')}` };
        }
        files.push(f);
      }
    } else if (fileArg) {
      const f = ctx.findFile?.('vars', fileArg);
      if (!f) return { failed: true, changed: false, msg: `Could not find or access '${fileArg}'` };
      files.push(f);
    } else return { failed: true, changed: false, msg: 'one of file, dir or a free-form file name is required' };
    const vars: Record<string, unknown> = {};
    for (const f of files) {
      const data = loadYamlFile(f, ctx.vault);
      if (data === null) continue;
      if (!isMapping(data)) return { failed: true, changed: false, msg: `${f} must be stored as a dictionary/hash` };
      Object.assign(vars, data);
    }
    const name = args['name'] as string | null;
    return { changed: false, ansible_facts: name ? { [name]: vars } : vars, ansible_included_var_files: files, _ansible_include_vars: true };
  },
};
