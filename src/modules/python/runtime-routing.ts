/*
 * Module entries of a `meta/runtime.yml` (or ansible-core's ansible_builtin_runtime.yml, 10,000
 * lines): `plugin_routing: modules: NAME: {redirect, tombstone}`. The files are indented YAML
 * maps, so the entries are read by indentation, without parsing the whole document.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface RoutingEntry {
  readonly redirect?: string;
  readonly tombstone?: { readonly warningText?: string };
}

const cache = new Map<string, Map<string, RoutingEntry>>();

const indentOf = (line: string): number => line.length - line.trimStart().length;
const unquote = (s: string): string => s.trim().replace(/^(['"])(.*)\1$/, '$2');
const keyOf = (line: string): string | undefined => /^\s*(['"]?)([^'":#]+)\1\s*:(\s|$)/.exec(line)?.[2]?.trim();
const valueOf = (line: string): string => unquote(line.slice(line.indexOf(':') + 1).replace(/\s+#.*$/, ''));

function parse(text: string): Map<string, RoutingEntry> {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const out = new Map<string, RoutingEntry>();
  const routing = lines.findIndex((l) => indentOf(l) === 0 && keyOf(l) === 'plugin_routing');
  if (routing < 0) return out;
  let i = routing + 1;
  while (i < lines.length && indentOf(lines[i]!) > 0) {
    const sectionIndent = indentOf(lines[i]!);
    const isModules = keyOf(lines[i]!) === 'modules';
    i++;
    while (i < lines.length && indentOf(lines[i]!) > sectionIndent) {
      const nameLine = lines[i]!;
      const nameIndent = indentOf(nameLine);
      const name = keyOf(nameLine);
      i++;
      const entry: { redirect?: string; tombstone?: { warningText?: string } } = {};
      let fieldIndent: number | undefined;
      let inTombstone = false;
      let textIndent: number | undefined;
      while (i < lines.length && indentOf(lines[i]!) > nameIndent) {
        const l = lines[i]!;
        fieldIndent ??= indentOf(l);
        const k = keyOf(l);
        if (textIndent !== undefined && indentOf(l) > textIndent && entry.tombstone) {
          // a plain scalar folded over several lines
          entry.tombstone = { warningText: `${entry.tombstone.warningText ?? ''} ${unquote(l)}` };
        } else if (indentOf(l) === fieldIndent) {
          textIndent = undefined;
          inTombstone = k === 'tombstone';
          if (k === 'redirect') entry.redirect = valueOf(l);
          if (inTombstone) entry.tombstone = {};
        } else if (inTombstone && k === 'warning_text') {
          entry.tombstone = { warningText: valueOf(l) };
          textIndent = indentOf(l);
        } else textIndent = undefined;
        i++;
      }
      if (isModules && name) out.set(name, entry);
    }
  }
  return out;
}

/** The routing entry of a module in a runtime file; undefined when none. */
export function moduleRouting(file: string, name: string): RoutingEntry | undefined {
  let entries = cache.get(file);
  if (!entries) {
    entries = existsSync(file) ? parse(readFileSync(file, 'utf8')) : new Map<string, RoutingEntry>();
    cache.set(file, entries);
  }
  return entries.get(name);
}
