// The key-file logic of ansible.posix.authorized_key (1.5.x) without I/O: parsekey, parseoptions,
// parsekeys, serialize and enforce_state's merge, keeping its ordering by rank.

/** One option as `key=value` (value null when the option has no `=`); order kept, keys may repeat. */
export type KeyOptions = ReadonlyArray<readonly [string, string | null]>;

export interface KeyEntry {
  /** The key's base64 blob; for a skipped line, the line itself. */
  readonly id: string;
  /** The key type, or 'skipped' for comments, blank and invalid lines. */
  readonly type: string;
  readonly options: KeyOptions | null;
  readonly comment: string | null;
  readonly rank: number;
}

const KEY_TYPES = new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'webauthn-sk-ecdsa-sha2-nistp256@openssh.com',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521',
  'ecdsa-sha2-nistp521-cert-v01@openssh.com',
  'sk-ssh-ed25519@openssh.com',
  'sk-ssh-ed25519-cert-v01@openssh.com',
  'ssh-ed25519',
  'ssh-ed25519-cert-v01@openssh.com',
  'ssh-dss',
  'ssh-rsa',
  'ssh-xmss@openssh.com',
  'ssh-xmss-cert-v01@openssh.com',
  'rsa-sha2-256',
  'rsa-sha2-512',
  'ssh-rsa-cert-v01@openssh.com',
  'rsa-sha2-256-cert-v01@openssh.com',
  'rsa-sha2-512-cert-v01@openssh.com',
  'ssh-dss-cert-v01@openssh.com',
]);

/** Python's str.splitlines(keepends=True). */
export function pySplitLinesKeep(text: string): string[] {
  return text.match(/[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])|[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+$/g) ?? [];
}

/** parseoptions: splits on commas outside quotes; the separators themselves are dropped. */
export function parseKeyOptions(options: string | null): KeyOptions {
  if (!options) return [];
  const parts = options.split(/((?:[^,"']|"[^"]*"|'[^']*')+)/).slice(1, -1);
  const out: Array<readonly [string, string | null]> = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq >= 0) out.push([part.slice(0, eq), part.slice(eq + 1)]);
    else if (part !== ',') out.push([part, null]);
  }
  return out;
}

/* The module compares its keydicts with dict equality: per option name, the list of its values. */
function optionsEqual(a: KeyOptions | null, b: KeyOptions | null): boolean {
  if (a === null || b === null) return a === b;
  const group = (o: KeyOptions): Map<string, string> => {
    const m = new Map<string, (string | null)[]>();
    for (const [k, v] of o) m.set(k, [...(m.get(k) ?? []), v]);
    return new Map([...m].map(([k, v]) => [k, JSON.stringify(v)]));
  };
  const x = group(a);
  const y = group(b);
  return x.size === y.size && [...x].every(([k, v]) => y.get(k) === v);
}

/** parsekey: undefined when the line has no known key type. */
export function parseKey(raw: string, rank: number): KeyEntry | undefined {
  const line = raw.replace(/\\#/g, '#');
  // shlex with no quotes and no comment characters: plain whitespace splitting.
  const parts = line.split(/[ \t\r\n]+/).filter((p) => p !== '');
  if (parts[0] === '#') return { id: line, type: 'skipped', options: null, comment: null, rank };
  const at = parts.findIndex((p) => KEY_TYPES.has(p));
  if (at < 0) return undefined;
  const blob = parts[at + 1];
  if (blob === undefined) throw new Error('list index out of range');
  const options = parseKeyOptions(at > 0 ? parts.slice(0, at).join(' ') : null);
  return { id: blob, type: parts[at]!, options, comment: parts.slice(at + 2).join(' '), rank };
}

/** parsekeys: the file's entries by key (later duplicates replace earlier ones in place). */
export function parseKeyFile(text: string): Map<string, KeyEntry> {
  const keys = new Map<string, KeyEntry>();
  pySplitLinesKeep(text).forEach((line, rank) => {
    const k = parseKey(line, rank) ?? { id: line, type: 'skipped', options: null, comment: null, rank };
    keys.set(k.id, k);
  });
  return keys;
}

/** serialize: entries by rank (ties in insertion order); a key line always has a space before its comment. */
export function serializeKeys(keys: ReadonlyMap<string, KeyEntry>): string {
  return [...keys.values()]
    .sort((a, b) => a.rank - b.rank)
    .map((k) => {
      if (k.type === 'skipped') return k.id;
      const opts = k.options && k.options.length ? `${k.options.map(([n, v]) => (v === null ? n : `${n}=${v}`)).join(',')} ` : '';
      return `${opts}${k.type} ${k.id} ${k.comment}\n`;
    })
    .join('');
}

export interface KeyRequest {
  /** The `key` argument: one or more keys, one a line. */
  readonly key: string;
  readonly present: boolean;
  readonly keyOptions: string | null;
  readonly exclusive: boolean;
  readonly comment: string | null;
}

/** enforce_state's merge: the new file text when it must be written, else undefined; or an error message. */
export function mergeKeys(existingText: string, req: KeyRequest): { write?: string; error?: string } {
  const wanted = req.key.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/).filter((s) => s && !s.startsWith('#'));
  const existing = parseKeyFile(existingText);
  const keep = new Set<string>();
  const maxRank = existing.size;
  let write = false;
  for (const [rank, line] of wanted.entries()) {
    let parsed = parseKey(line, rank);
    if (!parsed) return { error: `invalid key specified: ${line}` };
    if (req.keyOptions !== null) parsed = { ...parsed, options: parseKeyOptions(req.keyOptions) };
    if (req.comment !== null) parsed = { ...parsed, comment: req.comment };
    const old = existing.get(parsed.id);
    let matched = false;
    let stale = false;
    if (old) {
      const same = old.type === parsed.type && optionsEqual(old.options, parsed.options) && old.comment === parsed.comment;
      if (!same && req.present) stale = true;
      else matched = true;
    }
    if (req.present) {
      keep.add(parsed.id);
      if (stale) {
        existing.delete(parsed.id);
        write = true;
      }
      if (!matched) {
        existing.set(parsed.id, { ...parsed, rank: maxRank + parsed.rank });
        write = true;
      }
    } else if (matched) {
      existing.delete(parsed.id);
      write = true;
    }
  }
  if (req.present && req.exclusive) {
    for (const id of [...existing.keys()]) {
      if (keep.has(id)) continue;
      existing.delete(id);
      write = true;
    }
  }
  return write ? { write: serializeKeys(existing) } : {};
}
