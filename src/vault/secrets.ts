/**
 * The vault secrets of a run: (vault id, password) pairs in the order Ansible builds them
 * (identity list, --vault-id, password files, prompt). Passwords stay `Secret`s; their bytes
 * are revealed only where the key is derived.
 */
import { Secret } from '../secrets/secret.js';
import { DEFAULT_VAULT_ID } from './envelope.js';
import { VaultError } from './errors.js';

/** A Secret read as raw bytes (a password file need not be UTF-8); prints redacted like any Secret. */
export class ByteSecret extends Secret {
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    super(bytes.toString('utf8'));
    this.#bytes = Buffer.from(bytes);
  }

  revealBytes(): Buffer {
    return Buffer.from(this.#bytes);
  }
}

/** The password bytes PBKDF2 needs: exact bytes for files and scripts, UTF-8 for typed ones. */
export function secretBytes(secret: Secret): Buffer {
  return secret instanceof ByteSecret ? secret.revealBytes() : Buffer.from(secret.reveal(), 'utf8');
}

export interface VaultSecretEntry {
  readonly vaultId: string;
  readonly secret: Secret;
}

export interface VaultSecretsOptions {
  /** DEFAULT_VAULT_ID_MATCH (ANSIBLE_VAULT_ID_MATCH): only try secrets whose id matches the envelope's. */
  readonly idMatch?: boolean;
  /** DEFAULT_VAULT_IDENTITY (ANSIBLE_VAULT_IDENTITY): the label of a 1.1 envelope; `default`. */
  readonly defaultVaultId?: string;
}

export class VaultSecrets {
  readonly #entries: VaultSecretEntry[];
  readonly idMatch: boolean;
  readonly defaultVaultId: string;

  constructor(entries: Iterable<VaultSecretEntry> = [], opts: VaultSecretsOptions = {}) {
    this.#entries = [...entries];
    this.idMatch = opts.idMatch === true;
    this.defaultVaultId = opts.defaultVaultId || DEFAULT_VAULT_ID;
  }

  /** One vault id and its password; the same id may appear twice, as in Ansible. */
  add(vaultId: string, secret: Secret): this {
    this.#entries.push({ vaultId, secret });
    return this;
  }

  get entries(): readonly VaultSecretEntry[] {
    return this.#entries;
  }

  get size(): number {
    return this.#entries.length;
  }

  ids(): string[] {
    return this.#entries.map((e) => e.vaultId);
  }

  /**
   * The secrets to try on an envelope labelled `vaultId`: those with that id first, then (unless
   * vault_id_match) the others in order. Ansible tries all of them too; trying the labelled ones
   * first only saves PBKDF2 rounds, the first secret whose HMAC matches wins either way.
   */
  candidatesFor(vaultId: string): VaultSecretEntry[] {
    const matching = this.#entries.filter((e) => e.vaultId === vaultId);
    if (this.idMatch) return matching;
    return [...matching, ...this.#entries.filter((e) => e.vaultId !== vaultId)];
  }

  /**
   * match_encrypt_secret: the secret for `encryptVaultId`, or the first one when none is asked
   * for; undefined when there are no secrets at all.
   */
  encryptSecret(encryptVaultId?: string): VaultSecretEntry | undefined {
    if (!encryptVaultId) return this.#entries[0];
    const found = this.#entries.find((e) => e.vaultId === encryptVaultId);
    if (found) return found;
    const known = `[${this.ids().map(pyStrRepr).join(', ')}]`;
    throw new VaultError(`Did not find a match for --encrypt-vault-id=${encryptVaultId} in the known vault-ids ${known}`);
  }
}

/** Python's repr() of a str, as a list of vault ids prints. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}
