import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadDataFile, type DecryptHook as ReadDecryptHook } from '../inventory/sources/read.js';
import { Secret } from '../secrets/secret.js';
import { parseYaml, positionOf } from '../yaml/load.js';
import { VaultText } from '../yaml/tags.js';
import { decryptText, decryptVaultValue, isVaultText, revealVaulted, vaultDecryptHook } from './decrypt.js';
import { VaultError, VaultFormatError } from './errors.js';
import { encryptStrings, FROM_ARGS } from './encrypt-string.js';
import { VaultSecrets } from './secrets.js';
import { encryptVault } from './vault-lib.js';

const dev = new Secret('dev-password');
const prod = new Secret('prod-password');

describe('decryptText', () => {
  it('tries the secret whose id the envelope names first, then any other', () => {
    const secrets = new VaultSecrets().add('dev', dev).add('prod', prod);
    expect(secrets.candidatesFor('prod').map((e) => e.vaultId)).toEqual(['prod', 'dev']);
    expect(decryptText(encryptVault('p', prod, 'prod'), secrets, 'f')).toBe('p');
    // The label is a hint only: a 1.2 file labelled prod but made with dev's password still opens.
    expect(decryptText(encryptVault('d', dev, 'prod'), secrets, 'f')).toBe('d');
    expect(decryptText(encryptVault('one-one', dev), secrets, 'f')).toBe('one-one');
  });

  it('with vault_id_match only tries the matching secret', () => {
    const strict = new VaultSecrets([{ vaultId: 'dev', secret: dev }, { vaultId: 'prod', secret: prod }], { idMatch: true });
    expect(() => decryptText(encryptVault('d', dev, 'prod'), strict, 'f.yml')).toThrow(
      'Decryption failed (no vault secrets were found that could decrypt) on f.yml',
    );
  });

  it("fails with Ansible's messages and never shows the password", () => {
    const text = encryptVault('secret value', prod, 'prod');
    expect(() => decryptText(text, new VaultSecrets(), 'group_vars/all.yml')).toThrow('Attempting to decrypt but no vault secrets found');
    let err: unknown;
    try {
      decryptText(text, new VaultSecrets().add('dev', dev), '/abs/group_vars/all.yml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VaultError);
    expect((err as Error).message).toBe('Decryption failed (no vault secrets were found that could decrypt) on /abs/group_vars/all.yml');
    expect(inspect(err)).not.toContain('dev-password');
    expect(JSON.stringify(new VaultSecrets().add('dev', dev).entries)).not.toContain('dev-password');
    expect(() => decryptText('a: 1\n', new VaultSecrets().add('dev', dev), 'x.yml')).toThrow(
      'input is not vault encrypted data. x.yml is not a vault encrypted file',
    );
    expect(() => decryptText('$ANSIBLE_VAULT;1.1;AES\n00\n', new VaultSecrets().add('dev', dev))).toThrow('AES cipher could not be found');
  });

  it('gives a format error (with the warning Ansible prints) for a damaged payload', () => {
    const text = encryptVault('x', dev).replace(/\n3/, '\nZ');
    let err: unknown;
    try {
      decryptText(text, new VaultSecrets().add('dev', dev), 'f.yml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VaultFormatError);
    expect((err as VaultFormatError).warning).toBe(
      'There was a vault format error in f.yml: Vault format unhexlify error: Non-hexadecimal digit found',
    );
  });
});

describe('inline !vault values', () => {
  const secrets = new VaultSecrets().add('default', dev);
  const block = (name: string, plain: string): string =>
    encryptStrings([{ plaintext: Buffer.from(plain), from: FROM_ARGS, name }], dev, 'default')[0]?.out ?? '';

  it('decrypts a VaultText from YAML; inline failures name no file, as ansible-playbook', () => {
    const doc = parseYaml(`${block('token', 'abc123')}\n`, 'vars.yml') as Record<string, unknown>;
    const token = doc['token'];
    expect(token).toBeInstanceOf(VaultText);
    expect(decryptVaultValue(token as VaultText, secrets)).toBe('abc123');
    expect(() => decryptVaultValue(token as VaultText, new VaultSecrets().add('x', prod))).toThrow(
      /^Decryption failed \(no vault secrets were found that could decrypt\)$/,
    );
  });

  it('revealVaulted replaces every VaultText, keeps positions and shared nodes', () => {
    const yaml = `db: &db\n  ${block('password', 's3cret').replace(/\n/g, '\n  ')}\n  user: app\nother: *db\nlist:\n  - 1\n  - ${block('x', 'v').replace(/^x: /, '').replace(/\n/g, '\n    ')}\n`;
    const doc = parseYaml(yaml, 'vars.yml');
    const out = revealVaulted(doc, secrets) as { db: Record<string, unknown>; other: unknown; list: unknown[] };
    expect(out.db).toEqual({ password: 's3cret', user: 'app' });
    expect(out.other).toBe(out.db);
    expect(out.list).toEqual([1, 'v']);
    expect(positionOf(out.db, 'user')).toEqual({ file: 'vars.yml', line: 9, column: 3 });
    expect(isVaultText((doc as { db: { password: VaultText } }).db.password.ciphertext)).toBe(true);
  });
});

describe('vaultDecryptHook', () => {
  it("is inventory's DecryptHook and opens vaulted vars files through loadDataFile", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kplay-vault-hook-'));
    const file = join(dir, 'all.yml');
    writeFileSync(file, encryptVault('answer: 42\n', dev, 'dev'));
    const hook: ReadDecryptHook = vaultDecryptHook(new VaultSecrets().add('dev', dev));
    expect(loadDataFile(file, hook)).toEqual({ answer: 42 });
    const wrong: ReadDecryptHook = vaultDecryptHook(new VaultSecrets().add('prod', prod));
    expect(() => loadDataFile(file, wrong)).toThrow(`Decryption failed (no vault secrets were found that could decrypt) on ${file}`);
  });
});
