import type { HostRecord, HostStatus } from '../store/model.js';
import type { Pools } from './pools.js';

/** One line of `kplay pool status`, as data (for --json) before it is a table. */
export interface PoolStatusRow {
  readonly host: string;
  readonly pool: string;
  /** '-' for a host the store knows but pools.yml no longer has. */
  readonly role: string;
  readonly order: string;
  /** As the power driver reported it ('on', 'off', 'unknown'…), '-' when not asked. */
  readonly power: string;
  /** 'unregistered' for a host pools.yml has and the store does not. */
  readonly state: string;
  readonly since: string | null;
  readonly lastError: string | null;
  readonly inPoolsFile: boolean;
}

export interface PoolStatusOptions {
  /** Host name → power state, from a status query the caller made. */
  readonly power?: ReadonlyMap<string, string>;
  /** Only this pool. */
  readonly pool?: string;
  /** Only these hosts. */
  readonly hosts?: readonly string[];
}

function stateText(s: HostStatus): string {
  return s.state === 'in-cluster' ? `in-cluster (${s.cluster})` : s.state;
}

/** The reason of the most recent transition into `error`, if the host ever had one. */
function lastError(rec: HostRecord | undefined): string | null {
  for (let i = (rec?.history.length ?? 0) - 1; i >= 0; i--) {
    const to = rec?.history[i]?.to;
    if (to?.state === 'error') return to.reason;
  }
  return null;
}

/** Pools' hosts in file order (pool, then `order`), then store records pools.yml lacks. */
export function poolStatusRows(pools: Pools, records: readonly HostRecord[], opts: PoolStatusOptions = {}): PoolStatusRow[] {
  const byName = new Map(records.map((r) => [r.host, r]));
  const wanted = (name: string): boolean => !opts.hosts || opts.hosts.includes(name);
  const power = (name: string): string => opts.power?.get(name) ?? '-';
  const rows: PoolStatusRow[] = [];
  for (const h of pools.hosts(opts.pool)) {
    if (!wanted(h.name)) continue;
    const rec = byName.get(h.name);
    rows.push({
      host: h.name,
      pool: h.pool,
      role: h.role,
      order: String(h.order),
      power: power(h.name),
      state: rec ? stateText(rec.status) : 'unregistered',
      since: rec?.since ?? null,
      lastError: lastError(rec),
      inPoolsFile: true,
    });
  }
  for (const rec of records) {
    if (pools.findHost(rec.host) || !wanted(rec.host) || (opts.pool !== undefined && rec.pool !== opts.pool)) continue;
    rows.push({
      host: rec.host,
      pool: rec.pool,
      role: '-',
      order: '-',
      power: power(rec.host),
      state: stateText(rec.status),
      since: rec.since,
      lastError: lastError(rec),
      inPoolsFile: false,
    });
  }
  return rows;
}

/** "42s", "5m", "3h", "2d" — how long ago `iso` was. */
export function age(iso: string, now: Date): string {
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 1000));
  if (!Number.isFinite(s)) return '?';
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const HEADERS = ['HOST', 'POOL', 'ROLE', 'ORDER', 'POWER', 'STATE', 'SINCE', 'LAST ERROR'] as const;
const ERROR_WIDTH = 60;

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** The table `kplay pool status` prints; a footnote marks hosts pools.yml no longer has. */
export function renderPoolStatus(rows: readonly PoolStatusRow[], now: Date): string {
  const cells = rows.map((r) => [
    r.inPoolsFile ? r.host : `${r.host}*`,
    r.pool,
    r.role,
    r.order,
    r.power,
    r.state,
    r.since ? `${age(r.since, now)} ago` : '-',
    r.lastError ? oneLine(r.lastError, ERROR_WIDTH) : '-',
  ]);
  const table = [[...HEADERS], ...cells];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  const lines = table.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  if (rows.some((r) => !r.inPoolsFile)) lines.push('', '* in the state store but not in the pools file');
  return `${lines.join('\n')}\n`;
}
