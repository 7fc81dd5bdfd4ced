import { shellQuote } from '../../../connection/quote.js';
import type { Connection } from '../../../connection/types.js';
import { desiredMode, octalString } from './mode.js';
import { isDir, isLink, parseStat, statScript, type RemoteStat } from './remote-stat.js';

/** owner/group/mode as the file, copy and template modules take them (Ansible's common file args). */
export interface FileAttributes {
  readonly mode?: unknown;
  readonly owner?: string | null;
  readonly group?: string | null;
}

/** Ansible's failures while setting attributes (`chown failed: failed to look up user x`). */
export class AttributeError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AttributeError';
  }
}

export interface AttributeOutcome {
  readonly changed: boolean;
  /** What changed, as Ansible's diff before/after entries (owner/group as ids, mode as '0644'). */
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
  /** The path's stat afterwards (the input stat in check mode or when nothing changed). */
  readonly stat: RemoteStat;
}

const NUMERIC = /^\d+$/;
const LOOKUP_FAILED = '@@KPLAY-LOOKUP-FAILED@@';

/**
 * Ansible's set_owner/group/mode_if_different for one existing path, in one round trip: names are
 * looked up on the host, chown/chmod run only for what differs, and the path is stat'ed again.
 * In check mode nothing is changed, but unknown users/groups still fail as in Ansible.
 */
export async function applyAttributes(conn: Connection, st: RemoteStat, attrs: FileAttributes, opts: { checkMode: boolean; follow?: boolean }): Promise<AttributeOutcome> {
  const p = shellQuote(st.path);
  const lines: string[] = [];
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  let changed = false;
  const { owner, group } = attrs;
  const h = opts.follow ? '' : '-h ';
  if (owner !== undefined && owner !== null && owner !== st.owner && owner !== String(st.uid)) {
    const who = NUMERIC.test(owner) ? shellQuote(owner) : `"$(getent passwd ${shellQuote(owner)} | cut -d: -f3)"`;
    lines.push(`u=${who}; [ -n "$u" ] || { echo '${LOOKUP_FAILED} user'; exit 0; }`, `if [ "$u" != ${st.uid} ]; then echo "owner $u"; ${opts.checkMode ? '' : `chown ${h}-- "$u" ${p} || exit 1;`} fi`);
  }
  if (group !== undefined && group !== null && group !== st.group && group !== String(st.gid)) {
    const gid = NUMERIC.test(group) ? shellQuote(group) : `"$(getent group ${shellQuote(group)} | cut -d: -f3)"`;
    lines.push(`g=${gid}; [ -n "$g" ] || { echo '${LOOKUP_FAILED} group'; exit 0; }`, `if [ "$g" != ${st.gid} ]; then echo "group $g"; ${opts.checkMode ? '' : `chgrp ${h}-- "$g" ${p} || exit 1;`} fi`);
  }
  const prevMode = st.rawMode & 0o7777;
  const mode = desiredMode(attrs.mode, prevMode, isDir(st));
  const modeChanged = mode !== undefined && mode !== prevMode;
  if (mode !== undefined && modeChanged) {
    changed = true;
    // Linux has no lchmod: Ansible leaves a symlink's own mode alone (and still reports a change).
    if (!opts.checkMode && !isLink(st)) lines.push(`chmod ${mode.toString(8)} -- ${p} || exit 1`);
  }
  const withMode = (): void => {
    if (!modeChanged) return;
    before['mode'] = octalString(prevMode);
    after['mode'] = octalString(mode);
  };
  if (lines.length === 0) {
    withMode();
    return { changed, before, after, stat: st };
  }
  const script = [...lines, opts.checkMode ? 'true' : statScript(st.path, { follow: opts.follow ?? false })].join('\n');
  const r = await conn.exec(script);
  if (r.code !== 0) throw new AttributeError(`chown failed: ${r.stderr.trim()}`, st.path);
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith(LOOKUP_FAILED)) {
      const what = line.endsWith('user') ? 'user' : 'group';
      throw new AttributeError(`chown failed: failed to look up ${what} ${what === 'user' ? String(owner) : String(group)}`, st.path);
    }
    const m = /^(owner|group) (\d+)$/.exec(line);
    if (m) {
      changed = true;
      before[m[1]!] = m[1] === 'owner' ? st.uid : st.gid;
      after[m[1]!] = Number(m[2]);
    }
  }
  withMode();
  const stat = opts.checkMode ? st : (parseStat(st.path, r.stdout) ?? st);
  return { changed, before, after, stat };
}

/** Ansible's add_path_info: the keys a file result carries about its path. */
export function pathInfo(st: RemoteStat | undefined): Record<string, unknown> {
  if (!st) return {};
  const state = isLink(st) ? 'link' : isDir(st) ? 'directory' : st.nlink > 1 ? 'hard' : 'file';
  return {
    uid: st.uid,
    gid: st.gid,
    owner: st.owner ?? String(st.uid),
    group: st.group ?? String(st.gid),
    mode: octalString(st.rawMode & 0o7777),
    state,
    size: st.size,
  };
}
