/*
 * JSON as Python's json.dumps writes it by default (separators ", " and ": ", non-ASCII as
 * \uXXXX): what Ansible puts in the arguments file of binary and WANT_JSON modules, which
 * may read it as text.
 */
function escapeNonAscii(text: string): string {
  return text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${escapeNonAscii(JSON.stringify(k))}: ${pythonJsonDumps(v)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return escapeNonAscii(JSON.stringify(value) ?? 'null');
}
