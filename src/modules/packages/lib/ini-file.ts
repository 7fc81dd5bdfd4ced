// Python's configparser.RawConfigParser, as far as yum_repository uses it: read, sections in
// order, lower-cased keys, multi-line values, and write() / the module's sorted dump().

export type Sections = Map<string, Map<string, string>>;

/** RawConfigParser.read: `[section]`, `key = value` / `key: value`, indented continuation lines. */
export function readIni(text: string): Sections {
  const out: Sections = new Map();
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw)) continue;
    if (raw.trim() === '') {
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(raw) && current && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey)}\n${raw.trim()}`);
      continue;
    }
    const sec = /^\[([^\]]+)\]/.exec(raw);
    if (sec) {
      current = out.get(sec[1]!) ?? new Map<string, string>();
      out.set(sec[1]!, current);
      lastKey = undefined;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw.trim());
    if (kv && current) {
      lastKey = kv[1]!.toLowerCase();
      current.set(lastKey, kv[2]!.trim());
    }
  }
  return out;
}

/** RawConfigParser.write: sections in order, continuation lines indented with a tab. */
export function writeIni(sections: Sections): string {
  let s = '';
  for (const [name, items] of sections) {
    s += `[${name}]\n`;
    for (const [k, v] of items) s += `${k} = ${v.replace(/\n/g, '\n\t')}\n`;
    s += '\n';
  }
  return s;
}

/** yum_repository's YumRepo.dump: sorted sections and keys, values as they are. */
export function dumpSorted(sections: Sections): string {
  let s = '';
  for (const name of [...sections.keys()].sort()) {
    s += `[${name}]\n`;
    for (const [k, v] of [...sections.get(name)!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) s += `${k} = ${v}\n`;
    s += '\n';
  }
  return s;
}
