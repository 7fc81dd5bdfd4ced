import type { Connection } from '../../../connection/types.js';

/**
 * A `path` argument as AnsibleModule's type='path' expands it on the host: a leading `~` or
 * `~user` becomes that home directory. Paths without a tilde cost no round trip.
 */
export async function expandRemotePath(conn: Connection, path: string): Promise<string> {
  const m = /^~([A-Za-z0-9_.-]*)(?=\/|$)/.exec(path);
  if (!m) return path;
  const r = await conn.exec(m[1] ? `getent passwd ${m[1]} | cut -d: -f6` : 'printf %s "$HOME"');
  const home = r.stdout.trim();
  return home ? home + path.slice(m[0].length) : path;
}

/** Tells a failed module result apart from a thrown helper error, with Ansible's message. */
export function failure(msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> & { failed: true; msg: string } {
  return { ...extra, failed: true, msg };
}
