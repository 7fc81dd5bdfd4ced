import { readFileSync } from 'node:fs';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import { RunError, SourceError, snippetAt, type SourcePos } from '../errors/source-error.js';
import { yamlLib } from './lib.js';
import { ansibleTags } from './schema.js';
import { VAULT_HEADER, VaultText, type VaultReader } from './tags.js';

interface NodePositions {
  self: SourcePos;
  keys: Map<string, SourcePos>;
  items: Map<string | number, SourcePos>;
}

const positions = new WeakMap<object, NodePositions>();

/** Position of a loaded mapping or sequence, or of one of its keys/items. */
export function positionOf(container: unknown, key?: string | number): SourcePos | undefined {
  if (container === null || typeof container !== 'object') return undefined;
  const p = positions.get(container);
  if (!p) return undefined;
  if (key === undefined) return p.self;
  return p.keys.get(String(key)) ?? p.items.get(key) ?? p.self;
}

/** Copies positions from one loaded container to another object that replaces it. */
export function inheritPosition(from: unknown, to: object): void {
  if (from === null || typeof from !== 'object') return;
  const p = positions.get(from);
  if (p) positions.set(to, p);
}

export interface LoadOptions {
  /** Ansible accepts JSON too; YAML 1.1 is a superset that reads it. */
  allowMultiple?: boolean;
}

class Converter {
  private readonly anchors = new Map<YamlNode, unknown>();

  constructor(
    private readonly file: string,
    private readonly lc: LineCounter,
    private readonly doc: Document,
  ) {}

  pos(offset: number | undefined): SourcePos {
    const { line, col } = this.lc.linePos(offset ?? 0);
    return { file: this.file, line, column: col };
  }

  convert(node: unknown): unknown {
    const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLib();
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) return null;
      return this.anchors.has(target) ? this.anchors.get(target) : this.convert(target);
    }
    if (isScalar(node)) {
      const v = node.value;
      if (v instanceof Date) return node.source ?? v.toISOString();
      if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
      if (v instanceof VaultText) return new VaultText(v.ciphertext, this.pos(node.range?.[0]));
      return v;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      const items = new Map<string | number, SourcePos>();
      positions.set(out, { self: this.pos(node.range?.[0]), keys: new Map(), items });
      if (node.anchor) this.anchors.set(node, out);
      node.items.forEach((item, i) => {
        items.set(i, this.pos((item as YamlNode | null)?.range?.[0] ?? node.range?.[0]));
        out.push(this.convert(item));
      });
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const keys = new Map<string, SourcePos>();
      positions.set(out, { self: this.pos(node.range?.[0]), keys, items: new Map() });
      if (node.anchor) this.anchors.set(node, out);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        if (isScalar(keyNode) && keyNode.value === '<<' && !keyNode.tag) {
          this.merge(out, pair.value, keys);
          continue;
        }
        const key = this.keyString(this.convert(keyNode));
        keys.set(key, this.pos(keyNode?.range?.[0]));
        out[key] = this.convert(pair.value);
      }
      return out;
    }
    return (node as { toJSON?: () => unknown }).toJSON?.() ?? null;
  }

  private keyString(key: unknown): string {
    if (key === null) return 'None';
    if (key === true) return 'True';
    if (key === false) return 'False';
    return String(key);
  }

  /** `<<: *anchor` or `<<: [*a, *b]`: earlier sources win, explicit keys win over all. */
  private merge(out: Record<string, unknown>, value: unknown, keys: Map<string, SourcePos>): void {
    const sources = yamlLib().isSeq(value) ? value.items : [value];
    for (const src of sources) {
      const merged = this.convert(src);
      if (merged === null || typeof merged !== 'object' || Array.isArray(merged)) continue;
      const mp = positions.get(merged);
      for (const [k, v] of Object.entries(merged)) {
        if (k in out) continue;
        out[k] = v;
        const p = mp?.keys.get(k);
        if (p) keys.set(k, p);
      }
    }
  }
}

function yamlError(file: string, text: string, message: string, line: number, column: number): SourceError {
  return new SourceError(`Syntax Error while loading YAML.\n  ${message}`, {
    code: 'KPLAY_YAML_SYNTAX',
    pos: { file, line, column },
    snippet: `The offending line appears to be:\n\n${snippetAt(text, line, column)}`,
  });
}

/** Parses YAML text (all documents) the way Ansible's loader reads it. */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  const { LineCounter, parseAllDocuments } = yamlLib();
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    customTags: () => ansibleTags(),
    uniqueKeys: false,
    merge: false,
    lineCounter: lc,
    prettyErrors: false,
    strict: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    return [];
  }
  const out: unknown[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lc.linePos(err.pos[0]);
      throw yamlError(file, text, err.message.split('\n')[0] ?? err.message, line, col);
    }
    out.push(new Converter(file, lc, doc).convert(doc.contents));
  }
  return out;
}

/** One YAML document; empty text gives null, as PyYAML does. */
export function parseYaml(text: string, file: string): unknown {
  const docs = parseYamlDocuments(text, file);
  return docs[0] ?? null;
}

/** Ansible's message when vaulted data is met and the run has no vault secrets at all. */
export const NO_VAULT_SECRETS = 'Attempting to decrypt but no vault secrets found';

/**
 * DataLoader.load_from_file: a vault-encrypted file is decrypted first (with the run's
 * vault); without one, Ansible's "no vault secrets" error (exit 1).
 */
export function loadYamlFile(path: string, vault?: VaultReader): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SourceError(`Unable to read ${path}: ${(e as Error).message}`, { code: 'KPLAY_FILE_READ' });
  }
  if (text.startsWith(VAULT_HEADER)) {
    if (!vault) throw new RunError(NO_VAULT_SECRETS);
    text = vault.decryptFile(text, path);
  }
  return parseYaml(text, path);
}
