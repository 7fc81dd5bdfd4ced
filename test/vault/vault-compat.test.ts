/**
 * Known answers both ways with the real ansible-vault: what it encrypts kplay decrypts (files
 * and `!vault` strings, formats 1.1 and 1.2, several vault ids, password scripts), what
 * kplay encrypts ansible-vault and ansible-playbook decrypt, and both refuse the same input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/secrets/secret.js';
import { decryptBytes, decryptText, decryptVaultValue } from '../../src/vault/decrypt.js';
import { EMPTY_VAULT_CONFIG } from '../../src/vault/config.js';
import { encryptStrings, FROM_ARGS } from '../../src/vault/encrypt-string.js';
import { VaultSecrets } from '../../src/vault/secrets.js';
import { setupVaultSecrets } from '../../src/vault/setup-secrets.js';
import { encryptVault } from '../../src/vault/vault-lib.js';
import { parseYaml } from '../../src/yaml/load.js';
import { VaultText } from '../../src/yaml/tags.js';
import { run, scratch, vault, writeScript } from './tools.js';

const pw1 = new Secret('password-one');
const pw2 = new Secret('password-two');

async function ansible(dir: string, args: string[], stdin?: string): Promise<string> {
  const r = await vault('ansible', args, { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
  if (r.code !== 0) throw new Error(`ansible-vault ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The secrets kplay builds from the same flags, as ansible-vault would. */
function secretsFrom(dir: string, vaultIds: string[]): Promise<VaultSecrets> {
  return setupVaultSecrets({ vaultIds, autoPrompt: false }, { config: EMPTY_VAULT_CONFIG, cwd: dir, env: { HOME: dir } });
}

describe('ansible-vault → kplay', () => {
  it('decrypts a 1.1 file and a 1.2 file with its vault id', async () => {
    const dir = scratch({ 'a.yml': 'a: 1\n', 'b.yml': 'b: [x, y]\n' });
    await ansible(dir, ['encrypt', '--vault-password-file', 'pw1', 'a.yml']);
    await ansible(dir, ['encrypt', '--vault-id', 'prod@pw2', 'b.yml']);
    const a = readFileSync(join(dir, 'a.yml'), 'utf8');
    const b = readFileSync(join(dir, 'b.yml'), 'utf8');
    expect(a.split('\n')[0]).toBe('$ANSIBLE_VAULT;1.1;AES256');
    expect(b.split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect(decryptText(a, new VaultSecrets().add('default', pw1), 'a.yml')).toBe('a: 1\n');
    const several = new VaultSecrets().add('dev', pw1).add('prod', pw2);
    expect(decryptText(b, several, 'b.yml')).toBe('b: [x, y]\n');
    expect(decryptText(a, several, 'a.yml')).toBe('a: 1\n');
  });

  it('decrypts binary files byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    const dir = scratch({ 'bin.dat': { content: bytes, mode: 0o600 } });
    await ansible(dir, ['encrypt', '--vault-password-file', 'pw1', 'bin.dat']);
    expect(decryptBytes(readFileSync(join(dir, 'bin.dat')), new VaultSecrets().add('default', pw1)).equals(bytes)).toBe(true);
  });

  it('decrypts encrypt_string output loaded as YAML (!vault), 1.1 and 1.2', async () => {
    const dir = scratch();
    const one = await ansible(dir, ['encrypt_string', '--vault-password-file', 'pw1', '-n', 'token', 'tök€n value']);
    const two = await ansible(dir, ['encrypt_string', '--vault-id', 'dev@pw2', '--stdin-name', 'multi'], 'line 1\nline 2\n');
    const doc = parseYaml(`${one}\n${two}\n`, 'vars.yml') as Record<string, VaultText>;
    expect(doc['token']).toBeInstanceOf(VaultText);
    const secrets = new VaultSecrets().add('default', pw1).add('dev', pw2);
    expect(decryptVaultValue(doc['token'] as VaultText, secrets)).toBe('tök€n value');
    expect(decryptVaultValue(doc['multi'] as VaultText, secrets)).toBe('line 1\nline 2\n');
  });

  it('takes passwords from the same sources: executable script, -client script with --vault-id, file', async () => {
    const dir = scratch({ 'f.yml': 'from: script\n' });
    writeScript(dir, 'pass.sh', 'echo password-two');
    writeScript(dir, 'vault-client.sh', '[ "$1 $2" = "--vault-id ops" ] && echo password-one || exit 2');
    await ansible(dir, ['encrypt', '--vault-id', 'ops@vault-client.sh', 'f.yml']);
    const text = readFileSync(join(dir, 'f.yml'), 'utf8');
    expect(decryptText(text, await secretsFrom(dir, ['x@pass.sh', 'ops@vault-client.sh']), 'f.yml')).toBe('from: script\n');
    const wrong = await secretsFrom(dir, ['x@pass.sh']);
    expect(() => decryptText(text, wrong, 'f.yml')).toThrow('Decryption failed (no vault secrets were found that could decrypt) on f.yml');
  });
});

