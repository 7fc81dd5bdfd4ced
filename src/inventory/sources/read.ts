/**
 * Reading inventory and vars files as Ansible's DataLoader does: vault-encrypted files go
 * through the caller's decrypt hook, data files are tried as JSON first, then YAML 1.1.
 */
import { readFileSync } from 'node:fs';
import { SourceError } from '../../errors/source-error.js';
import { parseYaml } from '../../yaml/load.js';
import { parseSimpleYaml } from '../simple-yaml.js';
import { UnsafeText, VaultText } from '../../yaml/tags.js';

/** Decrypts a whole `$ANSIBLE_VAULT;…` file; vault itself lives elsewhere. */
export type DecryptHook = (text: string, file: string) => string;

const VAULT_HEADER = '$ANSIBLE_VAULT;';

export function readSourceText(path: string, decrypt: DecryptHook | undefined): string {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new SourceError(`Unable to read ${path}: ${(e as Error).message}`, { code: 'KPLAY_FILE_READ' });
  }
  const text = buf.toString('utf8');
  return maybeDecrypt(text, path, decrypt);
}

export function maybeDecrypt(text: string, path: string, decrypt: DecryptHook | undefined): string {
  if (!text.startsWith(VAULT_HEADER)) return text;
  if (!decrypt) {
    throw new SourceError(`Attempting to decrypt but no vault secrets found`, {
      code: 'KPLAY_VAULT_NO_SECRET',
      pos: { file: path, line: 1, column: 1 },
    });
  }
  return decrypt(text, path);
}

/** AnsibleJSONDecoder's markers for unsafe and vaulted values. */
function jsonReviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o['__ansible_unsafe'] === 'string') return new UnsafeText(o['__ansible_unsafe']);
    if (keys.length === 1 && typeof o['__ansible_vault'] === 'string') return new VaultText(o['__ansible_vault']);
  }
  return value;
}

export function parseJson(text: string): unknown {
  return JSON.parse(text, jsonReviver);
}

/** DataLoader.load: JSON if it is JSON, else YAML (errors carry file, line, column). */
export function parseData(text: string, file: string): unknown {
  // `key: value` lines are never JSON, so the fast reader can go first
  const simple = parseSimpleYaml(text);
  if (simple) return simple;
  // JSON text starts with one of these (after whitespace); skip the failing JSON.parse otherwise
  if (!/^[\s]*[{["0-9tfn-]/.test(text)) return parseYaml(text, file);
  try {
    return parseJson(text);
  } catch {
    return parseYaml(text, file);
  }
}

export function loadDataFile(path: string, decrypt: DecryptHook | undefined): unknown {
  return parseData(readSourceText(path, decrypt), path);
}
