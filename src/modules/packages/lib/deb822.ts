// deb822_repository's rendering (ansible-core ≥ 2.15, python-debian's Deb822.dump): sorted options,
// field names, yes/no booleans, space-joined lists, multi-line values indented with '.' for blanks.

/** The file name's slug: lower-case, runs of `_`/space → `-`, anything else outside [a-z0-9-] dropped. */
export function deb822Slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_\s]+/g, '-')
    .replace(/[^a-z0-9-]+/g, '');
}

export function fieldName(key: string): string {
  if (key === 'name') return 'X-Repolib-Name';
  if (key === 'uris') return 'URIs';
  return key
    .replace(/_/g, '-')
    .toLowerCase()
    .replace(/(^|[^a-z])([a-z])/g, (_, pre: string, c: string) => pre + c.toUpperCase());
}

function multiline(v: string): string {
  const lines = v
    .trim()
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim() || '.');
  return '\n' + lines.map((l) => `    ${l}`).join('\n');
}

/** The .sources text for the (already resolved) option values; null values are left out. */
export function renderDeb822(params: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const key of Object.keys(params).sort()) {
    let v = params[key];
    if (v === null || v === undefined) continue;
    if (typeof v === 'boolean') v = v ? 'yes' : 'no';
    else if (typeof v === 'number') v = String(v);
    else if (Array.isArray(v)) v = v.join(' ');
    let s = String(v);
    if (s.includes('\n')) s = multiline(s);
    out += s === '' || s.startsWith('\n') ? `${fieldName(key)}:${s}\n` : `${fieldName(key)}: ${s}\n`;
  }
  return out;
}
