/**
 * BMC passwords: read from env, a file or an inline !vault value, only when asked, and
 * never shown — not in errors, not in JSON, not in util.inspect, not in error snippets.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors/source-error.js';
import { Secret } from '../../../src/secrets/secret.js';
import { VaultText } from '../../../src/yaml/tags.js';
import { BASE, load, problems } from './helpers.js';

const PASSWORD = 'hunter2-Pa55';

function withPassword(source: string): string {
  return BASE.replace('password: {env: BMC_PW}', `password: ${source}`);
}

/** Every way a value could leak out of an object or an error. */
function allText(...things: unknown[]): string {
  return things
    .map((t) => (t instanceof SourceError ? `${t.message}\n${t.describe()}\n${t.stack}` : `${JSON.stringify(t)}\n${inspect(t, { depth: 10 })}\n${String(t)}`))
    .join('\n');
}

describe('BMC password sources', () => {
  it('env: read when resolved, not when loaded', () => {
    const env: Record<string, string | undefined> = {};
    const pools = load(BASE, { env: () => env });
    const pw = pools.host('node1').bmc.password;
    expect(pw.from).toBe('env');
    env['BMC_PW'] = PASSWORD;
    const secret = pw.resolve();
    expect(secret).toBeInstanceOf(Secret);
    expect(secret.reveal()).toBe(PASSWORD);
    expect(allText(pools, pools.host('node1'), pw, secret)).not.toContain(PASSWORD);
  });

  it('env: uses process.env by default', () => {
    const pools = load(withPassword('{env: KPLAY_TEST_BMC_PW}'));
    process.env['KPLAY_TEST_BMC_PW'] = PASSWORD;
    try {
      expect(pools.host('node2').bmc.password.resolve().reveal()).toBe(PASSWORD);
    } finally {
      delete process.env['KPLAY_TEST_BMC_PW'];
    }
  });

  it('env: an unset variable is an error at the password key', () => {
    const pools = load(BASE, { env: () => ({}) });
    let err: unknown;
    try {
      pools.host('node1').bmc.password.resolve();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).message).toBe('pools.rack1.defaults.bmc.password (environment variable BMC_PW) is not set');
    expect((err as SourceError).pos).toMatchObject({ line: 11, column: 9 });
  });

  it('file: relative to pools.yml, one trailing newline dropped', () => {
    const pools = load(withPassword('{file: bmc.pw}'), {}, { 'bmc.pw': `${PASSWORD}\n` });
    const pw = pools.host('node1').bmc.password;
    expect(pw.resolve().reveal()).toBe(PASSWORD);
    expect(allText(pools, pw)).not.toContain(PASSWORD);
  });

  it('file: a missing file names the file, an empty one is refused', () => {
    const pools = load(withPassword('{file: missing.pw}'));
    expect(() => pools.host('node1').bmc.password.resolve()).toThrow(/\(file .*missing\.pw\) cannot be read \(ENOENT\)/);
    const empty = load(withPassword('{file: empty.pw}'), {}, { 'empty.pw': '\n' });
    expect(() => empty.host('node1').bmc.password.resolve()).toThrow(/is empty/);
  });

  it('vault: decrypted by the hook, with the ciphertext as written', () => {
    const seen: string[] = [];
    const decrypt = (v: VaultText): string => {
      seen.push(v.ciphertext);
      return PASSWORD;
    };
    const vaulted = '!vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          6162636465';
    const pools = load(withPassword(vaulted), { decrypt });
    const pw = pools.host('node1').bmc.password;
    expect(pw.from).toBe('vault');
    expect(seen).toEqual([]);
    expect(pw.resolve().reveal()).toBe(PASSWORD);
    expect(pw.resolve().reveal()).toBe(PASSWORD);
    expect(seen).toEqual(['$ANSIBLE_VAULT;1.1;AES256\n6162636465\n']);
    expect(JSON.stringify(pools.host('node1'))).toContain('"password":{"vault":"<vaulted>"}');
    expect(allText(pools, pw)).not.toContain(PASSWORD);
  });

  it('vault: no hook, or a failing one, is an error that shows no secret', () => {
    const vaulted = '!vault "$ANSIBLE_VAULT;1.1;AES256\\n00"';
    expect(() => load(withPassword(vaulted)).host('node1').bmc.password.resolve()).toThrow(/needs a vault password/);
    const failing = load(withPassword(vaulted), {
      decrypt: () => {
        throw new Error('HMAC verification failed');
      },
    });
    expect(() => failing.host('node1').bmc.password.resolve()).toThrow(/inline !vault value\) cannot be decrypted: HMAC verification failed/);
  });

  it('checkPasswords reports every source that fails, once each', () => {
    const text = BASE.replace('        order: 2\n', '        order: 2\n        bmc: {address: 10.0.0.12, password: {env: OTHER_PW}}\n').replace(
      '        bmc: {address: 10.0.0.12}\n',
      '',
    );
    const pools = load(text, { env: () => ({}) });
    const errors = pools.checkPasswords();
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('BMC_PW'), expect.stringContaining('OTHER_PW')]);
    expect(load(text, { env: () => ({ BMC_PW: 'a', OTHER_PW: 'b' }) }).checkPasswords()).toEqual([]);
  });
});

describe('plain-text passwords are refused', () => {
  it.each([
    ['a plain string', PASSWORD],
    ['a quoted string', `"${PASSWORD}"`],
    ['a block scalar', `|\n          ${PASSWORD}\n`],
    ['a number', '12345678'],
  ])('%s', (_, value) => {
    const { errors, error } = problems(withPassword(value));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/bmc\.password must not be plain text: use \{env: NAME\}, \{file: PATH\} or an inline !vault value/);
    expect(errors[0]?.pos).toMatchObject({ line: 11, column: 9 });
    expect(allText(error, ...errors)).not.toContain(value.replace(/^\|\n\s*|"/g, '').trim());
  });

  it('the masked line stays masked in the snippets of neighbouring errors', () => {
    const text = withPassword(PASSWORD).replace(`${PASSWORD}\n`, `${PASSWORD}\n        cipherSuite: 4\n`).replace('      profile: debian12', '      profile: debian12\n      passwd: also-secret');
    const { error, errors } = problems(text);
    expect(errors.length).toBe(3);
    const text2 = allText(error, ...errors);
    expect(text2).not.toContain(PASSWORD);
    expect(text2).not.toContain('also-secret');
    expect(text2).toContain('password: ********');
  });
});
