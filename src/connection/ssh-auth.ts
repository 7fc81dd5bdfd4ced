import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AuthenticationType } from 'ssh2';

const { utils } = ssh2;
import type { Secret } from '../secrets/secret.js';
import { UnreachableError } from './types.js';

type AuthMethod = { type: AuthenticationType; username: string } & Record<string, unknown>;

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => join(homedir(), '.ssh', k));

export interface AuthInput {
  readonly user: string;
  /** ansible_ssh_private_key_file / --private-key: only this key (no defaults). */
  readonly privateKeyFile?: string;
  /** IdentityFile entries of ~/.ssh/config. */
  readonly identityFiles?: readonly string[];
  readonly password?: Secret;
}

/**
 * The methods OpenSSH would try, in its order: the named key (or the config's and the default
 * keys), the agent, then the password. A key that cannot be used (encrypted, unreadable) is skipped
 * unless it was named explicitly.
 */
export async function authMethods(input: AuthInput): Promise<AuthMethod[]> {
  const methods: AuthMethod[] = [];
  const files = input.privateKeyFile ? [input.privateKeyFile] : [...(input.identityFiles ?? []), ...DEFAULT_KEYS.filter((f) => existsSync(f))];
  for (const file of files) {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (e) {
      if (input.privateKeyFile) throw new UnreachableError(`Failed to connect to the host via ssh: cannot read private key ${file}: ${(e as Error).message}`);
      continue;
    }
    const parsed = utils.parseKey(data);
    if (parsed instanceof Error) {
      if (input.privateKeyFile && !process.env['SSH_AUTH_SOCK']) {
        throw new UnreachableError(`Failed to connect to the host via ssh: cannot use private key ${file}: ${parsed.message} (load encrypted keys into ssh-agent)`);
      }
      continue;
    }
    methods.push({ type: 'publickey', username: input.user, key: data });
  }
  if (process.env['SSH_AUTH_SOCK']) methods.push({ type: 'agent', username: input.user, agent: process.env['SSH_AUTH_SOCK'] });
  if (input.password) methods.push({ type: 'password', username: input.user, password: input.password.reveal() });
  if (methods.length === 0) methods.push({ type: 'none', username: input.user });
  return methods;
}
