/**
 * VaultEditor's file handling: plaintext never lingers (overwritten files are shredded),
 * new files are created exclusively with mode 0600, `-` means stdin/stdout.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, constants, copyFileSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { VaultError } from './errors.js';
import { pyOsError } from './py-text.js';

export interface VaultIo {
  /** All of standard input (for `-`), shared with password prompts. */
  readStdin(): Promise<Buffer>;
  writeStdout(data: Buffer): void;
}

/** os.path.realpath: resolves what exists, keeps the rest; `-` stays `-`. */
export function realPath(path: string): string {
  if (path === '-') return path;
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export async function readData(filename: string, io: VaultIo): Promise<Buffer> {
  try {
    return filename === '-' ? await io.readStdin() : readFileSync(filename);
  } catch (e) {
    throw new VaultError(`Unable to read source file (${filename}): ${pyOsError(e, filename)}`);
  }
}

/** _shred_file: `shred` when it works, else three passes of random bytes; then remove. */
export function shredFile(path: string): void {
  if (!isFile(path)) return;
  const r = spawnSync('shred', [path], { stdio: 'ignore' });
  if (r.error || r.status !== 0) {
    const size = statSync(path).size;
    if (size > 0) {
      const fd = openSync(path, 'r+');
      try {
        for (let pass = 0; pass < 3; pass++) {
          for (let off = 0; off < size; off += 1 << 20) writeSync(fd, randomBytes(Math.min(1 << 20, size - off)), 0, undefined, off);
          fsyncSync(fd);
        }
      } finally {
        closeSync(fd);
      }
    }
  }
  unlinkSync(path);
}

/** write_data: to stdout for `-`, else a fresh 0600 file (the old one shredded or removed first). */
export function writeData(data: Buffer, target: string, io: VaultIo, opts: { shred?: boolean } = {}): void {
  if (target === '-') {
    io.writeStdout(data);
    return;
  }
  if (isFile(target)) {
    if (opts.shred !== false) shredFile(target);
    else unlinkSync(target);
  }
  let fd: number;
  try {
    fd = openSync(target, constants.O_CREAT | constants.O_EXCL | constants.O_RDWR | constants.O_TRUNC, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new VaultError(`Vault file got recreated while we were operating on it: ${pyOsError(e, target)}`);
    }
    throw new VaultError(`Problem creating temporary vault file: ${pyOsError(e, target)}`);
  }
  try {
    writeSync(fd, data);
  } catch (e) {
    throw new VaultError(`Unable to write to temporary vault file: ${pyOsError(e, target)}`);
  } finally {
    closeSync(fd);
  }
}

/** shuffle_files: move `src` over `dest`, keeping the mode and owner `dest` had. */
export function shuffleFiles(src: string, dest: string): void {
  const prev = isFile(dest) ? statSync(dest) : undefined;
  if (prev) unlinkSync(dest);
  try {
    renameSync(src, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    copyFileSync(src, dest);
    unlinkSync(src);
  }
  if (prev) restoreOwnership(dest, prev.mode, prev.uid, prev.gid);
}

export function restoreOwnership(path: string, mode: number, uid: number, gid: number): void {
  chmodSync(path, mode & 0o7777);
  try {
    chownSync(path, uid, gid);
  } catch {
    // Only root may give a file away; the mode is what protects it.
  }
}
