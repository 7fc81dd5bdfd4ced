/**
 * VaultEditor (ansible/parsing/vault/__init__.py): what `ansible-vault` does to files.
 * Errors from decryption get Ansible's ` for FILE` suffix; plaintext is only ever written
 * to 0600 files, and temporary plaintext is shredded.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import type { Secret } from '../secrets/secret.js';
import { parseEnvelope } from './envelope.js';
import { VaultError } from './errors.js';
import { readData, realPath, restoreOwnership, shredFile, shuffleFiles, writeData, type VaultIo } from './file-io.js';
import { pyOsError } from './py-text.js';
import type { VaultSecrets } from './secrets.js';
import { shlexSplit } from './shlex.js';
import { decryptVault, encryptVault, type DecryptResult } from './vault-lib.js';

export interface EditorIo extends VaultIo {
  readonly env: NodeJS.ProcessEnv;
  warn(message: string): void;
}

/** Ansible's `raise AnsibleError("%s for %s" % (e, filename))`, keeping the error's class. */
function forFile<T>(filename: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof VaultError) e.message = `${e.message} for ${filename}`;
    throw e;
  }
}

function decryptFor(data: Buffer, secrets: VaultSecrets, filename: string): DecryptResult {
  return forFile(filename, () => decryptVault(data, secrets, filename));
}

export async function encryptFile(filename: string, secret: Secret, vaultId: string, io: EditorIo, outputFile?: string): Promise<void> {
  const path = realPath(filename);
  const plaintext = await readData(path, io);
  const ciphertext = encryptVault(plaintext, secret, vaultId);
  writeData(Buffer.from(ciphertext, 'utf8'), outputFile ?? path, io);
}

export async function decryptFile(filename: string, secrets: VaultSecrets, io: EditorIo, outputFile?: string): Promise<void> {
  const path = realPath(filename);
  const data = await readData(path, io);
  const { plaintext } = decryptFor(data, secrets, path);
  writeData(plaintext, outputFile ?? path, io, { shred: false });
}

/** VaultEditor.plaintext, for `view`: the name stays as the user wrote it. */
export async function viewFile(filename: string, secrets: VaultSecrets, io: EditorIo): Promise<Buffer> {
  const data = await readData(filename, io);
  return decryptFor(data, secrets, filename).plaintext;
}

export async function rekeyFile(filename: string, secrets: VaultSecrets, newSecret: Secret, newVaultId: string, io: EditorIo): Promise<void> {
  const path = realPath(filename);
  const prev = statSync(path);
  const data = await readData(path, io);
  const { plaintext } = decryptFor(data, secrets, path);
  const ciphertext = encryptVault(plaintext, newSecret, newVaultId);
  writeData(Buffer.from(ciphertext, 'utf8'), path, io);
  restoreOwnership(path, prev.mode, prev.uid, prev.gid);
}

export function createFile(filename: string, secret: Secret, vaultId: string, io: EditorIo): Promise<void> {
  const dir = dirname(filename);
  if (dir !== '.' && dir !== '' && !existsSync(dir)) {
    io.warn(`${dir} does not exist, creating...`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  if (existsSync(filename) && statSync(filename).isFile()) throw new VaultError(`${filename} exists, please use 'edit' instead`);
  return editInEditor(filename, secret, vaultId, undefined, io);
}

export async function editFile(filename: string, secrets: VaultSecrets, io: EditorIo): Promise<void> {
  const path = realPath(filename);
  const data = await readData(path, io);
  const { plaintext, secret } = decryptFor(data, secrets, path);
  // Keep the header's vault id (and so its format version), whichever secret decrypted it.
  const { vaultId } = parseEnvelope(data, secrets.defaultVaultId, path);
  return editInEditor(path, secret, vaultId, plaintext, io);
}

/** _edit_file_helper: plaintext in a private temp file, $EDITOR on it, encrypt back if changed. */
async function editInEditor(filename: string, secret: Secret, vaultId: string, existing: Buffer | undefined, io: EditorIo): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-vault-'));
  const tmp = join(dir, `tmp${Date.now().toString(36)}${extname(realPath(filename))}`);
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      if (existing && existing.length > 0) writeSync(fd, existing);
    } finally {
      closeSync(fd);
    }
    const cmd = [...shlexSplit(io.env['EDITOR'] ?? 'vi'), tmp];
    const [program, ...args] = cmd;
    const r = spawnSync(program ?? 'vi', args, { stdio: 'inherit' });
    if (r.error) throw new VaultError(`Unable to execute the command "${cmd.join(' ')}": ${pyOsError(r.error, program ?? 'vi')}`);
    const edited = await readData(tmp, io);
    if (existing === undefined || !existing.equals(edited)) {
      const ciphertext = encryptVault(edited, secret, vaultId);
      writeData(Buffer.from(ciphertext, 'utf8'), tmp, io);
      shuffleFiles(tmp, filename);
    }
  } finally {
    shredFile(tmp);
    rmSync(dir, { recursive: true, force: true });
  }
}
