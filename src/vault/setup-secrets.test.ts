import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Secret } from '../secrets/secret.js';
import { EMPTY_VAULT_CONFIG, readVaultConfig, type VaultConfig } from './config.js';
import { secretBytes } from './secrets.js';
import { setupVaultSecrets, splitVaultId, type PromptFn, type VaultSecretsRequest } from './setup-secrets.js';
import { encryptVault } from './vault-lib.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'kplay-vault-secrets-'));
}

function file(d: string, name: string, content: string | Buffer, mode = 0o600): string {
  const p = join(d, name);
  writeFileSync(p, content);
  chmodSync(p, mode);
  return p;
}

async function setup(req: Partial<VaultSecretsRequest>, cwd: string, extra: { config?: Partial<VaultConfig>; prompt?: PromptFn } = {}) {
  const warnings: string[] = [];
  const secrets = await setupVaultSecrets(
    { vaultIds: [], autoPrompt: false, ...req },
    { config: { ...EMPTY_VAULT_CONFIG, ...extra.config }, cwd, env: { HOME: cwd }, warn: (m) => warnings.push(m), ...(extra.prompt ? { prompt: extra.prompt } : {}) },
  );
  const shown = secrets.entries.map((e) => [e.vaultId, secretBytes(e.secret).toString('latin1')]);
  return { secrets, shown, warnings };
}

