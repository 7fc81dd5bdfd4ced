import { structuredPatch } from 'diff';
import { pyJsonDumps } from './py-json.js';

/* The `--diff` output of Ansible's callbacks (_get_diff): unified diffs as difflib writes them. */

const CONTEXT = 3;

function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return pyJsonDumps(v, 4) + '\n';
  return String(v);
}

function keepends(s: string): string[] {
  const out = s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const last = out.length - 1;
  if (last >= 0 && !out[last]!.endsWith('\n')) out[last] += '\n\\ No newline at end of file\n';
  return out;
}

function range(start: number, length: number): string {
  if (length === 1) return String(start);
  if (length === 0) return `${start - 1},0`;
  return `${start},${length}`;
}

/*
 * difflib compares whole list items, and Ansible's "No newline" marker is part of the last item;
 * so each distinct item becomes one token line for the diff and is mapped back afterwards.
 */
function unified(before: string, after: string, fromFile: string, toFile: string): string {
  const tokens = new Map<string, string>();
  const items: string[] = [];
  const tokenize = (lines: string[]): string =>
    lines
      .map((l) => {
        let t = tokens.get(l);
        if (t === undefined) {
          t = `${items.length}\n`;
          tokens.set(l, t);
          items.push(l);
        }
        return t;
      })
      .join('');
  const patch = structuredPatch(fromFile, toFile, tokenize(keepends(before)), tokenize(keepends(after)), '', '', { context: CONTEXT });
  if (patch.hunks.length === 0) return '';
  const out = [`--- ${fromFile}\n`, `+++ ${toFile}\n`];
  for (const h of patch.hunks) {
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n`);
    for (const l of h.lines) {
      if (l.startsWith('\\')) continue;
      out.push(l[0]! + items[Number(l.slice(1))]!);
    }
  }
  return out.join('');
}

/** Renders a result's `diff` (one dict or a list) the way the default callback prints it. */
export function renderDiff(diff: unknown): string {
  const list = Array.isArray(diff) ? diff : [diff];
  const out: string[] = [];
  for (const d of list as Array<Record<string, unknown>>) {
    if (!d || typeof d !== 'object') continue;
    if ('dst_binary' in d) out.push('diff skipped: destination file appears to be binary\n');
    if ('src_binary' in d) out.push('diff skipped: source file appears to be binary\n');
    if ('dst_larger' in d) out.push(`diff skipped: destination file size is greater than ${String(d['dst_larger'])}\n`);
    if ('src_larger' in d) out.push(`diff skipped: source file size is greater than ${String(d['src_larger'])}\n`);
    if ('before' in d && 'after' in d) {
      const before = d['before_header'] !== undefined ? `before: ${String(d['before_header'])}` : 'before';
      const after = d['after_header'] !== undefined ? `after: ${String(d['after_header'])}` : 'after';
      const text = unified(asText(d['before']), asText(d['after']), before, after);
      if (text) out.push(text, '\n');
    }
    if ('prepared' in d) out.push(String(d['prepared']));
  }
  return out.join('');
}
