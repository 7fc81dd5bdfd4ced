import { shellQuote } from '../../../connection/quote.js';
import type { Connection } from '../../../connection/types.js';
import { PyFloat } from '../../../template/py/values.js';
import type { RemoteStat } from './remote-stat.js';

/** A time argument: keep it, set it to now, or a wall-clock time on the host (local time, as mktime). */
export type TimeSpec = { kind: 'preserve' } | { kind: 'now' } | { kind: 'at'; local: string };

/** The file module's modification_time/access_time (with its format) read as Ansible's get_timestamp_for_time. */
export function parseTimeSpec(value: string | null, format: string, defaultKind: 'preserve' | 'now'): TimeSpec {
  if (value === null || value === undefined) return { kind: defaultKind };
  if (value === 'preserve') return { kind: 'preserve' };
  if (value === 'now') return { kind: 'now' };
  const fields: Record<string, string> = { Y: '1900', m: '01', d: '01', H: '00', M: '00', S: '00' };
  let re = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '%' && i + 1 < format.length) {
      const f = format[++i]!;
      if (!(f in fields)) throw new Error(`Error while obtaining timestamp for time ${value} using format ${format}: unsupported directive %${f}`);
      re += f === 'Y' ? `(?<${f}>\\d{4})` : `(?<${f}>\\d{1,2})`;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${re}$`).exec(value);
  if (!m) throw new Error(`Error while obtaining timestamp for time ${value} using format ${format}: time data '${value}' does not match format '${format}'`);
  const g = { ...fields, ...m.groups };
  const two = (s: string): string => s.padStart(2, '0');
  return { kind: 'at', local: `${g['Y']}-${two(g['m']!)}-${two(g['d']!)} ${two(g['H']!)}:${two(g['M']!)}:${two(g['S']!)}` };
}

export interface TimestampChange {
  readonly changed: boolean;
  readonly before: Record<string, number | PyFloat>;
  readonly after: Record<string, number | PyFloat>;
}

/** Times are Python floats in Ansible's diff (1577961015.0), whole seconds included. */
const pyTime = (t: number): number | PyFloat => (Number.isInteger(t) ? new PyFloat(t) : t);

/** Ansible's update_timestamp_for_file: sets mtime/atime when they differ ('now' always changes). */
export async function updateTimestamps(conn: Connection, st: RemoteStat, mtime: TimeSpec, atime: TimeSpec, checkMode: boolean): Promise<TimestampChange> {
  if (mtime.kind === 'preserve' && atime.kind === 'preserve') return { changed: false, before: {}, after: {} };
  const p = shellQuote(st.path);
  const epoch = (t: TimeSpec, current: number): string => (t.kind === 'at' ? `$(date -d ${shellQuote(t.local)} +%s)` : t.kind === 'now' ? '$(date +%s.%N)' : String(current));
  const r = await conn.exec(`printf '%s\\n%s\\n' "${epoch(mtime, st.mtime)}" "${epoch(atime, st.atime)}"`);
  const [mt = '0', at = '0'] = r.stdout.trim().split('\n');
  const newM = mtime.kind === 'preserve' ? st.mtime : Number(mt);
  const newA = atime.kind === 'preserve' ? st.atime : Number(at);
  if (mtime.kind !== 'now' && atime.kind !== 'now' && newM === st.mtime && newA === st.atime) return { changed: false, before: {}, after: {} };
  if (!checkMode) {
    const cmds: string[] = [];
    if (mtime.kind !== 'preserve') cmds.push(`touch -h -m -d @${mt} -- ${p}`);
    if (atime.kind !== 'preserve') cmds.push(`touch -h -a -d @${at} -- ${p}`);
    const w = await conn.exec(cmds.join(' && '));
    if (w.code !== 0) throw new Error(`Error while updating modification or access time: ${w.stderr.trim()}`);
  }
  const before: Record<string, number | PyFloat> = {};
  const after: Record<string, number | PyFloat> = {};
  if (newM !== st.mtime) {
    before['mtime'] = pyTime(st.mtime);
    after['mtime'] = pyTime(newM);
  }
  if (newA !== st.atime) {
    before['atime'] = pyTime(st.atime);
    after['atime'] = pyTime(newA);
  }
  return { changed: true, before, after };
}
