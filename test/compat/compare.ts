import { isDeepStrictEqual } from 'node:util';
import type { ParsedRun, ResultEvent } from './parse-output.js';

export interface ToolRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly parsed: ParsedRun;
  readonly files: Record<string, string | null>;
}

/* Keys of a failed result that both tools must agree on (timings and wording of errors may differ). */
const FAILED_KEYS = ['rc', 'stdout', 'stderr', 'stdout_lines', 'stderr_lines', 'cmd', 'changed', 'failed_when_result', 'assertion', 'evaluated_to', 'attempts'];

function eventKey(e: ResultEvent): string {
  return `${e.host} ${e.status}${e.item !== undefined ? ` (item=${e.item})` : ''}${e.ignored ? ' ...ignoring' : ''}`;
}

function byTask(events: readonly ResultEvent[]): Map<number, ResultEvent[]> {
  const m = new Map<number, ResultEvent[]>();
  for (const e of events) m.set(e.taskIndex, [...(m.get(e.taskIndex) ?? []), e]);
  return m;
}

/* OpenSSH's multiplexing client adds this to raw's stderr; kplay speaks SSH itself and has no such client. */
const SHARED_CONNECTION = /^Shared connection to \S+ closed\.\r?$/;

function normalize(key: string, v: unknown): unknown {
  if (key === 'stderr' && typeof v === 'string') return v.split('\n').filter((l) => !SHARED_CONNECTION.test(l)).join('\n');
  if (key === 'stderr_lines' && Array.isArray(v)) return v.filter((l) => typeof l !== 'string' || !SHARED_CONNECTION.test(l));
  return v;
}

/* File modules: values that differ between any two runs (temp sources, backup names, stat times, inodes, each tool's work dir). */
const TMP_SOURCE = /(\/\.ansible\/tmp\/ansible-tmp-[^/]+\/source|\/\.kplay_tmp_\w+)$/;
const STAT_VOLATILE = new Set(['atime', 'mtime', 'ctime', 'inode', 'dev']);

function stableFileKeys(v: unknown, key = ''): unknown {
  if (typeof v === 'string') {
    if (key === 'src' && (TMP_SOURCE.test(v) || /\/\.tmp\/ansible-local-[^/]+\/tmp\w+$/.test(v) || v === 'content')) return 'TMP';
    const s = v.replace(/\/tmp\/kplay-compat-(ansible|kplay)-\w+/g, 'WORK');
    return key === 'backup_file' ? s.replace(/\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/, '.PID.DATE~') : s;
  }
  if (Array.isArray(v)) return v.map((x) => stableFileKeys(x));
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (key === 'stat' && STAT_VOLATILE.has(k)) continue;
    out[k] = stableFileKeys(x, k);
  }
  return out;
}

/* `elapsed` (reboot, wait_for) counts seconds of wall time: only its type is compared. */
function maskElapsed(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v) || !('elapsed' in v)) return v;
  const o = v as Record<string, unknown>;
  return { ...o, elapsed: typeof o['elapsed'] };
}

function comparable(e: ResultEvent): unknown {
  if (e.json === undefined || e.status === 'unreachable') return undefined;
  if (e.status === 'ok' || e.status === 'changed') return maskElapsed(stableFileKeys(e.json));
  if (e.status === 'failed' || e.status === 'item-failed') {
    if (typeof e.json !== 'object' || e.json === null) return undefined;
    const o = e.json as Record<string, unknown>;
    return Object.fromEntries(FAILED_KEYS.filter((k) => k in o).map((k) => [k, normalize(k, o[k])]));
  }
  return e.json;
}

/* Each tool runs in its own temporary directory; listings may name it. */
function normalizeStdout(text: string): string[] {
  return text.replace(/\/tmp\/kplay-compat-(ansible|kplay)-\w+/g, 'WORK').split('\n');
}

/*
 * --diff text: the paths of each tool's temporary files (the `+++ after:` header of copy's
 * content) and work directory are the only parts that may differ.
 */
function normalizeDiffText(text: string | undefined): string | undefined {
  return text
    ?.replace(/\/tmp\/kplay-compat-(ansible|kplay)-\w+/g, 'WORK')
    .replace(/\S*\/\.ansible\/tmp\/ansible-(local|tmp)-[^/\s]+(\/[^/\s]+)*/g, 'TMP')
    .replace(/\S*\/\.kplay_tmp_\w+(\/[^/\s]+)*/g, 'TMP')
    .replace(/WORK\/\.tmp\/ansible-local-[^/\s]+(\/[^/\s]+)*/g, 'TMP')
    // copy's `content` and a rendered template go through a local temp file in Ansible; kplay names
    // the first `content` (as `src` above) and the second by its template file (a difference left)
    .replace(/^\+\+\+ after: (content|WORK\/(\S+\/)?templates\/\S+)$/gm, '+++ after: TMP')
    // file's atime/mtime of "now" (touch, or the times before a change); a fixed time stays compared
    .replace(/"(atime|mtime|ctime)": (\d+(?:\.\d+)?)/g, (m, key: string, t: string) => (Math.abs(Number(t) - Date.now() / 1000) < 3 * 86400 ? `"${key}": NOW` : m));
}

