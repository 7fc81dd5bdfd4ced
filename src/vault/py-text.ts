/** Python's renderings that end up in Ansible's vault messages: OSError and bytes repr. */
import { constants } from 'node:os';
import { pyStrRepr } from './secrets.js';

/** glibc's strerror() for the errors file and process handling meet; libuv words some differently. */
const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ENOEXEC: 'Exec format error',
  ELOOP: 'Too many levels of symbolic links',
  EEXIST: 'File exists',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
};

/** str(OSError): `[Errno 2] No such file or directory: '/path'`. */
export function pyOsError(e: unknown, path: string): string {
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? '';
  const errno = (constants.errno as Record<string, number>)[code];
  if (errno === undefined) return err.message ?? String(e);
  const libuv = /^\w+: ([^,]*)/.exec(err.message ?? '')?.[1] ?? code;
  const text = STRERROR[code] ?? libuv.charAt(0).toUpperCase() + libuv.slice(1);
  return `[Errno ${errno}] ${text}: ${pyStrRepr(path)}`;
}

/** repr() of bytes: `b'oops\n'`. */
export function pyBytesRepr(b: Buffer): string {
  const quote = b.includes(0x27) && !b.includes(0x22) ? '"' : "'";
  let out = '';
  for (const c of b) {
    if (c === 0x5c) out += '\\\\';
    else if (c === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(c);
  }
  return `b${quote}${out}${quote}`;
}

const ASCII_WHITESPACE = [0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c];

/** bytes.strip(), or bytes.strip(chars). */
export function pyBytesStrip(b: Buffer, chars: readonly number[] = ASCII_WHITESPACE): Buffer {
  let start = 0;
  let end = b.length;
  while (start < end && chars.includes(b[start] ?? -1)) start++;
  while (end > start && chars.includes(b[end - 1] ?? -1)) end--;
  return b.subarray(start, end);
}
