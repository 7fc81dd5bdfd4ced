/** The vault secrets of an ansible-playbook/ansible-inventory-like run, from flags, env and ansible.cfg. */
import { readVaultConfig } from '../vault/config.js';
import { RunVault } from '../vault/run-vault.js';
import { loadRunVaultSecrets, type RunVaultFlags } from '../vault/setup-secrets.js';
import { StdinTerminal } from '../vault/cli/terminal.js';
import { warningText } from '../callback/warning-text.js';

export type { RunVaultFlags };

interface RunIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly err: NodeJS.WritableStream;
}

/** A flag given once is a string, given again an array (argparse's `append`). */
function many(v: unknown): string[] {
  if (v === undefined || v === null || v === false) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** The yargs options every run command shares with ansible-playbook. */
export function runVaultFlags(args: Record<string, unknown>): RunVaultFlags {
  return {
    vaultIds: many(args['vaultId']),
    vaultPasswordFiles: many(args['vaultPasswordFile']),
    askVaultPass: args['askVaultPass'] === true,
  };
}

/** argparse's mutually exclusive group: a password file and a prompt are not given together. */
export function vaultFlagsConflict(args: Record<string, unknown>): string | undefined {
  if (args['askVaultPass'] !== true || many(args['vaultPasswordFile']).length === 0) return undefined;
  return 'argument --vault-password-file/--vault-pass-file: not allowed with argument --ask-vault-password/--ask-vault-pass';
}

/** CLI._play_prereqs: secrets in Ansible's order; a missing source warns, none working fails. */
export async function openRunVault(flags: RunVaultFlags, io: RunIo): Promise<RunVault> {
  let terminal: StdinTerminal | undefined;
  const secrets = await loadRunVaultSecrets(flags, {
    config: readVaultConfig(io.env, io.cwd),
    cwd: io.cwd,
    env: io.env,
    // getpass: no echo on a TTY, one line of piped input otherwise.
    prompt: (message) => (terminal ??= new StdinTerminal(process.stdin, process.stdout, io.err)).secret(message),
    warn: (message) => void io.err.write(warningText(message)),
  });
  return new RunVault(secrets);
}
