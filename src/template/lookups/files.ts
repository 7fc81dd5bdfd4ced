/* Lookups that read the controller's files: file, fileglob, template, first_found. */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { glob, isFile } from '../filters/paths.js';
import { PyError } from '../py/errors.js';
import { truthy } from '../py/ops.js';
import { pyStrip } from '../py/str-methods.js';
import { asStr, dictEntries, isDict } from '../py/values.js';
import type { EvalEnv, LookupTable } from '../registry.js';
import { text } from '../filters/support.js';
import { findInSearchPath } from './search.js';

function ansibleError(msg: string): PyError {
  return new PyError('AnsibleError', msg);
}

function splitOn(v: unknown, seps: string): string[] {
  if (v === undefined || v === null) return [];
  const s = asStr(v);
  if (s !== undefined) return s.split(new RegExp(`[${seps.replace(/[\]\\^-]/g, '\\$&')}]`)).map((x) => x.trim()).filter(Boolean);
  return (Array.isArray(v) ? v : [v]).flatMap((x) => splitOn(x, seps));
}

function firstFoundSearch(terms: unknown[], kwargs: Record<string, unknown>): { search: string[]; skip: boolean } {
  let total: string[] = [];
  let skip = false;
  for (const term of terms) {
    let opts: Record<string, unknown>;
    if (isDict(term)) opts = Object.fromEntries(dictEntries(term));
    else if (asStr(term) !== undefined) opts = kwargs;
    else if (Array.isArray(term)) {
      const r = firstFoundSearch(term, kwargs);
      total.push(...r.search);
      skip = r.skip;
      continue;
    } else throw new PyError('AnsibleLookupError', `Invalid term supplied, can handle string, mapping or list of strings but got: ${typeof term} for ${String(term)}`);
    skip = truthy(opts['skip'] ?? false);
    const files = splitOn(opts['files'], ',;');
    const paths = splitOn(opts['paths'], ',:;');
    if (paths.length) for (const p of paths) for (const f of files) total.push(join(p, f));
    else if (files.length) total = files;
    else total.push(text(term));
  }
  return { search: total, skip };
}

function templateFile(env: EvalEnv, term: string, kwargs: Record<string, unknown>): string {
  const file = findInSearchPath(env.searchPath(), 'templates', term);
  if (!file) throw ansibleError(`the template file ${term} could not be found for the lookup`);
  const extra = kwargs['template_vars'];
  const vars = { ...env.scope.vars, ...(isDict(extra) ? Object.fromEntries(dictEntries(extra)) : {}) };
  return env.renderTemplateText(readFileSync(file, 'utf8'), file, vars);
}

export const FILE_LOOKUPS: LookupTable = {
  file: (env, terms, kwargs) =>
    terms.map((t) => {
      const term = text(t);
      const file = findInSearchPath(env.searchPath(), 'files', term);
      if (!file || !isFile(file)) throw ansibleError(`could not locate file in lookup: ${term}`);
      let contents = env.readFile(file);
      if (truthy(kwargs['lstrip'] ?? false)) contents = pyStrip(contents, null, true, false);
      if (truthy(kwargs['rstrip'] ?? true)) contents = pyStrip(contents, null, false, true);
      return contents;
    }),
  fileglob: (env, terms) => {
    const out: string[] = [];
    for (const t of terms) {
      const term = text(t);
      const file = basename(term);
      const dirs: Array<string | undefined> = [];
      if (file !== term) dirs.push(findInSearchPath(env.searchPath(), 'files', dirname(term)));
      else for (const p of env.searchPath().length ? env.searchPath() : [process.cwd()]) dirs.push(join(p, 'files'), p);
      for (const d of dirs) {
        if (!d) continue;
        const found = glob(join(d, file)).filter(isFile);
        if (found.length) {
          out.push(...found);
          break;
        }
      }
    }
    return out;
  },
  template: (env, terms, kwargs) => terms.map((t) => templateFile(env, text(t), kwargs)),
  first_found: (env, terms, kwargs) => {
    const { search, skip } = firstFoundSearch(terms, kwargs);
    for (const fn of search) {
      const p = findInSearchPath(env.searchPath(), 'files', fn);
      if (p !== undefined) return [p];
    }
    if (skip) return [];
    throw new PyError('AnsibleLookupError', 'No file was found when using first_found.');
  },
};