/* The diff blocks of --diff mode: each one belongs to the result line it precedes, or follows the task's last. */
function compareDiffText(a: ParsedRun, k: ParsedRun, diffs: string[]): void {
  const show = (t: string | undefined): string => (t === undefined ? '(none)' : `\n    ${t.split('\n').join('\n    ')}`);
  for (const e of a.events) {
    const other = k.events.find((x) => x.taskIndex === e.taskIndex && eventKey(x) === eventKey(e));
    if (!other) continue;
    const at = normalizeDiffText(e.textBefore);
    const kt = normalizeDiffText(other.textBefore);
    if (at !== kt) diffs.push(`task ${e.taskIndex} [${e.task}] text before "${eventKey(e)}" differs:\n  ansible: ${show(at)}\n  kplay:   ${show(kt)}`);
  }
  for (const idx of new Set([...Object.keys(a.textAfter), ...Object.keys(k.textAfter)].map(Number))) {
    const at = normalizeDiffText(a.textAfter[idx]);
    const kt = normalizeDiffText(k.textAfter[idx]);
    if (at !== kt) diffs.push(`task ${idx} text after its last result differs:\n  ansible: ${show(at)}\n  kplay:   ${show(kt)}`);
  }
}

/**
 * Every way kplay's run differs from ansible-playbook's, as readable lines; empty when they match.
 * `diff`: the case runs with --diff, so the diff text printed with each result is compared too.
 */
export function compareRuns(ansible: ToolRun, kplay: ToolRun, opts: { stdout?: boolean; diff?: boolean } = {}): string[] {
  const diffs: string[] = [];
  if (opts.stdout) {
    const al = normalizeStdout(ansible.stdout);
    const kl = normalizeStdout(kplay.stdout);
    for (let i = 0; i < Math.max(al.length, kl.length); i++) {
      if (al[i] !== kl[i]) diffs.push(`stdout line ${i + 1} differs:\n  ansible: ${JSON.stringify(al[i])}\n  kplay:   ${JSON.stringify(kl[i])}`);
    }
  }
  if (ansible.code !== kplay.code) diffs.push(`exit code: ansible ${ansible.code}, kplay ${kplay.code}`);
  const a = ansible.parsed;
  const k = kplay.parsed;
  if (!isDeepStrictEqual(a.banners, k.banners)) {
    diffs.push(`banners differ:\n  ansible: ${a.banners.join(' | ')}\n  kplay:   ${k.banners.join(' | ')}`);
  }
  const at = byTask(a.events);
  const kt = byTask(k.events);
  for (const idx of new Set([...at.keys(), ...kt.keys()])) {
    const ae = at.get(idx) ?? [];
    const ke = kt.get(idx) ?? [];
    const name = ae[0]?.task ?? ke[0]?.task ?? `#${idx}`;
    const as = ae.map(eventKey).sort();
    const ks = ke.map(eventKey).sort();
    if (!isDeepStrictEqual(as, ks)) {
      diffs.push(`task ${idx} [${name}] results differ:\n  ansible: ${as.join(', ')}\n  kplay:   ${ks.join(', ')}`);
      continue;
    }
    for (const e of ae) {
      const other = ke.find((x) => eventKey(x) === eventKey(e));
      const av = comparable(e);
      const kv = other ? comparable(other) : undefined;
      if (!isDeepStrictEqual(av, kv)) diffs.push(`task ${idx} [${name}] ${eventKey(e)} value differs:\n  ansible: ${JSON.stringify(av)}\n  kplay:   ${JSON.stringify(kv)}`);
    }
  }
  if (opts.diff) compareDiffText(a, k, diffs);
  if (!isDeepStrictEqual(a.included, k.included)) diffs.push(`included lines differ:\n  ansible: ${a.included.join(' | ')}\n  kplay:   ${k.included.join(' | ')}`);
  if (!isDeepStrictEqual(a.recap, k.recap)) diffs.push(`PLAY RECAP differs:\n  ansible: ${JSON.stringify(a.recap)}\n  kplay:   ${JSON.stringify(k.recap)}`);
  for (const f of new Set([...Object.keys(ansible.files), ...Object.keys(kplay.files)])) {
    if (ansible.files[f] !== kplay.files[f]) diffs.push(`file ${f} differs:\n  ansible: ${JSON.stringify(ansible.files[f])}\n  kplay:   ${JSON.stringify(kplay.files[f])}`);
  }
  return diffs;
}
