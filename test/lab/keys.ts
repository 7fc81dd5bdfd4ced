/** Key material made once per lab: the client key, the hosts' sshd keys, the user's password. */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runOk } from './proc.js';

export interface LabKeys {
  /** Private key file (no passphrase) for root and the lab user. */
  readonly keyFile: string;
  readonly publicKey: string;
  /** sshd host key files by name (ssh_host_ed25519_key, ...pub). */
  readonly hostKeys: ReadonlyMap<string, string>;
}

/** The host key types sshd is given (its drop-in names exactly these files). */
export const HOST_KEY_TYPES = ['ed25519', 'ecdsa'] as const;

export async function makeKeys(dir: string): Promise<LabKeys> {
  const keyFile = join(dir, 'id_ed25519');
  const sshDir = join(dir, 'hostkeys');
  await mkdir(sshDir, { recursive: true });
  // No RSA host key: making one takes up to a second, and every client here speaks the others.
  await Promise.all([
    runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kplay-lab', '-f', keyFile]),
    ...HOST_KEY_TYPES.map((t) => runOk('ssh-keygen', ['-q', '-t', t, '-N', '', '-C', 'kplay-lab-host', '-f', join(sshDir, `ssh_host_${t}_key`)])),
  ]);
  const hostKeys = new Map<string, string>();
  for (const name of await readdir(sshDir)) hostKeys.set(name, await readFile(join(sshDir, name), 'utf8'));
  return { keyFile, publicKey: await readFile(`${keyFile}.pub`, 'utf8'), hostKeys };
}

/** A fresh password for the lab user, and its SHA-512 crypt(3) hash for /etc/shadow. */
export async function makePassword(): Promise<{ password: string; hash: string }> {
  const password = `kp-${randomBytes(9).toString('base64url')}`;
  const hash = (await runOk('openssl', ['passwd', '-6', '-stdin'], `${password}\n`)).trim();
  if (!hash.startsWith('$6$')) throw new Error(`openssl passwd gave no SHA-512 hash: ${hash}`);
  return { password, hash };
}
