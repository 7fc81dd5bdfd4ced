/** VaultLib: encrypt with one secret, decrypt with whichever of a run's secrets fits. */
import type { Secret } from '../secrets/secret.js';
import { CIPHER_AES256, decryptAes256, encryptAes256 } from './aes256.js';
import { formatEnvelope, isVaultText, parseEnvelope } from './envelope.js';
import { NO_MATCHING_SECRET, NO_SECRETS, VaultError, VaultFormatError } from './errors.js';
import { secretBytes, type VaultSecrets } from './secrets.js';

export interface DecryptResult {
  readonly plaintext: Buffer;
  /** The id of the secret that worked (may differ from the envelope's label). */
  readonly vaultId: string;
  readonly secret: Secret;
}

function toBytes(data: string | Buffer): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/**
 * VaultLib.encrypt: the envelope text (80-column lines, trailing newline). A vault id other
 * than `default` gives format 1.2. `salt` exists for known-answer tests only.
 */
export function encryptVault(plaintext: string | Buffer, secret: Secret, vaultId?: string, salt?: Buffer): string {
  const bytes = toBytes(plaintext);
  if (isVaultText(bytes)) throw new VaultError('input is already encrypted');
  return formatEnvelope(encryptAes256(bytes, secretBytes(secret), salt), CIPHER_AES256, vaultId);
}

/**
 * VaultLib.decrypt_and_get_vault_id, with Ansible's checks in Ansible's order: vault data at
 * all, envelope, cipher, any secrets, then each candidate secret until one's HMAC matches.
 * `filename` only names the source in messages.
 */
export function decryptVault(vaulttext: string | Buffer, secrets: VaultSecrets, filename?: string): DecryptResult {
  const bytes = toBytes(vaulttext);
  if (!isVaultText(bytes)) {
    throw new VaultError(`input is not vault encrypted data. ${filename ? `${filename} is not a vault encrypted file` : ''}`, 'KPLAY_VAULT_NOT_VAULT');
  }
  const envelope = parseEnvelope(bytes, secrets.defaultVaultId, filename);
  if (envelope.cipher !== CIPHER_AES256) throw new VaultError(`${envelope.cipher} cipher could not be found`);
  if (secrets.size === 0) throw new VaultError(NO_SECRETS, 'KPLAY_VAULT_NO_SECRET');
  for (const candidate of secrets.candidatesFor(envelope.vaultId)) {
    try {
      const plaintext = decryptAes256(envelope.payload, secretBytes(candidate.secret));
      return { plaintext, vaultId: candidate.vaultId, secret: candidate.secret };
    } catch (e) {
      if (e instanceof VaultFormatError) {
        e.warning = `There was a vault format error${filename ? ` in ${filename}` : ''}: ${e.message}`;
        throw e;
      }
      if (e instanceof VaultError) continue;
      throw e;
    }
  }
  throw new VaultError(`${NO_MATCHING_SECRET}${filename ? ` on ${filename}` : ''}`, 'KPLAY_VAULT_DECRYPT');
}
