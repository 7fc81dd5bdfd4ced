/**
 * `kplay vault …` against `ansible-vault …` on the same files: exit code, stdout and stderr
 * (program name, temp paths and random ciphertext normalised), and the files left behind.
 */
import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ansibleEncrypt, both, modeOf, read, scratch, vault, writeScript, type Both, type Case } from './tools.js';

const PW1 = ['--vault-password-file', 'pw1'];
const PW2 = ['--vault-password-file', 'pw2'];

function same(r: Both): void {
  expect({ code: r.kplay.code, stdout: r.kplay.stdout, stderr: r.kplay.stderr }).toEqual({
    code: r.ansible.code,
    stdout: r.ansible.stdout,
    stderr: r.ansible.stderr,
  });
}

/** The plaintext ansible-vault sees in a file each tool left behind. */
async function plainIn(dir: string, file: string, args = PW1): Promise<string> {
  const r = await vault('ansible', ['view', ...args, file], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const yml = (content: string, mode = 0o644) => ({ content, mode });
const encrypted = (file: string, idArgs = PW1): Case['prepare'] => (dir) => ansibleEncrypt(dir, file, idArgs);

describe('kplay vault encrypt / decrypt', () => {
  it('encrypts in place: 0600, readable by ansible-vault, nothing printed off a TTY', async () => {
    const r = await both({ args: ['encrypt', ...PW1, 'f.yml'], files: { 'f.yml': yml('a: 1\n') } });
    same(r);
    for (const t of [r.ansible, r.kplay]) {
      expect(modeOf(t.dir, 'f.yml')).toBe('600');
      expect(read(t.dir, 'f.yml').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.1;AES256');
      expect(await plainIn(t.dir, 'f.yml')).toBe('a: 1\n');
    }
  });

  it('--vault-id label@file writes format 1.2 with the label', async () => {
    const r = await both({ args: ['encrypt', '--vault-id', 'dev@pw2', 'f.yml'], files: { 'f.yml': 'x\n' } });
    same(r);
    expect(read(r.kplay.dir, 'f.yml').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;dev');
  });

  it.each<[string, Case]>([
    ['two vault ids and no --encrypt-vault-id (exit 5, help)', { args: ['encrypt', ...PW1, '--vault-id', 'dev@pw2', 'f.yml'], files: { 'f.yml': 'x\n' } }],
    ['an --encrypt-vault-id nobody has', { args: ['encrypt', ...PW1, '--encrypt-vault-id', 'dev', 'f.yml'], files: { 'f.yml': 'x\n' } }],
    ['input already encrypted', { args: ['encrypt', ...PW1, 'f.yml'], files: { 'f.yml': 'x\n' }, prepare: encrypted('f.yml') }],
    ['a missing input file', { args: ['encrypt', ...PW1, 'nope.yml'] }],
    ['--output with two inputs', { args: ['decrypt', ...PW1, '--output', 'o', 'a', 'b'] }],
    ['a file that is not vaulted', { args: ['decrypt', ...PW1, 'f.yml'], files: { 'f.yml': 'x\n' } }],
    ['the wrong password', { args: ['decrypt', ...PW2, 'f.yml'], files: { 'f.yml': 'x\n' }, prepare: encrypted('f.yml') }],
    ['a missing password file', { args: ['decrypt', '--vault-password-file', 'nope', 'f.yml'], files: { 'f.yml': 'x\n' }, prepare: encrypted('f.yml') }],
    ['an empty password file', { args: ['decrypt', '--vault-password-file', 'empty', 'f.yml'], files: { 'f.yml': 'x\n', empty: '\n' } }],
    ["a ';' in a vault id", { args: ['view', '--vault-id', 'a;b@pw1', 'f.yml'] }],
  ])('fails as ansible-vault does: %s', async (_name, c) => {
    same(await both(c));
  });

  it('encrypts stdin to stdout, and --output to a new 0600 file leaving the input alone', async () => {
    const piped = await both({ args: ['encrypt', ...PW1], stdin: 'from: stdin\n' });
    same(piped);
    expect(piped.kplay.stdout).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\nHEX\n/);
    const out = await both({ args: ['encrypt', ...PW1, '--output', 'out.yml', 'f.yml'], files: { 'f.yml': 'keep\n', 'out.yml': yml('old', 0o666) } });
    same(out);
    for (const t of [out.ansible, out.kplay]) {
      expect([read(t.dir, 'f.yml'), modeOf(t.dir, 'f.yml'), modeOf(t.dir, 'out.yml')]).toEqual(['keep\n', '644', '600']);
      expect(await plainIn(t.dir, 'out.yml')).toBe('keep\n');
    }
  });

  it('decrypts in place (0600), to stdout and through a symlink to its target', async () => {
    const prepare: Case['prepare'] = async (dir) => {
      await ansibleEncrypt(dir, 'f.yml');
      chmodSync(join(dir, 'f.yml'), 0o644);
      symlinkSync('f.yml', join(dir, 'link.yml'));
    };
    const inPlace = await both({ args: ['decrypt', ...PW1, 'link.yml'], files: { 'f.yml': 'a: 1\n' }, prepare });
    same(inPlace);
    for (const t of [inPlace.ansible, inPlace.kplay]) expect([read(t.dir, 'f.yml'), modeOf(t.dir, 'f.yml')]).toEqual(['a: 1\n', '600']);
    const toStdout = await both({ args: ['decrypt', ...PW1, '--output', '-', 'f.yml'], files: { 'f.yml': 'a: 1\n' }, prepare });
    same(toStdout);
    expect(toStdout.kplay.stdout).toBe('a: 1\n');
  });
});

describe('kplay vault view', () => {
  const vaulted = { 'f.yml': 'a: 1', 'g.yml': 'g: 2\n' };
  const prepare: Case['prepare'] = async (dir) => {
    await ansibleEncrypt(dir, 'f.yml');
    await ansibleEncrypt(dir, 'g.yml', ['--vault-id', 'prod@pw2']);
  };

  it.each<[string, Case]>([
    ['several files and vault ids', { args: ['view', ...PW1, '--vault-id', 'prod@pw2', 'f.yml', 'g.yml'] }],
    ['one id that fits neither label nor file', { args: ['view', '--vault-id', 'other@pw2', 'f.yml', 'g.yml'] }],
    ['vault_id_match refusing a mislabelled file', { args: ['view', '--vault-id', 'x@pw2', 'g.yml'], env: { ANSIBLE_VAULT_ID_MATCH: 'yes' } }],
    ['--ask-vault-pass from a pipe', { args: ['view', '--ask-vault-pass', 'f.yml'], stdin: 'password-one\n' }],
    ['--vault-id label@prompt', { args: ['view', '--vault-id', 'prod@prompt', 'g.yml'], stdin: 'password-two\n' }],
    ['a prompt at end of input', { args: ['view', 'f.yml'] }],
    ['an empty prompt answer', { args: ['view', '--ask-vault-pass', 'f.yml'], stdin: '\n' }],
    ['a missing and a good password file', { args: ['view', '--vault-id', 'a@missing', '--vault-id', 'b@pw1', 'f.yml'] }],
    ['ANSIBLE_VAULT_PASSWORD_FILE', { args: ['view', 'g.yml'], env: { ANSIBLE_VAULT_PASSWORD_FILE: 'pw2' } }],
    ['ANSIBLE_VAULT_IDENTITY_LIST', { args: ['view', 'f.yml', 'g.yml'], env: { ANSIBLE_VAULT_IDENTITY_LIST: 'a@pw2,b@pw1' } }],
  ])('%s', async (_name, c) => {
    same(await both({ files: vaulted, prepare, ...c }));
  });

  it('ansible.cfg: vault_password_file relative to the cfg, vault_identity_list', async () => {
    const cfgPrepare = (cfg: string): Case['prepare'] => async (dir) => {
      await prepare(dir);
      mkdirSync(join(dir, 'conf/keys'), { recursive: true });
      await import('node:fs').then((fs) => {
        fs.copyFileSync(join(dir, 'pw2'), join(dir, 'conf/keys/pw'));
        fs.writeFileSync(join(dir, 'conf/ansible.cfg'), cfg);
      });
    };
    const env = { ANSIBLE_CONFIG: 'conf/ansible.cfg' };
    same(await both({ args: ['view', 'g.yml'], files: vaulted, env, prepare: cfgPrepare('[defaults]\nvault_password_file = keys/pw\n') }));
    same(await both({ args: ['view', 'f.yml'], files: vaulted, env, prepare: cfgPrepare('[defaults]\nvault_identity_list = x@pw2 , y@pw1\n') }));
  });

  it('rejects tampered and malformed files with the same warning and error', async () => {
    const tamper = (edit: (text: string) => string): Case['prepare'] => async (dir) => {
      await prepare(dir);
      const fs = await import('node:fs');
      fs.writeFileSync(join(dir, 'f.yml'), edit(fs.readFileSync(join(dir, 'f.yml'), 'utf8')));
    };
    const edits: Array<(t: string) => string> = [
      (t) => t.replace(/\n3/, '\nZ'),
      (t) => t.replace(/.\n$/, '\n'),
      () => '$ANSIBLE_VAULT;1.1;AES256\n6162\n',
      () => '$ANSIBLE_VAULT;1.1\n',
      () => '$ANSIBLE_VAULT;1.1;AES\n00\n',
    ];
    for (const edit of edits) same(await both({ args: ['view', ...PW1, 'f.yml'], files: vaulted, prepare: tamper(edit) }));
  });

  it('runs password scripts; -client scripts get the label and their failures are reported alike', async () => {
    const scripts: Case['prepare'] = async (dir) => {
      await prepare(dir);
      writeScript(dir, 'pass.sh', 'echo password-two');
      writeScript(dir, 'ids-client', '[ "$2" = prod ] && echo password-two && exit 0; echo "unknown $2" >&2; exit 2');
      writeScript(dir, 'fail.sh', 'exit 3');
    };
    same(await both({ args: ['view', '--vault-id', 'pass.sh', 'g.yml'], files: vaulted, prepare: scripts }));
    same(await both({ args: ['view', '--vault-id', 'prod@ids-client', 'g.yml'], files: vaulted, prepare: scripts }));
    same(await both({ args: ['view', '--vault-id', 'dev@ids-client', 'g.yml'], files: vaulted, prepare: scripts }));
    same(await both({ args: ['view', '--vault-password-file', 'fail.sh', 'g.yml'], files: vaulted, prepare: scripts }));
  });
});

describe('kplay vault encrypt_string', () => {
  it.each<[string, Case]>([
    ['one string', { args: ['encrypt_string', ...PW1, 'hello'] }],
    ['named strings', { args: ['encrypt_string', ...PW1, '-n', 'a', '--name', 'b', 'one', 'two'] }],
    ['fewer names than strings', { args: ['encrypt_string', ...PW1, '-n', 'a', 'one', 'two', 'three'] }],
    ['stdin with --stdin-name and an arg', { args: ['encrypt_string', '--vault-id', 'dev@pw2', '--stdin-name', 'sn', 'arg'], stdin: 'multi\nline' }],
    ['empty stdin', { args: ['encrypt_string', ...PW1] }],
    ['an empty argument', { args: ['encrypt_string', ...PW1, ''] }],
    ['--prompt while reading stdin', { args: ['encrypt_string', ...PW1, '-p'] }],
    ['--prompt with a name and --show-input', { args: ['encrypt_string', ...PW1, '-p', '--show-input', 'x'], stdin: 'myvar\nshown\n' }],
    ['--prompt with no name, hidden', { args: ['encrypt_string', ...PW1, '-p', 'x'], stdin: '\nhidden\n' }],
  ])('%s', async (_name, c) => {
    same(await both(c));
  });

  it('--output writes a 0600 file with no trailing newline that ansible-playbook can load', async () => {
    const r = await both({ args: ['encrypt_string', '--vault-id', 'lab@pw1', '--output', 'out.yml', '-n', 'v', 'val'] });
    same(r);
    for (const t of [r.ansible, r.kplay]) {
      expect(modeOf(t.dir, 'out.yml')).toBe('600');
      const text = readFileSync(join(t.dir, 'out.yml'), 'utf8');
      expect(text).toMatch(/^v: !vault \|\n {10}\$ANSIBLE_VAULT;1\.2;AES256;lab\n( {10}[0-9a-f]{80}\n)+ {10}[0-9a-f]+$/);
    }
  });
});

describe('kplay vault rekey / create / edit', () => {
  it('rekeys in place keeping the mode, to a new password file or a new vault id', async () => {
    const prepare: Case['prepare'] = async (dir) => {
      await ansibleEncrypt(dir, 'f.yml');
      chmodSync(join(dir, 'f.yml'), 0o640);
    };
    const toFile = await both({ args: ['rekey', ...PW1, '--new-vault-password-file', 'pw2', 'f.yml'], files: { 'f.yml': 'r\n' }, prepare });
    same(toFile);
    const toId = await both({ args: ['rekey', ...PW1, '--new-vault-id', 'nid@pw2', 'f.yml'], files: { 'f.yml': 'r\n' }, prepare });
    same(toId);
    for (const t of [toFile.kplay, toId.kplay, toFile.ansible]) {
      expect(modeOf(t.dir, 'f.yml')).toBe('640');
      expect(await plainIn(t.dir, 'f.yml', PW2)).toBe('r\n');
    }
    expect(read(toId.kplay.dir, 'f.yml').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;nid');
    same(await both({ args: ['rekey', '--vault-id', 'a@pw1', '--new-vault-password-file', 'pw2', '--encrypt-vault-id', 'a', 'f.yml'], files: { 'f.yml': 'r\n' }, prepare }));
  });

  const editor = (dir: string): NodeJS.ProcessEnv => {
    writeScript(dir, 'ed.sh', 'for last; do :; done; printf "added: 1\\n" >> "$last"');
    return { EDITOR: `${dir}/ed.sh --flag` };
  };

  it('create: makes missing folders (0700) with a warning, a 0600 vault, refuses an existing file', async () => {
    for (const tool of ['ansible', 'kplay'] as const) {
      const dir = scratch();
      const env = editor(dir);
      const out = await vault(tool, ['create', '--vault-id', 'dev@pw1', 'sub/dir/new.yml'], { cwd: dir, env });
      expect([tool, out.code, out.stdout, out.stderr]).toEqual([tool, 0, '', '[WARNING]: sub/dir does not exist, creating...\n']);
      expect([modeOf(dir, 'sub'), modeOf(dir, 'sub/dir'), modeOf(dir, 'sub/dir/new.yml')]).toEqual(['700', '700', '600']);
      expect(read(dir, 'sub/dir/new.yml').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;dev');
      expect(await plainIn(dir, 'sub/dir/new.yml')).toBe('added: 1\n');
      const again = await vault(tool, ['create', '--vault-id', 'dev@pw1', 'sub/dir/new.yml'], { cwd: dir, env });
      expect([again.code, again.stderr]).toEqual([1, "ERROR! sub/dir/new.yml exists, please use 'edit' instead\n"]);
    }
    same(await both({ args: ['create', ...PW1, 'a.yml', 'b.yml'] }));
    same(await both({ args: ['create', ...PW1, 'empty.yml'], env: { EDITOR: 'true' } }));
  });

  it('edit: re-encrypts with the same vault id and mode; unchanged content leaves the file alone', async () => {
    for (const tool of ['ansible', 'kplay'] as const) {
      const dir = scratch({ 'f.yml': 'a: 1\n' });
      await ansibleEncrypt(dir, 'f.yml', ['--vault-id', 'prod@pw2']);
      chmodSync(join(dir, 'f.yml'), 0o644);
      const edited = await vault(tool, ['edit', ...PW1, '--vault-id', 'prod@pw2', 'f.yml'], { cwd: dir, env: editor(dir) });
      expect([tool, edited.code, edited.stdout, edited.stderr]).toEqual([tool, 0, '', '']);
      expect(modeOf(dir, 'f.yml')).toBe('644');
      expect(read(dir, 'f.yml').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
      expect(await plainIn(dir, 'f.yml', PW2)).toBe('a: 1\nadded: 1\n');
      const before = read(dir, 'f.yml');
      const unchanged = await vault(tool, ['edit', ...PW2, 'f.yml'], { cwd: dir, env: { EDITOR: 'true' } });
      expect(unchanged.code).toBe(0);
      expect(read(dir, 'f.yml')).toBe(before);
    }
    same(await both({ args: ['edit', ...PW1, 'f.yml'], files: { 'f.yml': 'a\n' }, prepare: encrypted('f.yml'), env: { EDITOR: './no-such-editor' } }));
  });
});

describe('kplay vault usage errors (argparse, exit 2)', () => {
  /* The usage lines wrap differently for a shorter program name; the error line and code must match. */
  const errorLine = (s: string): string | undefined => s.split('\n').find((l) => l.startsWith('kplay vault'));
  it.each([
    [[]],
    [['frobnicate']],
    [['view', '--bogus', 'f']],
    [['view', '--output', 'x', 'f']],
    [['view', '--ask-vault-pass', '--vault-password-file', 'pw1', 'f']],
    [['rekey', '--new-vault-id', 'a@pw1', '--new-vault-password-file', 'pw2', 'f']],
    [['view', '--vault-id']],
  ])('%j', async (args) => {
    const r = await both({ args });
    expect(r.kplay.code).toBe(2);
    expect(r.ansible.code).toBe(2);
    expect(errorLine(r.kplay.stderr)).toBe(errorLine(r.ansible.stderr));
    expect(r.kplay.stderr).toContain('encryption/decryption utility for Ansible data files');
  });
});
