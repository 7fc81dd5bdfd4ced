/**
 * A vault password from a file (FileVaultSecret), a script (ScriptVaultSecret) or a
 * `*-client` script told which vault id is wanted (ClientScriptVaultSecret). Scripts get no
 * password in argv, only `--vault-id LABEL`, and their stdout is the password.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { extname } from 'node:path';
import type { Secret } from '../secrets/secret.js';
import { isVaultText } from './envelope.js';
import { VaultError, VaultPasswordError } from './errors.js';
import { unfrackPath } from './paths.js';
import { pyBytesRepr, pyBytesStrip, pyOsError } from './py-text.js';
import { ByteSecret, type VaultSecrets } from './secrets.js';
import { decryptVault } from './vault-lib.js';

const CRLF = [0x0d, 0x0a];

/** The error code of a password source that does not exist (Ansible warns about it differently). */
export const PASSWORD_FILE_MISSING = 'KPLAY_VAULT_PASSWORD_FILE_MISSING';

function isExecutable(path: string): boolean {
  try {
    return (statSync(path).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** script_is_client: `something-client` or `something-client.ext`. */
function isClientScript(filename: string): boolean {
  return filename.slice(0, filename.length - extname(filename).length).endsWith('-client');
}

/**
 * Python execs the file itself and fails with ENOEXEC for a text file with the executable
 * bit; Node would hand it to /bin/sh, which runs the password as a command and prints it.
 */
function assertExecFormat(path: string): void {
  const head = Buffer.alloc(4);
  let n = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      n = readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return;
  }
  const magic = head.subarray(0, n);
  if (magic.subarray(0, 2).toString('latin1') === '#!' || magic.toString('latin1') === '\x7fELF') return;
  const e = Object.assign(new Error('exec format error'), { code: 'ENOEXEC' });
  throw e;
}

interface ScriptOutput {
  code: number;
  stdout: Buffer;
  stderr: Buffer | undefined;
}

function runScript(path: string, args: string[], captureStderr: boolean): Promise<ScriptOutput> {
  return new Promise((resolve, reject) => {
    try {
      assertExecFormat(path);
    } catch (e) {
      reject(e);
      return;
    }
    const child = spawn(path, args, { stdio: ['inherit', 'pipe', captureStderr ? 'pipe' : 'inherit'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const sig = signal ? (constants.signals as Record<string, number>)[signal] ?? 1 : 0;
      resolve({ code: code ?? -sig, stdout: Buffer.concat(out), stderr: captureStderr ? Buffer.concat(err) : undefined });
    });
  });
}

export interface PasswordFileOptions {
  /** The label to pass to a `-client` script (`--vault-id LABEL`); none when the slug had none. */
  readonly vaultId: string | undefined;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Secrets loaded so far: a vault-encrypted password file is decrypted with them. */
  readonly earlier: VaultSecrets;
}

/** get_file_vault_secret + load(): the password of one file or script source. */
export async function readPasswordSource(filename: string, opts: PasswordFileOptions): Promise<Secret> {
  const path = unfrackPath(filename, opts.cwd, opts.env);
  if (!existsSync(path)) throw new VaultError(`The vault password file ${path} was not found`, PASSWORD_FILE_MISSING);
  if (isExecutable(path)) return readScript(path, isClientScript(filename) ? opts.vaultId ?? null : undefined);
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new VaultError(`Could not read vault password file ${path}: ${pyOsError(e, path)}`);
  }
  let pass = pyBytesStrip(raw);
  if (isVaultText(pass)) pass = decryptVault(pass, opts.earlier, path).plaintext;
  pass = pyBytesStrip(pass, CRLF);
  if (pass.length === 0) throw new VaultPasswordError(`Invalid vault password was provided from file (${path})`);
  return new ByteSecret(pass);
}

/** `client`: undefined for a plain script, null for a client script asked for no id. */
async function readScript(path: string, client: string | null | undefined): Promise<Secret> {
  const kind = client === undefined ? 'script' : 'client script';
  const args = client ? ['--vault-id', client] : [];
  let result: ScriptOutput;
  try {
    result = await runScript(path, args, client !== undefined);
  } catch (e) {
    throw new VaultError(`Problem running vault password ${kind} ${path} (${pyOsError(e, path)}). If this is not a script, remove the executable bit from the file.`);
  }
  const id = client ?? 'None';
  const stderr = result.stderr ? pyBytesRepr(result.stderr) : 'None';
  if (client !== undefined && result.code === 2) {
    throw new VaultError(`Vault password client script ${path} did not find a secret for vault-id=${id}: ${stderr}`);
  }
  if (result.code !== 0) {
    throw new VaultError(
      client === undefined
        ? `Vault password script ${path} returned non-zero (${result.code}): ${stderr}`
        : `Vault password client script ${path} returned non-zero (${result.code}) when getting secret for vault-id=${id}: ${stderr}`,
    );
  }
  const pass = pyBytesStrip(result.stdout, CRLF);
  if (pass.length === 0) throw new VaultPasswordError(`Invalid vault password was provided from script (${path})`);
  return new ByteSecret(pass);
}
