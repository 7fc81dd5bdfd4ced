/**
 * The vault of a playbook or inventory run (DataLoader's VaultLib with the run's secrets):
 * loaders decrypt whole files through it, the templar inline `!vault` values when used.
 * Plaintext is cached per ciphertext, so a value used by every task pays PBKDF2 once.
 */
import { SourceError } from '../errors/source-error.js';
import type { VaultReader, VaultText } from '../yaml/tags.js';
import { VaultError, VaultValueError } from './errors.js';
import type { VaultSecrets } from './secrets.js';
import { decryptVault } from './vault-lib.js';

export class RunVault implements VaultReader {
  readonly #secrets: VaultSecrets;
  readonly #plain = new Map<string, string>();

  constructor(secrets: VaultSecrets) {
    this.#secrets = secrets;
  }

  get hasSecrets(): boolean {
    return this.#secrets.size > 0;
  }

  /** Errors name the file, as ansible-playbook's do: `… on FILE`. */
  decryptFile(text: string, file: string): string {
    return decryptVault(text, this.#secrets, file).plaintext.toString('utf8');
  }

  decryptValue(value: VaultText): string {
    const known = this.#plain.get(value.ciphertext);
    if (known !== undefined) return known;
    let plain: string;
    try {
      plain = decryptVault(value.ciphertext, this.#secrets).plaintext.toString('utf8');
    } catch (e) {
      if (e instanceof VaultError) throw new VaultValueError(e.message, e.code, value.pos);
      throw e;
    }
    this.#plain.set(value.ciphertext, plain);
    return plain;
  }

  /**
   * For inventory sources and group_vars/host_vars files: Ansible's inventory and vars
   * plugins re-raise a decryption failure as AnsibleParserError (a parse error, exit 4).
   */
  inventoryDecryptHook(): (text: string, file: string) => string {
    return (text, file) => {
      try {
        return this.decryptFile(text, file);
      } catch (e) {
        if (e instanceof VaultError) throw new SourceError(e.message, { code: e.code });
        throw e;
      }
    };
  }
}
