/* The subelements lookup (ansible-core lookup/subelements.py): (item, subitem) pairs. */
import { PyError } from '../py/errors.js';
import { truthy } from '../py/ops.js';
import { pyRepr } from '../py/repr.js';
import { asStr, dictEntries, isDict, tuple } from '../py/values.js';
import type { LookupTable } from '../registry.js';

const FLAGS = ['skip_missing'];

function ansibleError(msg: string): PyError {
  return new PyError('AnsibleError', msg);
}

function termsError(msg = ''): never {
  throw ansibleError(`subelements lookup expects a list of two or three items, ${msg}`);
}

/** A private copy: the plugin pops the sub-list out of each item it returns. */
function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isDict(v)) return Object.fromEntries(dictEntries(v).map(([k, x]) => [k, clone(x)]));
  return v;
}

function subelements(terms: unknown[]): unknown[] {
  if (terms.length < 2 || terms.length > 3) termsError();
  let first = clone(terms[0]);
  if (isDict(first)) {
    const d = Object.fromEntries(dictEntries(first));
    if ('skipped' in d && d['skipped'] !== false) return [];
    first = Object.values(d);
  }
  if (!Array.isArray(first)) termsError('first a dict or a list, second a string pointing to the subkey');
  const path = asStr(terms[1]);
  if (path === undefined) termsError('first a dict or a list, second a string pointing to the subkey');
  const keys = path.split('.');
  let flags: Record<string, unknown> = {};
  if (terms.length === 3) {
    if (!isDict(terms[2])) termsError(`the optional third item must be a dict with flags ${pyRepr(FLAGS)}`);
    flags = Object.fromEntries(dictEntries(terms[2]));
  }
  const skipMissing = truthy(flags['skip_missing'] ?? false);
  const out: unknown[] = [];
  for (const item0 of first) {
    if (!isDict(item0)) throw ansibleError(`subelements lookup expects a dictionary, got '${pyRepr(item0)}'`);
    const top = item0 as Record<string, unknown>;
    if ('skipped' in top && top['skipped'] !== false) continue;
    let sub: Record<string, unknown> = top;
    let sublist: unknown[] = [];
    for (const [i, key] of keys.entries()) {
      const last = i === keys.length - 1;
      if (!(key in sub)) {
        if (skipMissing) continue;
        throw ansibleError(`could not find '${key}' key in iterated item '${pyRepr(sub)}'`);
      }
      const v = sub[key];
      if (!last) {
        if (!isDict(v)) {
          if (skipMissing) continue;
          throw ansibleError(`the key ${key} should point to a dictionary, got '${pyRepr(v)}'`);
        }
        sub = v as Record<string, unknown>;
      } else {
        if (!Array.isArray(v)) throw ansibleError(`the key ${key} should point to a list, got '${pyRepr(v)}'`);
        sublist = v;
        delete sub[key];
      }
    }
    for (const item1 of sublist) out.push(tuple([top, item1]));
  }
  return out;
}

export const SUBELEMENT_LOOKUPS: LookupTable = {
  subelements: (_e, terms) => subelements(terms),
};
