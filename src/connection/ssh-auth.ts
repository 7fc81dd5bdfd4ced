import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AuthenticationType, ParsedKey } from 'ssh2';

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
  /** Passphrase for an encrypted key; the password is tried too, as Ansible's paramiko plugin does. */
  readonly keyPassphrase?: Secret;
  /** Asks for a key's passphrase (on a TTY); undefined when nobody can answer. */
  readonly askPassphrase?: (file: string) => Promise<Secret | undefined>;
}

type Usable = Buffer | ParsedKey;

/* Decrypting a key runs bcrypt_pbkdf in JavaScript (slow by design): once per key file per run. */
const decrypted = new Map<string, { passphrase: string; key: ParsedKey }>();

async function decryptKey(data: Buffer, file: string, input: AuthInput): Promise<Usable | Error> {
  let parsed = utils.parseKey(data);
  if (!(parsed instanceof Error)) return data;
  if (!/encrypted|passphrase/i.test(parsed.message)) return parsed;
  const tryWith = (passphrase: Secret): ParsedKey | undefined => {
    const cached = decrypted.get(file);
    if (cached && cached.passphrase === passphrase.reveal()) return cached.key;
    const key = utils.parseKey(data, passphrase.reveal());
    if (key instanceof Error) return undefined;
    const one = Array.isArray(key) ? key[0] : key;
    if (one) decrypted.set(file, { passphrase: passphrase.reveal(), key: one });
    return one;
  };
  for (const candidate of [input.keyPassphrase, input.password]) {
    const key = candidate && tryWith(candidate);
    if (key) return key;
  }
  const asked = await (input.askPassphrase ?? askOnce)(file);
  if (asked) return tryWith(asked) ?? new Error('incorrect passphrase');
  return parsed;
}

let passphrasePrompt: ((prompt: string) => Promise<Secret>) | undefined;
const answers = new Map<string, Promise<Secret | undefined>>();

/** Lets the CLI ask for key passphrases on its terminal; each key file is asked for once per run. */
export function setPassphrasePrompt(prompt: (text: string) => Promise<Secret>): void {
  passphrasePrompt = prompt;
}

function askOnce(file: string): Promise<Secret | undefined> {
  const prompt = passphrasePrompt;
  if (!prompt) return Promise.resolve(undefined);
  let answer = answers.get(file);
  if (!answer) {
    answer = prompt(`Enter passphrase for key '${file}': `).catch(() => undefined);
    answers.set(file, answer);
  }
  return answer;
}

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
    const usable = await decryptKey(data, file, input);
    if (usable instanceof Error) {
      if (input.privateKeyFile && !process.env['SSH_AUTH_SOCK']) {
        throw new UnreachableError(`Failed to connect to the host via ssh: cannot use private key ${file}: ${usable.message} (give ansible_ssh_private_key_passphrase, run on a terminal, or load the key into ssh-agent)`);
      }
      continue;
    }
    methods.push({ type: 'publickey', username: input.user, key: usable });
  }
  if (process.env['SSH_AUTH_SOCK']) methods.push({ type: 'agent', username: input.user, agent: process.env['SSH_AUTH_SOCK'] });
  if (input.password) methods.push({ type: 'password', username: input.user, password: input.password.reveal() });
  if (methods.length === 0) methods.push({ type: 'none', username: input.user });
  return methods;
}
