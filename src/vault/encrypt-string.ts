/** `encrypt_string`'s output: `!vault |` YAML blocks, and the stderr notes that tell several apart. */
import type { Secret } from '../secrets/secret.js';
import { encryptVault } from './vault-lib.js';

export const FROM_STDIN = 'stdin';
export const FROM_ARGS = 'the command line args';
export const FROM_PROMPT = 'the interactive prompt';

export interface StringToEncrypt {
  readonly plaintext: Buffer;
  readonly from: typeof FROM_STDIN | typeof FROM_ARGS | typeof FROM_PROMPT;
  readonly name: string | undefined;
}

/** format_ciphertext_yaml: `[name: ]!vault |` and the envelope indented by 10. */
export function formatCiphertextYaml(ciphertext: string, name?: string, indent = 10): string {
  const lines = [`${name ? `${name}: ` : ''}!vault |`];
  for (const line of ciphertext.replace(/\n$/, '').split('\n')) lines.push(' '.repeat(indent) + line);
  return lines.join('\n');
}

export interface EncryptedString {
  readonly out: string;
  /** The note Ansible writes to stderr when there is more than one string (never the plaintext). */
  readonly err: string | undefined;
}

/** _format_output_vault_strings. */
export function encryptStrings(items: readonly StringToEncrypt[], secret: Secret, vaultId: string): EncryptedString[] {
  const delimit = items.length > 1;
  return items.map((item, index) => {
    const out = formatCiphertextYaml(encryptVault(item.plaintext, secret, vaultId), item.name);
    let err: string | undefined;
    if (delimit) {
      err = item.name
        ? `# The encrypted version of variable ("${item.name}", the string #${index + 1} from ${item.from}).\n`
        : `# The encrypted version of the string #${index + 1} from ${item.from}.)\n`;
    }
    return { out, err };
  });
}
