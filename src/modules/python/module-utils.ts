/*
 * Which module_utils a module needs, found as Ansible's ModuleDepFinder finds them: the
 * `import`/`from … import` statements that name `ansible.module_utils…` or
 * `ansible_collections…` (relative imports included), followed recursively, read from the
 * controller's ansible-core and collections.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { controllerAnsibleDir } from './controller-paths.js';

/** Zip path (`ansible/module_utils/basic.py`) → file content. */
export type PayloadFiles = Map<string, Buffer>;

const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*[\w.]*)(?:[ \t]|\\\r?\n)+import(?:[ \t]|\\\r?\n)+(\([^)]*\)|[^\n#;]+(?:\\\n[^\n#;]*)*)/gm;
const PLAIN_IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)/gm;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Dotted names a source file may import (candidates: not all of them are modules). */
export function importedNames(source: string, packageName: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(FROM_IMPORT)) {
    const target = m[1]!;
    const dots = /^\.*/.exec(target)![0].length;
    let base = target.slice(dots);
    if (dots > 0) {
      const pkg = packageName.split('.');
      if (dots - 1 > pkg.length) continue;
      const parent = pkg.slice(0, pkg.length - (dots - 1)).join('.');
      base = base ? `${parent}.${base}` : parent;
    }
    out.push(base);
    const names = m[2]!.replace(/[()\\]/g, ' ').split(',').map((s) => s.trim().split(/\s+/)[0] ?? '').filter((s) => /^\w+$/.test(s));
    for (const n of names) out.push(`${base}.${n}`);
  }
  for (const m of source.matchAll(PLAIN_IMPORT)) for (const part of m[1]!.split(',')) out.push(part.trim().split(/\s+/)[0]!);
  return out.filter((n) => n === 'ansible.module_utils' || n.startsWith('ansible.module_utils.') || n.startsWith('ansible_collections.'));
}

/** `ansible`, `ansible_collections.ns.coll.plugins` and above: empty markers in the payload, never the real files. */
function isNamespaceLevel(name: string): boolean {
  const parts = name.split('.');
  return name === 'ansible' || (parts[0] === 'ansible_collections' && parts.length <= 4);
}

export class ModuleUtilsFinder {
  private readonly files: PayloadFiles = new Map();
  private readonly seen = new Set<string>();

  constructor(private readonly collectionRoots: readonly string[]) {}

  /** The controller file of a dotted name: `[file, isPackage]`, or undefined. */
  private locate(dotted: string): [string, boolean] | undefined {
    const parts = dotted.split('.');
    const bases: string[] = [];
    if (parts[0] === 'ansible') {
      const dir = controllerAnsibleDir();
      if (dir) bases.push(join(dir, ...parts.slice(1)));
    } else if (parts[0] === 'ansible_collections' && parts.length >= 4) {
      for (const root of this.collectionRoots) bases.push(join(root, ...parts));
    }
    for (const b of bases) {
      if (isFile(`${b}.py`)) return [`${b}.py`, false];
      if (isFile(join(b, '__init__.py'))) return [join(b, '__init__.py'), true];
    }
    return undefined;
  }

  /** Adds a dotted name's file (and its packages' __init__.py), then what it imports. */
  add(dotted: string): void {
    // `from ansible.module_utils.six.moves import x`: the nearest real module holds it.
    let name = dotted;
    let found = this.locate(name);
    while (!found && name.includes('.') && name !== 'ansible.module_utils') {
      name = name.slice(0, name.lastIndexOf('.'));
      found = this.locate(name);
    }
    if (!found || this.seen.has(name) || isNamespaceLevel(name)) return;
    this.seen.add(name);
    const [file, isPackage] = found;
    const source = readFileSync(file);
    const zipPath = name.replace(/\./g, '/') + (isPackage ? '/__init__.py' : '.py');
    this.files.set(zipPath, source);
    const parts = name.split('.');
    for (let i = 1; i < parts.length; i++) this.add(parts.slice(0, i).join('.'));
    const pkg = isPackage ? name : parts.slice(0, -1).join('.');
    for (const dep of importedNames(source.toString('utf8'), pkg)) this.add(dep);
  }

  /** Scans a module's own source for what it needs. */
  addModuleSource(source: string, pythonName: string): void {
    const pkg = pythonName.split('.').slice(0, -1).join('.');
    for (const dep of importedNames(source, pkg)) this.add(dep);
  }

  result(): PayloadFiles {
    return this.files;
  }
}

/** Every package directory in the payload gets an `__init__.py` (empty unless a real one was added). */
export function addPackageMarkers(files: PayloadFiles, pythonName: string): void {
  const paths = [...files.keys(), pythonName.replace(/\./g, '/') + '.py'];
  for (const path of paths) {
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const init = [...parts.slice(0, i), '__init__.py'].join('/');
      if (!files.has(init)) files.set(init, Buffer.alloc(0));
    }
  }
}
