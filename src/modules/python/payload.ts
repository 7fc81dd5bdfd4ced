/*
 * What to send for a module file, by its kind (Ansible's modify_module): a new-style Python
 * module becomes a zip of the module and the module_utils it imports (AnsiballZ's content);
 * WANT_JSON and old-style modules are sent as they are, with an arguments file; a binary
 * module is sent as it is and gets its arguments as a JSON file.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { ModuleUtilsFinder, addPackageMarkers } from './module-utils.js';
import type { ResolvedModule } from './resolve.js';
import { buildZip } from './zip.js';

/** Ansible's NEW_STYLE_PYTHON_MODULE_RE. */
const NEW_STYLE = /(?:from +\.{2,} *module_utils.* +import |from +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils.* +import |import +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils.*|from +ansible\.module_utils.* +import |import +ansible\.module_utils\.)/;

export type ModuleStyle = 'new' | 'want_json' | 'old' | 'binary';

export interface ModulePayload {
  readonly style: ModuleStyle;
  /** The zip (new style) or the module file itself. */
  readonly data: Buffer;
  /** The `#!` line's interpreter and arguments (`/usr/bin/python`, `/bin/sh`), if any. */
  readonly shebang: string | undefined;
  readonly fileName: string;
  /** The module's own text (for new style, the zip holds it with its module_utils). */
  readonly source: string;
}

const cache = new Map<string, { mtimeMs: number; payload: ModulePayload }>();

function isBinary(data: Buffer): boolean {
  const head = data.subarray(0, 8192);
  if (head.includes(0)) return true;
  return head.length >= 4 && head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF';
}

export function moduleStyle(data: Buffer): ModuleStyle {
  if (isBinary(data)) return 'binary';
  const text = data.toString('utf8');
  if (NEW_STYLE.test(text)) return 'new';
  if (text.includes('WANT_JSON')) return 'want_json';
  return 'old';
}

/** Whether a `#!` line runs Python (`/usr/bin/python3`, `/usr/bin/env python`). */
export function isPythonShebang(shebang: string | undefined): boolean {
  if (!shebang) return false;
  const words = shebang.trim().split(/\s+/);
  const prog = basename(words[0] === '/usr/bin/env' ? (words[1] ?? '') : (words[0] ?? ''));
  return /^python[\d.]*$/.test(prog);
}

export function buildPayload(mod: ResolvedModule, collectionRoots: readonly string[]): ModulePayload {
  const mtimeMs = statSync(mod.file).mtimeMs;
  const hit = cache.get(mod.file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.payload;
  const source = readFileSync(mod.file);
  const style = moduleStyle(source);
  const first = style === 'binary' ? '' : (source.toString('utf8').split('\n', 1)[0] ?? '');
  const shebang = first.startsWith('#!') ? first.slice(2).trim() : undefined;
  let data: Buffer = source;
  if (style === 'new') {
    const finder = new ModuleUtilsFinder(collectionRoots);
    finder.addModuleSource(source.toString('utf8'), mod.pythonName);
    const files = finder.result();
    files.set(mod.pythonName.replace(/\./g, '/') + '.py', source);
    addPackageMarkers(files, mod.pythonName);
    data = buildZip(files);
  }
  const payload: ModulePayload = { style, data, shebang, fileName: basename(mod.file), source: style === 'binary' ? '' : source.toString('utf8') };
  cache.set(mod.file, { mtimeMs, payload });
  return payload;
}
