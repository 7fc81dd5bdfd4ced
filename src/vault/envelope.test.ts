import { describe, expect, it } from 'vitest';
import { formatEnvelope, isVaultText, parseEnvelope } from './envelope.js';

describe('vault envelope', () => {
  it('recognises vault data as Ansible does: ASCII only, header at the start', () => {
    expect(isVaultText('$ANSIBLE_VAULT;1.1;AES256\n00\n')).toBe(true);
    expect(isVaultText(Buffer.from('$ANSIBLE_VAULT;1.1;AES256\n00\n'))).toBe(true);
    expect(isVaultText(' $ANSIBLE_VAULT;1.1;AES256')).toBe(false);
    expect(isVaultText('$ANSIBLE_VAULT;1.1;AES256\nä')).toBe(false);
    expect(isVaultText('plain: text')).toBe(false);
  });

  it('reads the version, cipher, vault id and joins the payload lines (any line ending)', () => {
    const e = parseEnvelope('$ANSIBLE_VAULT;1.2;AES256;prod\r\n6162\r\n6364\n');
    expect(e).toMatchObject({ version: '1.2', cipher: 'AES256', vaultId: 'prod' });
    expect(e.payload.toString()).toBe('61626364');
    expect(parseEnvelope('$ANSIBLE_VAULT;1.1;AES256\n00').vaultId).toBe('default');
    expect(parseEnvelope('$ANSIBLE_VAULT;1.1;AES256\n00', 'mine').vaultId).toBe('mine');
  });

  it('fails a short header with the envelope error naming the file', () => {
    expect(() => parseEnvelope('$ANSIBLE_VAULT;1.1\n00', 'default', 'x.yml')).toThrow(
      'Vault envelope format error in x.yml: list index out of range',
    );
  });

  it('writes 80-column lines and 1.2 only for a vault id other than default', () => {
    const payload = Buffer.from('a'.repeat(170));
    const text = formatEnvelope(payload, 'AES256', 'default');
    expect(text.split('\n').map((l) => l.length)).toEqual([25, 80, 80, 10, 0]);
    expect(text.startsWith('$ANSIBLE_VAULT;1.1;AES256\n')).toBe(true);
    expect(formatEnvelope(payload, 'AES256').startsWith('$ANSIBLE_VAULT;1.1;AES256\n')).toBe(true);
    expect(formatEnvelope(payload, 'AES256', 'prod').startsWith('$ANSIBLE_VAULT;1.2;AES256;prod\n')).toBe(true);
  });
});
