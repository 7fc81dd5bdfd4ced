/**
 * The vault envelope, as ansible/parsing/vault/__init__.py writes and reads it:
 * `$ANSIBLE_VAULT;1.1;AES256` (or `;1.2;AES256;<vault-id>`) and the hexlified
 * payload in 80-column lines, newline-terminated.
 */
import { VaultFormatError } from './errors.js';

export const VAULT_HEADER = '$ANSIBLE_VAULT';
/** The label used when an envelope or a secret names no vault id (DEFAULT_VAULT_IDENTITY). */
export const DEFAULT_VAULT_ID = 'default';

export interface VaultEnvelope {
  /** The hexlified payload (salt, HMAC, ciphertext), lines joined. */
  readonly payload: Buffer;
  readonly version: string;
  readonly cipher: string;
  /** From a 1.2 header, else the default label. */
  readonly vaultId: string;
}

/** is_encrypted(): pure ASCII data that starts with `$ANSIBLE_VAULT`. */
export function isVaultText(data: string | Buffer): boolean {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (buf.length < VAULT_HEADER.length) return false;
  for (const byte of buf) if (byte > 0x7f) return false;
  return buf.subarray(0, VAULT_HEADER.length).toString('latin1') === VAULT_HEADER;
}

/** bytes.splitlines(): \n, \r and \r\n end a line; a trailing newline adds no empty line. */
function splitLines(buf: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 0x0a && c !== 0x0d) continue;
    lines.push(buf.subarray(start, i));
    if (c === 0x0d && buf[i + 1] === 0x0a) i++;
    start = i + 1;
  }
  if (start < buf.length) lines.push(buf.subarray(start));
  return lines;
}

/** bytes.strip(): ASCII whitespace only. */
function pyStrip(s: string): string {
  return s.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
}

/** parse_vaulttext_envelope(); a malformed header fails as Ansible words it. */
export function parseEnvelope(data: string | Buffer, defaultVaultId = DEFAULT_VAULT_ID, filename?: string): VaultEnvelope {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const lines = splitLines(buf);
  const header = pyStrip((lines[0] ?? Buffer.alloc(0)).toString('latin1')).split(';');
  const version = header[1];
  const cipher = header[2];
  if (version === undefined || cipher === undefined) {
    throw new VaultFormatError(`Vault envelope format error${filename ? ` in ${filename}` : ''}: list index out of range`);
  }
  const id = header[3];
  return {
    payload: Buffer.concat(lines.slice(1)),
    version: pyStrip(version),
    cipher: pyStrip(cipher),
    vaultId: id !== undefined ? pyStrip(id) : defaultVaultId,
  };
}

/** format_vaulttext_envelope(): a vault id other than `default` makes it format 1.2. */
export function formatEnvelope(payload: Buffer, cipher: string, vaultId?: string): string {
  const version = vaultId && vaultId !== DEFAULT_VAULT_ID ? '1.2' : '1.1';
  const header = [VAULT_HEADER, version, cipher];
  if (version === '1.2' && vaultId) header.push(vaultId);
  const text = payload.toString('latin1');
  const lines = [header.join(';')];
  for (let i = 0; i < text.length; i += 80) lines.push(text.slice(i, i + 80));
  lines.push('');
  return lines.join('\n');
}