describe('vault password sources', () => {
  it('splits label@source at the first @', () => {
    expect(splitVaultId('dev@a@b')).toEqual({ label: 'dev', source: 'a@b' });
    expect(splitVaultId('pwfile')).toEqual({ label: undefined, source: 'pwfile' });
  });

  it('reads a plain file whole, stripped of surrounding whitespace (as FileVaultSecret does)', async () => {
    const d = dir();
    file(d, 'pw', '  line1\nline2  \r\n\n');
    file(d, 'raw', Buffer.from([0xff, 0x41, 0x0a]));
    const { shown } = await setup({ vaultIds: ['dev@pw', 'raw'] }, d);
    expect(shown).toEqual([['dev', 'line1\nline2'], ['default', '\xffA']]);
  });

  it('orders --vault-id before password files before the configured file, with default labels', async () => {
    const d = dir();
    file(d, 'a', 'A');
    file(d, 'b', 'B');
    file(d, 'c', 'C');
    const { secrets } = await setup({ vaultIds: ['x@a'], passwordFiles: ['b'] }, d, { config: { passwordFile: join(d, 'c') } });
    expect(secrets.ids()).toEqual(['x', 'default', 'default']);
    expect(secrets.entries.map((e) => secretBytes(e.secret).toString())).toEqual(['A', 'B', 'C']);
  });

  it('runs an executable file and takes stdout; only -client scripts get --vault-id, never a password', async () => {
    const d = dir();
    const log = join(d, 'args.log');
    const script = `#!/bin/sh\necho "$# $*" >> ${log}\nprintf ' out \\r\\n'\n`;
    file(d, 'get-pass.sh', script, 0o700);
    file(d, 'vault-client.py', script, 0o700);
    const { shown } = await setup({ vaultIds: ['lab@get-pass.sh', 'lab@vault-client.py', 'vault-client.py'] }, d);
    expect(shown).toEqual([['lab', ' out '], ['lab', ' out '], ['default', ' out ']]);
    expect(readFileSync(log, 'utf8')).toBe('0 \n2 --vault-id lab\n0 \n');
  });

  it('never lets /bin/sh run a password file that merely has the executable bit', async () => {
    const d = dir();
    file(d, 'pw', 'hunter2\n', 0o700);
    file(d, 'ok', 'fine\n');
    const { shown, warnings } = await setup({ vaultIds: ['pw', 'ok'] }, d);
    expect(shown).toEqual([['default', 'fine']]);
    expect(warnings).toEqual([
      `Error in vault password file loading (None): Problem running vault password script ${d}/pw ([Errno 8] Exec format error: '${d}/pw'). If this is not a script, remove the executable bit from the file.`,
    ]);
    expect(warnings.join()).not.toContain('hunter2');
  });

  it("reports failing scripts in Ansible's words", async () => {
    const d = dir();
    file(d, 'bad.sh', '#!/bin/sh\nexit 3\n', 0o700);
    file(d, 'none-client', '#!/bin/sh\necho nope >&2\nexit 2\n', 0o700);
    file(d, 'empty.sh', '#!/bin/sh\necho\n', 0o700);
    await expect(setup({ vaultIds: ['bad.sh'] }, d)).rejects.toThrow(`Vault password script ${d}/bad.sh returned non-zero (3): None`);
    await expect(setup({ vaultIds: ['x@none-client'] }, d)).rejects.toThrow(
      `Vault password client script ${d}/none-client did not find a secret for vault-id=x: b'nope\\n'`,
    );
    await expect(setup({ vaultIds: ['empty.sh'] }, d)).rejects.toThrow(`Invalid vault password was provided from script (${d}/empty.sh)`);
  });

  it('warns and goes on when one source fails, and fails when none worked', async () => {
    const d = dir();
    file(d, 'ok', 'pw');
    file(d, 'empty', '\n');
    const { shown, warnings } = await setup({ vaultIds: ['a@missing', 'b@ok'] }, d);
    expect(shown).toEqual([['b', 'pw']]);
    expect(warnings).toEqual([`Error getting vault password file (a): The vault password file ${d}/missing was not found`]);
    await expect(setup({ vaultIds: ['empty'] }, d)).rejects.toThrow(`Invalid vault password was provided from file (${d}/empty)`);
  });

  it('decrypts a vault-encrypted password file with the secrets read before it', async () => {
    const d = dir();
    file(d, 'master', 'm');
    file(d, 'inner', encryptVault('inner-pass\n', new Secret('m')));
    const { shown } = await setup({ vaultIds: ['m@master', 'i@inner'] }, d);
    expect(shown).toEqual([['m', 'm'], ['i', 'inner-pass']]);
  });

  it('prompts as ansible-vault does: confirmation when encrypting, EOF and mismatch are errors', async () => {
    const d = dir();
    const asked: string[] = [];
    const answers = (...a: Array<string | undefined>): PromptFn => {
      const queue = [...a];
      return async (m) => {
        asked.push(m);
        const next = queue.shift();
        return next === undefined ? undefined : new Secret(next);
      };
    };
    const { shown } = await setup({ askVaultPass: true, createNewPassword: true }, d, { prompt: answers(' pw ', 'pw') });
    expect(shown).toEqual([['default', 'pw']]);
    expect(asked).toEqual(['New Vault password: ', 'Confirm New Vault password: ']);
    asked.length = 0;
    await setup({ vaultIds: ['dev@prompt'] }, d, { prompt: answers('x') });
    expect(asked).toEqual(['Vault password (dev): ']);
    await expect(setup({ vaultIds: ['dev@prompt'], createNewPassword: true }, d, { prompt: answers('a', 'b') })).rejects.toThrow('Passwords do not match');
    await expect(setup({ askVaultPass: true }, d, { prompt: answers() })).rejects.toThrow('EOFError (ctrl-d) on prompt for (default)');
    await expect(setup({ askVaultPass: true }, d, { prompt: answers('') })).rejects.toThrow('Invalid vault password was provided');
  });

  it('prompts by itself only when asked to (ansible-vault) and nothing else was given', async () => {
    const d = dir();
    const prompt: PromptFn = async () => new Secret('typed');
    expect((await setup({}, d, { prompt })).shown).toEqual([]);
    expect((await setup({ autoPrompt: true }, d, { prompt })).shown).toEqual([['default', 'typed']]);
  });
});

describe('readVaultConfig', () => {
  it('reads [defaults] with paths relative to ansible.cfg; ANSIBLE_* variables win', () => {
    const d = dir();
    mkdirSync(join(d, 'keys'));
    const cfg = file(d, 'ansible.cfg', '[defaults]\nvault_password_file = keys/pw\nvault_identity_list = a@x , b@y\nvault_id_match = yes\nvault_encrypt_identity = b\n');
    const c = readVaultConfig({ HOME: d }, '/elsewhere', cfg);
    expect(c).toMatchObject({ passwordFile: join(d, 'keys/pw'), identityList: ['a@x', 'b@y'], idMatch: true, encryptVaultId: 'b', defaultVaultId: 'default' });
    const e = readVaultConfig({ HOME: d, ANSIBLE_VAULT_PASSWORD_FILE: '~/p', ANSIBLE_VAULT_IDENTITY_LIST: 'z@q', ANSIBLE_VAULT_IDENTITY: 'me' }, '/w', cfg);
    expect(e).toMatchObject({ passwordFile: join(d, 'p'), identityList: ['z@q'], defaultVaultId: 'me' });
    expect(readVaultConfig({ ANSIBLE_VAULT_PASSWORD_FILE: 'rel/pw' }, '/w', undefined).passwordFile).toBe('/w/rel/pw');
  });
});
