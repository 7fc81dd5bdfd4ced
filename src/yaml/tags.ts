import type { SourcePos } from '../errors/source-error.js';

/** A string marked `!unsafe`: never templated. */
export class UnsafeText {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}

/**
 * An inline `!vault` value (AnsibleVaultEncryptedUnicode): ciphertext until the run's vault
 * decrypts it where it is used; `pos` names the value in messages.
 */
export class VaultText {
  constructor(
    readonly ciphertext: string,
    readonly pos?: SourcePos,
  ) {}
  toString(): string {
    return '<vaulted>';
  }
  toJSON(): string {
    return '<vaulted>';
  }
}

/** The first bytes of a vault-encrypted file or value (VaultLib.is_encrypted). */
export const VAULT_HEADER = '$ANSIBLE_VAULT;';

/**
 * The run's vault as loaders and the templar see it (DataLoader's VaultLib): whole
 * encrypted files decrypt when read, inline values when used. Errors are Ansible's.
 */
export interface VaultReader {
  /** The plaintext of a whole `$ANSIBLE_VAULT;…` file. */
  decryptFile(text: string, file: string): string;
  /** The plaintext of an inline `!vault` value. */
  decryptValue(value: VaultText): string;
}
