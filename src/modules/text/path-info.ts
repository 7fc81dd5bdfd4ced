import { shellQuote } from '../../connection/quote.js';
import type { Connection } from '../../connection/types.js';

/*
 * AnsibleModule.exit_json adds these keys whenever a result names a `path` (or `dest`) that
 * exists: uid/gid/owner/group from os.stat, mode/size from os.lstat, and a state word.
 */
export function pathInfoScript(path: string): string {
  const p = shellQuote(path);
  return (
    `if [ -e ${p} ] || [ -L ${p} ]; then ` +
    `stat -L --printf '%u\\n%g\\n%U\\n%G\\n' -- ${p} 2>/dev/null || printf '\\n\\n\\n\\n'; stat --printf '%a\\n%s\\n%F\\n' -- ${p}; stat -L --printf '%h\\n' -- ${p} 2>/dev/null || echo 1; ` +
    `else echo ABSENT; fi`
  );
}

export function parsePathInfo(out: string): Record<string, unknown> {
  const l = out.split('\n');
  if (l[0] === 'ABSENT' || l.length < 8) return {};
  const uid = Number(l[0]);
  const gid = Number(l[1]);
  const type = l[6] ?? '';
  const state = type === 'symbolic link' ? 'link' : type === 'directory' ? 'directory' : Number(l[7]) > 1 ? 'hard' : 'file';
  return {
    uid,
    gid,
    owner: l[2] === 'UNKNOWN' ? String(uid) : l[2],
    group: l[3] === 'UNKNOWN' ? String(gid) : l[3],
    mode: '0' + parseInt(l[4]!, 8).toString(8).padStart(3, '0'),
    state,
    size: Number(l[5]),
  };
}

export async function pathInfo(conn: Connection, path: string): Promise<Record<string, unknown>> {
  const r = await conn.exec(pathInfoScript(path));
  return parsePathInfo(r.stdout);
}