describe('kplay → ansible-vault and ansible-playbook', () => {
  it('ansible-vault views what kplay encrypted, 1.1 and 1.2, text and binary', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0x0a, 0x80]);
    const dir = scratch();
    writeFileSync(join(dir, 'a.yml'), encryptVault('plain: true\n', pw1));
    writeFileSync(join(dir, 'b.yml'), encryptVault('id: prod\n', pw2, 'prod'));
    writeFileSync(join(dir, 'c.bin'), encryptVault(bytes, pw1));
    writeFileSync(join(dir, 'empty'), encryptVault('', pw1));
    expect(await ansible(dir, ['view', '--vault-password-file', 'pw1', 'a.yml'])).toBe('plain: true\n');
    expect(await ansible(dir, ['view', '--vault-id', 'prod@pw2', 'b.yml'])).toBe('id: prod\n');
    await ansible(dir, ['decrypt', '--vault-password-file', 'pw1', 'c.bin']);
    expect(readFileSync(join(dir, 'c.bin')).equals(bytes)).toBe(true);
    expect(await ansible(dir, ['view', '--vault-password-file', 'pw1', 'empty'])).toBe('\n');
  });

  it('ansible-playbook reads kplay-encrypted vars files and !vault strings', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'file.yml'), encryptVault('from_file: opened\n', pw2, 'prod'));
    const blocks = encryptStrings(
      [{ plaintext: Buffer.from('s3cr3t'), from: FROM_ARGS, name: 'inline' }],
      pw1,
      'default',
    );
    writeFileSync(join(dir, 'inline.yml'), `${blocks[0]?.out ?? ''}\n`);
    writeFileSync(
      join(dir, 'site.yml'),
      '- hosts: localhost\n  gather_facts: false\n  vars_files: [file.yml, inline.yml]\n  tasks:\n    - debug: msg="{{ from_file }} {{ inline }}"\n',
    );
    const r = await run('ansible-playbook', ['site.yml', '--vault-id', 'pw1', '--vault-id', 'prod@pw2'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"msg": "opened s3cr3t"');
  });
});

describe('refused alike', () => {
  it('wrong password, no password, tampered ciphertext (HMAC), damaged hex', async () => {
    const dir = scratch({ 'f.yml': 'k: v\n' });
    await ansible(dir, ['encrypt', '--vault-password-file', 'pw1', 'f.yml']);
    const good = readFileSync(join(dir, 'f.yml'), 'utf8');
    const lines = good.split('\n');
    // Flip one bit of the AES ciphertext (the end of the payload) and re-wrap: valid hex, bad HMAC.
    const inner = Buffer.from(lines.slice(1).join(''), 'hex').toString('latin1').split('\n');
    const ct = Buffer.from(inner[2] ?? '', 'hex');
    ct[ct.length - 1] = (ct[ct.length - 1] ?? 0) ^ 0x01;
    const hex = Buffer.from([inner[0], inner[1], ct.toString('hex')].join('\n'), 'latin1').toString('hex');
    const tampered = `${lines[0]}\n${(hex.match(/.{1,80}/g) ?? []).join('\n')}\n`;
    writeFileSync(join(dir, 'tampered.yml'), tampered);
    writeFileSync(join(dir, 'damaged.yml'), good.replace(/\n3/, '\nZ'));

    const secrets = new VaultSecrets().add('default', pw1);
    expect(decryptText(good, secrets, 'f.yml')).toBe('k: v\n');
    const cases: Array<[string, VaultSecrets]> = [
      ['f.yml', new VaultSecrets().add('default', pw2)],
      ['tampered.yml', secrets],
      ['damaged.yml', secrets],
    ];
    for (const [file, s] of cases) {
      const ref = await vault('ansible', ['view', '--vault-password-file', s === secrets ? 'pw1' : 'pw2', file], { cwd: dir });
      expect(ref.code).toBe(1);
      const refError = /ERROR! (.*) for [^ ]+$/m.exec(ref.stderr)?.[1];
      expect(refError, ref.stderr).toBeDefined();
      expect(() => decryptText(readFileSync(join(dir, file), 'utf8'), s, file)).toThrow(refError ?? '?');
    }
    expect(() => decryptText(good, new VaultSecrets(), 'f.yml')).toThrow('Attempting to decrypt but no vault secrets found');
  });
});
