/**
 * CLI.setup_vault_secrets: turns --vault-id slugs, --vault-password-file, --ask-vault-pass
 * and the configured defaults into a VaultSecrets set, in Ansible's order and with its
 * warnings (a missing file warns and is skipped unless no source worked at all).
 */
import type { Secret } from '../secrets/secret.js';
import type { VaultConfig } from './config.js';
import { VaultError, VaultPasswordError } from './errors.js';
import { PASSWORD_FILE_MISSING, readPasswordSource } from './password-file.js';
import { pyBytesStrip } from './py-text.js';
import { ByteSecret, secretBytes, VaultSecrets } from './secrets.js';

/** Asks for a password without echo; resolves undefined at end of input (ctrl-d). */
export type PromptFn = (message: string) => Promise<Secret | undefined>;

export interface VaultSecretsRequest {
  /** `label@source` slugs in order; callers put the configured identity list first. */
  readonly vaultIds: readonly string[];
  readonly passwordFiles?: readonly string[];
  readonly askVaultPass?: boolean;
  /** Encrypting: prompts ask for a new password and its confirmation. */
  readonly createNewPassword?: boolean;
  /** ansible-vault prompts when nothing else was given; ansible-playbook does not. */
  readonly autoPrompt?: boolean;
}

export interface VaultSecretsContext {
  readonly config: VaultConfig;
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly prompt?: PromptFn;
  /** Ansible's `[WARNING]:` lines; never given a password. */
  readonly warn?: (message: string) => void;
}

const PROMPT_SOURCES = new Set(['prompt', 'prompt_ask_vault_pass']);

/** CLI.split_vault_id: `label@source`, or just a source. */
export function splitVaultId(slug: string): { label: string | undefined; source: string } {
  const at = slug.indexOf('@');
  return at < 0 ? { label: undefined, source: slug } : { label: slug.slice(0, at), source: slug.slice(at + 1) };
}

function promptFormats(source: string, create: boolean, id: string): string[] {
  if (source === 'prompt_ask_vault_pass') return create ? ['New Vault password: ', 'Confirm New Vault password: '] : ['Vault password: '];
  return create ? [`New vault password (${id}): `, `Confirm new vault password (${id}): `] : [`Vault password (${id}): `];
}

/** PromptVaultSecret.ask_vault_passwords: every prompt must give the same, non-empty password. */
async function askPassword(prompt: PromptFn | undefined, formats: string[], id: string): Promise<Secret> {
  const answers: Buffer[] = [];
  for (const format of formats) {
    const answer = prompt ? await prompt(format) : undefined;
    if (answer === undefined) throw new VaultError(`EOFError (ctrl-d) on prompt for (${id})`);
    const bytes = secretBytes(answer);
    if (bytes.length === 0) throw new VaultPasswordError('Invalid vault password was provided');
    answers.push(pyBytesStrip(bytes));
  }
  const first = answers[0];
  if (!first) throw new VaultError('Invalid vault password was provided');
  if (answers.some((a) => !a.equals(first))) throw new VaultError('Passwords do not match');
  return new ByteSecret(first);
}

export async function setupVaultSecrets(req: VaultSecretsRequest, ctx: VaultSecretsContext): Promise<VaultSecrets> {
  const { config } = ctx;
  const env = ctx.env ?? process.env;
  const warn = ctx.warn ?? (() => undefined);
  const secrets = new VaultSecrets([], { idMatch: config.idMatch, defaultVaultId: config.defaultVaultId });
  const files = [...(req.passwordFiles ?? [])];
  if (config.passwordFile) files.push(config.passwordFile);
  const slugs = [...req.vaultIds, ...files.map((f) => `${config.defaultVaultId}@${f}`)];
  if (req.askVaultPass || (slugs.length === 0 && req.autoPrompt !== false)) slugs.push(`${config.defaultVaultId}@prompt_ask_vault_pass`);

  let lastError: unknown;
  let found = false;
  for (const slug of slugs) {
    const { label, source } = splitVaultId(slug);
    const shownLabel = label ?? 'None';
    if (PROMPT_SOURCES.has(source)) {
      const id = label || config.defaultVaultId;
      try {
        secrets.add(id, await askPassword(ctx.prompt, promptFormats(source, req.createNewPassword === true, id), id));
      } catch (e) {
        warn(`Error in vault password prompt (${shownLabel}): ${(e as Error).message}`);
        throw e;
      }
      found = true;
      continue;
    }
    try {
      const secret = await readPasswordSource(source, { vaultId: label, cwd: ctx.cwd, env, earlier: secrets });
      secrets.add(label || config.defaultVaultId, secret);
      found = true;
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      const phase = e.code === PASSWORD_FILE_MISSING ? 'Error getting vault password file' : 'Error in vault password file loading';
      warn(`${phase} (${shownLabel}): ${e.message}`);
      lastError = e;
    }
  }
  if (lastError && !found) throw lastError;
  return secrets;
}

export interface RunVaultFlags {
  readonly vaultIds?: readonly string[];
  readonly vaultPasswordFiles?: readonly string[];
  readonly askVaultPass?: boolean;
}

/**
 * CLI._play_prereqs: the secrets of an ansible-playbook-like run. Never prompts unless
 * --ask-vault-pass, `--vault-id …@prompt` or ask_vault_pass asks for it.
 */
export function loadRunVaultSecrets(flags: RunVaultFlags, ctx: VaultSecretsContext): Promise<VaultSecrets> {
  return setupVaultSecrets(
    {
      vaultIds: [...ctx.config.identityList, ...(flags.vaultIds ?? [])],
      passwordFiles: flags.vaultPasswordFiles ?? [],
      askVaultPass: flags.askVaultPass === true || ctx.config.askVaultPass,
      autoPrompt: false,
    },
    ctx,
  );
}
