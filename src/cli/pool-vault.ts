/**
 * The vault flags of `kplay pool …` and `kplay cluster …` (the playbook command's, same
 * names and aliases): taken out of argv before the command's own flags are parsed, then
 * opened as the playbook command opens them (flags, ANSIBLE_VAULT_* and ansible.cfg).
 */
import { OptionsError } from '../errors/source-error.js';
import type { PasswordSources } from '../provision/pools/index.js';
import type { RunVault } from '../vault/run-vault.js';
import { openRunVault, type RunVaultFlags } from './run-vault.js';

const WITH_VALUE: Readonly<Record<string, 'vaultIds' | 'vaultPasswordFiles'>> = {
  'vault-id': 'vaultIds',
  'vault-password-file': 'vaultPasswordFiles',
  'vault-pass-file': 'vaultPasswordFiles',
};
const ASK = new Set(['ask-vault-pass', 'ask-vault-password']);

export interface VaultArgs {
  /** argv without the vault flags. */
  readonly rest: string[];
  readonly flags: RunVaultFlags;
}

/** `--vault-id X`, `--vault-password-file X` (repeatable, `=` form too) and `--ask-vault-pass`. */
export function takeVaultArgs(argv: readonly string[]): VaultArgs {
  const rest: string[] = [];
  const lists = { vaultIds: [] as string[], vaultPasswordFiles: [] as string[] };
  let askVaultPass = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? a.slice(2, eq > 0 ? eq : undefined) : '';
    const list = WITH_VALUE[name];
    if (list) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new OptionsError(`--${name} needs a value`);
      lists[list].push(v);
    } else if (ASK.has(name) && eq < 0) askVaultPass = true;
    else rest.push(a);
  }
  if (askVaultPass && lists.vaultPasswordFiles.length > 0) {
    throw new OptionsError('argument --vault-password-file/--vault-pass-file: not allowed with argument --ask-vault-password/--ask-vault-pass');
  }
  return { rest, flags: { ...lists, askVaultPass } };
}

/** The run's vault, and pools.yml's password sources using it (no secret at all: no decrypt hook, so the error says how to give one). */
export async function openPoolVault(flags: RunVaultFlags, cwd: string): Promise<{ vault: RunVault; sources: PasswordSources }> {
  const vault = await openRunVault(flags, { cwd, env: process.env, err: process.stderr });
  return { vault, sources: vault.hasSecrets ? { decrypt: (v) => vault.decryptValue(v) } : {} };
}
