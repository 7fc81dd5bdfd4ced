import { OptionsError, RunError, type SourcePos } from '../errors/source-error.js';

/**
 * AnsibleVaultError: a vault operation failed (no secret, wrong secret, bad input).
 * ansible-playbook and ansible-vault exit 1 for these, so it is a RunError.
 * Messages never carry plaintext or passwords, only file names and vault ids.
 */
export class VaultError extends RunError {
  readonly code: string;

  constructor(message: string, code = 'KPLAY_VAULT') {
    super(message);
    this.name = 'VaultError';
    this.code = code;
  }
}

/**
 * An inline `!vault` value that no secret decrypts, met where it was used. The message is
 * Ansible's (a task fails with it); `pos` is where the value was written.
 */
export class VaultValueError extends VaultError {
  constructor(
    message: string,
    code: string,
    readonly pos: SourcePos | undefined,
  ) {
    super(message, code);
    this.name = 'VaultValueError';
  }
}

/** AnsibleVaultFormatError: the envelope or payload is malformed (not a wrong password). */
export class VaultFormatError extends VaultError {
  /**
   * Set when the error surfaced while trying a secret: Ansible then warns
   * `There was a vault format error in FILE: …` before failing.
   */
  warning: string | undefined;

  constructor(message: string) {
    super(message, 'KPLAY_VAULT_FORMAT');
    this.name = 'VaultFormatError';
  }
}

/** AnsibleVaultPasswordError: an empty password from a prompt, file or script. */
export class VaultPasswordError extends VaultError {
  constructor(message: string) {
    super(message, 'KPLAY_VAULT_PASSWORD');
    this.name = 'VaultPasswordError';
  }
}

/** AnsibleOptionsError raised by vault setup (ansible-vault exits 5 and prints its help). */
export class VaultOptionsError extends OptionsError {
  readonly code = 'KPLAY_VAULT_OPTIONS';

  constructor(message: string) {
    super(message);
    this.name = 'VaultOptionsError';
  }
}

export const NO_SECRETS = 'Attempting to decrypt but no vault secrets found';
export const NO_MATCHING_SECRET = 'Decryption failed (no vault secrets were found that could decrypt)';
