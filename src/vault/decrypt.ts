/**
 * What the rest of kplay calls: decrypt a vaulted file's text, an inline `!vault` value, or
 * every `!vault` value inside loaded YAML. Error texts are Ansible's: a vaulted file names
 * itself (`… on FILE`), an inline value does not, as with ansible-playbook.
 */
import { inheritPosition } from '../yaml/load.js';
import { VaultText } from '../yaml/tags.js';
import type { VaultSecrets } from './secrets.js';
import { decryptVault } from './vault-lib.js';

export { isVaultText } from './envelope.js';

/** Decrypts a whole `$ANSIBLE_VAULT;…` file: the same shape as inventory's `DecryptHook`. */
export type DecryptHook = (text: string, file: string) => string;

/** The plaintext bytes of vault text (a file's content or an inline value). */
export function decryptBytes(text: string | Buffer, secrets: VaultSecrets, sourceName?: string): Buffer {
  return decryptVault(text, secrets, sourceName).plaintext;
}

/** The plaintext of vault text, decoded as UTF-8 (Ansible's to_text). */
export function decryptText(text: string | Buffer, secrets: VaultSecrets, sourceName?: string): string {
  return decryptBytes(text, secrets, sourceName).toString('utf8');
}

/** AnsibleVaultEncryptedUnicode.data: an inline `!vault` value's plaintext. */
export function decryptVaultValue(v: VaultText, secrets: VaultSecrets): string {
  return decryptText(v.ciphertext, secrets);
}

/** For `loadDataFile`/`readSourceText` and the inventory loader: whole vaulted files. */
export function vaultDecryptHook(secrets: VaultSecrets): DecryptHook {
  return (text, file) => decryptText(text, secrets, file);
}

/**
 * A copy of a loaded YAML/JSON value with every `VaultText` replaced by its plaintext.
 * Containers keep their source positions; shared (aliased) nodes stay shared.
 */
export function revealVaulted(value: unknown, secrets: VaultSecrets): unknown {
  const seen = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (v instanceof VaultText) return decryptVaultValue(v, secrets);
    if (v === null || typeof v !== 'object') return v;
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      inheritPosition(v, out);
      for (const item of v) out.push(walk(item));
      return out;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    inheritPosition(v, out);
    for (const [k, item] of Object.entries(v)) out[k] = walk(item);
    return out;
  };
  return walk(value);
}
