/**
 * The setup module's `filter` (ansible_collector.py AnsibleFactCollector._filter): fnmatch
 * patterns matched against the `ansible_`-prefixed names; a pattern not starting with
 * `ansible_`, `facter` or `ohai` is tried again with `ansible_` put in front.
 */

/** Python's fnmatch.translate, case-sensitive as fnmatch is on POSIX. */
export function fnmatchToRegExp(pat: string): RegExp {
  let re = '';
  let i = 0;
  const n = pat.length;
  while (i < n) {
    const c = pat[i++]!;
    if (c === '*') {
      if (!re.endsWith('[\\s\\S]*')) re += '[\\s\\S]*';
    } else if (c === '?') {
      re += '[\\s\\S]';
    } else if (c === '[') {
      let j = i;
      if (j < n && pat[j] === '!') j++;
      if (j < n && pat[j] === ']') j++;
      while (j < n && pat[j] !== ']') j++;
      if (j >= n) {
        re += '\\[';
        continue;
      }
      let stuff = pat.slice(i, j).replace(/\\/g, '\\\\').replace(/\]/g, '\\]');
      i = j + 1;
      if (stuff.startsWith('!')) stuff = `^${stuff.slice(1)}`;
      else if (stuff.startsWith('^')) stuff = `\\${stuff}`;
      re += stuff.length ? `[${stuff}]` : '(?!)';
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return new RegExp(`^(?:${re})$`);
}

/** Keeps the facts (keys as the module names them, prefixed) that a filter spec selects. */
export function filterFacts<T>(facts: ReadonlyArray<[string, T]>, filterSpec: readonly string[]): Array<[string, T]> {
  if (filterSpec.length === 0 || (filterSpec.length === 1 && filterSpec[0] === '*')) return [...facts];
  const found: Array<[string, T]> = [];
  for (const f of filterSpec) {
    const re = fnmatchToRegExp(f);
    const prefixed = f && !/^(ansible_|facter|ohai)/.test(f) ? fnmatchToRegExp(`ansible_${f}`) : undefined;
    for (const [k, v] of facts) {
      if (!f || re.test(k)) found.push([k, v]);
      else if (prefixed && prefixed.test(k)) found.push([k, v]);
    }
  }
  return found;
}
