/**
 * `group_vars/` and `host_vars/` beside an inventory source or a playbook, as Ansible's
 * host_group_vars plugin finds them: `<dir>/group_vars/<name>` as a directory of files
 * (sorted, recursive), else the first of `<name>`, `<name>.yml`, `<name>.yaml`,
 * `<name>.json`. Found files and their contents are cached per instance, as Ansible does
 * for a run.
 */
import { readdirSync, realpathSync, type Dirent } from 'node:fs';
import { join, extname, resolve } from 'node:path';
import { SourceError } from '../errors/source-error.js';
import { positionOf } from '../yaml/load.js';
import type { Vars } from './group.js';
import { exists, isDirectory } from './sources/fs-checks.js';
import { loadDataFile, type DecryptHook } from './sources/read.js';

export type VarsEntityKind = 'group' | 'host';

export interface VarsFilesOptions {
  decrypt?: DecryptHook;
  /** YAML_FILENAME_EXTENSIONS, default `.yml .yaml .json`. */
  extensions?: string[];
  warn?: (message: string) => void;
}

const DEFAULT_EXTENSIONS = ['.yml', '.yaml', '.json'];
const NO_VARS: Vars = Object.freeze({}) as Vars;

/** Python sorts names as code points; UTF-8 bytes sort the same way. */
export function sortNames(names: string[]): string[] {
  return [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

export class VarsFiles {
  private readonly found = new Map<string, string[]>();
  private readonly realDirs = new Map<string, string | null>();
  private readonly contents = new Map<string, unknown>();
  private readonly listings = new Map<string, Map<string, Dirent>>();
  private readonly varsDirs = new Map<string, string | null>();
  private readonly dirChecks = new Map<string, boolean>();
  private readonly extensions: string[];

  constructor(private readonly options: VarsFilesOptions = {}) {
    this.extensions = options.extensions ?? DEFAULT_EXTENSIONS;
  }

  /** The merged variables of one group or host from `<baseDir>/{group,host}_vars` (shared: do not modify). */
  entityVars(baseDir: string, kind: VarsEntityKind, name: string): Vars {
    // a name like /path/to/chroot is no file name
    if (name.startsWith('/')) return NO_VARS;
    const files = this.filesFor(baseDir, kind, name);
    if (files.length === 0) return NO_VARS;
    if (files.length === 1) {
      // one file: its mapping as loaded (combine only to raise its error otherwise)
      const content = this.load(files[0]!);
      if (!content) return NO_VARS;
      if (typeof content === 'object' && !Array.isArray(content) && Object.getPrototypeOf(content) === Object.prototype) return content as Vars;
      return combine({}, content, files[0]!);
    }
    let data: Vars = {};
    for (const file of files) {
      const content = this.load(file);
      if (!content) continue;
      data = combine(data, content, file);
    }
    return data;
  }

  private filesFor(baseDir: string, kind: VarsEntityKind, name: string): string[] {
    const subdir = kind === 'host' ? 'host_vars' : 'group_vars';
    const dirKey = `${kind}\0${baseDir}`;
    let opath = this.varsDirs.get(dirKey);
    if (opath === undefined) {
      opath = this.realDir(resolve(baseDir, subdir));
      this.varsDirs.set(dirKey, opath);
    }
    if (opath === null) return [];
    const key = `${name}.${opath}`;
    const cached = this.found.get(key);
    if (cached) return cached;
    let isDir = this.dirChecks.get(opath);
    if (isDir === undefined) {
      isDir = isDirectory(opath);
      this.dirChecks.set(opath, isDir);
    }
    if (!isDir) {
      this.options.warn?.(`Found ${subdir} that is not a directory, skipping: ${opath}`);
      return [];
    }
    const files = this.findVarsFiles(opath, name);
    this.found.set(key, files);
    return files;
  }

  private realDir(path: string): string | null {
    let real = this.realDirs.get(path);
    if (real === undefined) {
      try {
        real = realpathSync(path);
      } catch {
        real = null;
      }
      this.realDirs.set(path, real);
    }
    return real;
  }

  /** The entries of a vars directory, read once: most hosts and groups have no file there. */
  private listing(dir: string): Map<string, Dirent> {
    let names = this.listings.get(dir);
    if (!names) {
      names = new Map(readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d]));
      this.listings.set(dir, names);
    }
    return names;
  }

  /** DataLoader.find_vars_files: the first candidate that exists wins. */
  private findVarsFiles(path: string, name: string): string[] {
    const base = join(path, name);
    const names = name.includes('/') ? undefined : this.listing(path);
    for (const ext of ['', ...this.extensions]) {
      const suffix = ext === '' ? '' : ext.includes('.') ? ext : `.${ext}`;
      const entry = names?.get(name + suffix);
      if (names && !entry) continue;
      const full = base + suffix;
      // a listed regular file needs no stat; links and the rest are looked at
      if (entry?.isFile()) return [full];
      if (!exists(full)) continue;
      return isDirectory(full) ? this.dirVarsFiles(full) : [full];
    }
    return [];
  }

  private dirVarsFiles(path: string): string[] {
    const out: string[] = [];
    for (const entry of sortNames(readdirSync(path))) {
      if (entry.startsWith('.') || entry.endsWith('~')) continue;
      const ext = pyExt(entry);
      const full = join(path, entry);
      if (isDirectory(full)) {
        if (!ext) out.push(...this.dirVarsFiles(full));
      } else if (!ext || this.extensions.includes(ext)) {
        out.push(full);
      }
    }
    return out;
  }

  private load(file: string): unknown {
    if (!this.contents.has(file)) this.contents.set(file, loadDataFile(file, this.options.decrypt));
    return this.contents.get(file);
  }
}

/** os.path.splitext's extension: leading dots of the name do not count. */
export function pyExt(name: string): string {
  const stripped = name.replace(/^\.+/, '');
  return stripped.includes('.') ? extname(stripped) : '';
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  return 'AnsibleMapping';
}

/** combine_vars with the default `replace` hash behaviour; both sides must be mappings. */
function combine(a: Vars, b: unknown, file: string): Vars {
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw new SourceError(
      `failed to combine variables, expected dicts but got a 'dict' and a '${typeName(b)}': \n${JSON.stringify(a)}\n${JSON.stringify(b)}`,
      { code: 'KPLAY_VARS_NOT_DICT', pos: positionOf(b) ?? { file, line: 1, column: 1 } },
    );
  }
  return { ...a, ...(b as Vars) };
}
