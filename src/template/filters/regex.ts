/* Ansible's regex filters (plugins/filter/core.py) with Python `re` semantics. */
import { PyError } from '../py/errors.js';
import { truthy } from '../py/ops.js';
import { pyEscape, pyRegex, pySub } from '../py/regex.js';
import { tuple } from '../py/values.js';
import type { FilterTable } from '../registry.js';
import { bind, text } from './support.js';

function flags(ignorecase: unknown, multiline: unknown): string {
  return (truthy(ignorecase ?? false) ? 'i' : '') + (truthy(multiline ?? false) ? 'm' : '');
}

export const REGEX_FILTERS: FilterTable = {
  regex_replace: (_e, v, a, kw) => {
    const [pattern, repl, ic, ml] = bind('regex_replace', a, kw, ['pattern', 'replacement', 'ignorecase', 'multiline']);
    const re = pyRegex(pattern === undefined ? '' : text(pattern), flags(ic, ml));
    return pySub(re, repl === undefined ? '' : text(repl), text(v));
  },
  regex_findall: (_e, v, a, kw) => {
    const [pattern, ml, ic] = bind('regex_findall', a, kw, ['regex', 'multiline', 'ignorecase'], 1);
    const re = pyRegex(text(pattern), flags(ic, ml) + 'g');
    const out: unknown[] = [];
    for (const m of text(v).matchAll(re)) {
      if (m.length === 1) out.push(m[0]);
      else if (m.length === 2) out.push(m[1] ?? '');
      else out.push(tuple(m.slice(1).map((g) => g ?? '')));
    }
    return out;
  },
  regex_search: (_e, v, a, kw) => {
    const [pattern, ...refs] = a;
    if (pattern === undefined) throw new PyError('TypeError', "regex_search() missing 1 required positional argument: 'regex'");
    const groups = refs.map((r) => {
      const s = text(r);
      const named = /^\\g<(\S+)>/.exec(s);
      if (named) return /^\d+$/.test(named[1]!) ? parseInt(named[1]!, 10) : named[1]!;
      const num = /^\\(\d+)/.exec(s);
      if (num) return parseInt(num[1]!, 10);
      throw new PyError('AnsibleFilterError', 'Unknown argument');
    });
    const m = pyRegex(text(pattern), flags(kw['ignorecase'], kw['multiline'])).exec(text(v));
    if (!m) return null;
    if (!groups.length) return m[0];
    return groups.map((g) => {
      if (typeof g === 'number') {
        if (g >= m.length) throw new PyError('IndexError', 'no such group');
        return m[g] ?? null;
      }
      if (!m.groups || !(g in m.groups)) throw new PyError('IndexError', 'no such group');
      return m.groups[g] ?? null;
    });
  },
  regex_escape: (_e, v, a, kw) => {
    const [type] = bind('regex_escape', a, kw, ['re_type']);
    const t = type === undefined ? 'python' : text(type);
    if (t === 'python') return pyEscape(text(v));
    if (t === 'posix_basic') return text(v).replace(/([\].[^$*\\])/g, '\\$1');
    if (t === 'posix_extended') throw new PyError('AnsibleFilterError', `Regex type (${t}) not yet implemented`);
    throw new PyError('AnsibleFilterError', `Invalid regex type (${t})`);
  },
};
