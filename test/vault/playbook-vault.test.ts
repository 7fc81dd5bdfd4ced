/**
 * Vault in playbook and inventory runs, against the real ansible-playbook/ansible-inventory
 * on the controller (connection local): whole encrypted files wherever Ansible loads data,
 * lazy inline `!vault` values, every password source, and Ansible's errors and exit codes.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ansibleEncrypt, normalize, playbookCli, scratch, vault, writeScript, type Tool } from './tools.js';

const INVENTORY = 'local ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  dir: string;
}

const folders: string[] = [];
afterAll(() => {
  for (const d of folders) rmSync(d, { recursive: true, force: true });
});

/** One prepared folder, copied so that each tool runs in its own identical one. */
async function twoCopies(files: Record<string, string>, prepare?: (dir: string) => Promise<void>): Promise<Record<Tool, string>> {
  const base = scratch({ 'inventory.ini': INVENTORY, ...files });
  await prepare?.(base);
  const copy = mkdtempSync(join(tmpdir(), 'kplay-vault-test-'));
  cpSync(base, copy, { recursive: true });
  folders.push(base, copy);
  return { ansible: base, kplay: copy };
}

async function runBoth(
  dirs: Record<Tool, string>,
  command: 'playbook' | 'inventory',
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<Record<Tool, Outcome>> {
  const go = async (tool: Tool): Promise<Outcome> => {
    const dir = dirs[tool];
    const env = { KPLAY_HOME: join(dir, '.kplay'), ...opts.env };
    const r = await playbookCli(tool, command, args, { cwd: dir, env, stdin: opts.stdin ?? '' });
    return { code: r.code, stdout: normalize(r.stdout, [dir]), stderr: normalize(r.stderr, [dir]), dir };
  };
  const [ansible, kplay] = await Promise.all([go('ansible'), go('kplay')]);
  return { ansible, kplay };
}

function expectSame(r: Record<Tool, Outcome>, parts: Array<'code' | 'stdout' | 'stderr'> = ['code', 'stdout', 'stderr']): void {
  for (const p of parts) expect(r.kplay[p], `${p}\n--- ansible:\n${r.ansible.stdout}${r.ansible.stderr}\n--- kplay:\n${r.kplay.stdout}${r.kplay.stderr}`).toEqual(r.ansible[p]);
}

async function encryptString(dir: string, idArgs: string[], plaintext: string, name: string): Promise<string> {
  const r = await vault('ansible', ['encrypt_string', ...idArgs, plaintext, '--name', name], { cwd: dir });
  if (r.code !== 0) throw new Error(r.stderr);
  return `${r.stdout}\n`;
}

const SITE = `- hosts: all
  gather_facts: false
  vars_files: [vars/file.yml]
  tasks:
    - debug: var=group_secret
    - debug: msg="{{ host_secret }} {{ file_secret }} {{ extra_secret }} {{ host_secret | length }}"
    - include_vars: vars/included.yml
    - debug: var=included_secret
`;

describe.concurrent('ansible-vault → kplay playbook runs', () => {
  it('reads vaulted group_vars, host_vars, vars_files, include_vars, -e @file and inline values (1.1, 1.2, labels)', async () => {
    const dirs = await twoCopies({ 'site.yml': SITE }, async (dir) => {
      mkdirSync(join(dir, 'group_vars'));
      mkdirSync(join(dir, 'host_vars'));
      mkdirSync(join(dir, 'vars'));
      writeFileSync(join(dir, 'group_vars/all.yml'), 'group_secret: [g1, 2]\n');
      await ansibleEncrypt(dir, 'group_vars/all.yml');
      writeFileSync(join(dir, 'host_vars/local.yml'), await encryptString(dir, ['--vault-id', 'prod@pw2'], 'h-s3cr3t', 'host_secret'));
      writeFileSync(join(dir, 'vars/file.yml'), 'file_secret: from-file\n');
      await ansibleEncrypt(dir, 'vars/file.yml', ['--vault-id', 'prod@pw2']);
      writeFileSync(join(dir, 'vars/included.yml'), 'included_secret: from-include\n');
      await ansibleEncrypt(dir, 'vars/included.yml');
      writeFileSync(join(dir, 'vars/extra.yml'), 'extra_secret: from-extra\n');
      await ansibleEncrypt(dir, 'vars/extra.yml', ['--vault-id', 'prod@pw2']);
    });
    const r = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml', '--vault-id', 'pw1', '--vault-id', 'prod@pw2', '-e', '@vars/extra.yml']);
    expectSame(r);
    expect(r.kplay.code).toBe(0);
    expect(r.kplay.stdout).toContain('"msg": "h-s3cr3t from-file from-extra 8"');
  }, 180_000);

  it('a file `kplay vault` encrypted is read by ansible-playbook and kplay alike', async () => {
    const dirs = await twoCopies({ 'site.yml': '- hosts: all\n  gather_facts: false\n  vars_files: [secret.yml]\n  tasks:\n    - debug: var=token\n' }, async (dir) => {
      writeFileSync(join(dir, 'secret.yml'), 'token: kplay-made\n');
      const r = await playbookCli('kplay', 'vault', ['encrypt', '--vault-id', 'ops@pw1', 'secret.yml'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(dir, 'secret.yml'), 'utf8').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;ops');
    });
    const r = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml', '--vault-id', 'ops@pw1']);
    expectSame(r);
    expect(r.kplay.stdout).toContain('"token": "kplay-made"');
  }, 180_000);
});

describe.concurrent('errors as Ansible gives them', () => {
  const groupVars = async (dir: string): Promise<void> => {
    mkdirSync(join(dir, 'group_vars'));
    writeFileSync(join(dir, 'group_vars/all.yml'), 'group_secret: x\n');
    await ansibleEncrypt(dir, 'group_vars/all.yml');
  };
  const site = { 'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: var=group_secret\n' };

  it('a vaulted group_vars file without secrets, or with the wrong one: parse error (4) after the PLAY banner', async () => {
    const dirs = await twoCopies(site, groupVars);
    const none = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml']);
    expectSame(none);
    expect(none.kplay.code).toBe(4);
    expect(none.kplay.stderr).toBe('ERROR! Attempting to decrypt but no vault secrets found\n');
    const wrong = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml', '--vault-password-file', 'pw2']);
    expectSame(wrong);
    expect(wrong.kplay.stderr).toBe('ERROR! Decryption failed (no vault secrets were found that could decrypt) on <DIR>/group_vars/all.yml\n');
  }, 180_000);

  it('an inline value no secret fits fails only the tasks that use it, with Ansible\'s messages (when, loop, set_fact, assert)', async () => {
    const dirs = await twoCopies({}, async (dir) => {
      const inline = (await encryptString(dir, ['--vault-password-file', 'pw1'], 'hidden', 'token')).replace(/^/gm, '    ');
      const tasks = [
        '    - debug: msg=unrelated',
        "    - debug: msg=x\n      when: token == 'x'",
        '    - debug: msg="{{ item }}"\n      loop: "{{ [token] }}"',
        '    - set_fact:\n        copy: "{{ token }}"',
        "    - assert:\n        that: token == 'x'",
      ].map((t) => `${t}\n      ignore_errors: true\n`);
      writeFileSync(join(dir, 'site.yml'), `- hosts: all\n  gather_facts: false\n  vars:\n${inline}\n  tasks:\n${tasks.join('')}`);
    });
    for (const args of [[], ['--vault-password-file', 'pw2']]) {
      const r = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml', ...args]);
      expectSame(r);
      expect(r.kplay.stdout.match(/\.\.\.ignoring/g)).toHaveLength(4);
    }
  }, 180_000);

  it('a missing password file: a warning, then the error (exit 1)', async () => {
    const dirs = await twoCopies(site, groupVars);
    const r = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml', '--vault-password-file', 'nowhere.txt']);
    expectSame(r);
    expect(r.kplay.code).toBe(1);
  }, 180_000);
});

describe.concurrent('password sources', () => {
  const files = { 'site.yml': '- hosts: all\n  gather_facts: false\n  vars_files: [s.yml]\n  tasks:\n    - debug: var=s\n' };
  const prepare = async (dir: string): Promise<void> => {
    writeFileSync(join(dir, 's.yml'), 's: opened\n');
    await ansibleEncrypt(dir, 's.yml', ['--vault-id', 'lab@pw2']);
  };

  it('ANSIBLE_VAULT_PASSWORD_FILE, ansible.cfg vault_password_file (relative to the cfg) and vault_identity_list (relative to the cwd)', async () => {
    const dirs = await twoCopies(files, prepare);
    const env = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml'], { env: { ANSIBLE_VAULT_PASSWORD_FILE: 'pw2' } });
    expectSame(env);
    expect(env.kplay.stdout).toContain('"s": "opened"');
    for (const cfg of ['[defaults]\nvault_password_file = ../pw2\n', '[defaults]\nvault_identity_list = a@pw1, lab@pw2\n']) {
      for (const d of Object.values(dirs)) {
        mkdirSync(join(d, 'cfg'), { recursive: true });
        writeFileSync(join(d, 'cfg/ansible.cfg'), cfg);
      }
      const r = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml'], { env: { ANSIBLE_CONFIG: 'cfg/ansible.cfg' } });
      expectSame(r);
      expect(r.kplay.stdout).toContain('"s": "opened"');
    }
  }, 180_000);

  it('--ask-vault-pass reads the password from stdin; an executable script prints it', async () => {
    const dirs = await twoCopies(files, prepare);
    const asked = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml', '--ask-vault-pass'], { stdin: 'password-two\n' });
    expectSame(asked, ['code', 'stdout']);
    expect(asked.kplay.stdout).toContain('"s": "opened"');
    for (const d of Object.values(dirs)) writeScript(d, 'pw.sh', 'echo password-two');
    const script = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml', '--vault-password-file', 'pw.sh']);
    expectSame(script);
    expect(script.kplay.stdout).toContain('"s": "opened"');
  }, 180_000);
});

describe('kplay inventory decrypts as ansible-inventory does', () => {
  it('vaulted INI source and group_vars decrypt; inline values stay marked; a wrong secret is a parse error', async () => {
    const dirs = await twoCopies({}, async (dir) => {
      writeFileSync(join(dir, 'hosts.ini'), '[web]\nw1 port=22\n');
      await ansibleEncrypt(dir, 'hosts.ini');
      mkdirSync(join(dir, 'group_vars'));
      writeFileSync(join(dir, 'group_vars/web.yml'), 'web_secret: w\n');
      await ansibleEncrypt(dir, 'group_vars/web.yml');
      mkdirSync(join(dir, 'host_vars'));
      writeFileSync(join(dir, 'host_vars/w1.yml'), await encryptString(dir, ['--vault-password-file', 'pw1'], 'inline', 'w1_inline'));
    });
    const list = await runBoth(dirs, 'inventory', ['-i', 'hosts.ini', '--list', '--vault-password-file', 'pw1']);
    expectSame(list);
    expect(list.kplay.stdout).toContain('"web_secret": "w"');
    expect(list.kplay.stdout).toContain('"__ansible_vault": "$ANSIBLE_VAULT;1.1;AES256');
    const host = await runBoth(dirs, 'inventory', ['-i', 'hosts.ini', '--host', 'w1', '--yaml', '--vault-password-file', 'pw1']);
    expectSame(host);
    for (const d of Object.values(dirs)) writeFileSync(join(d, 'plain.ini'), '[web]\nw1\n');
    const wrong = await runBoth(dirs, 'inventory', ['-i', 'plain.ini', '--list', '--vault-password-file', 'pw2']);
    expectSame(wrong);
    expect(wrong.kplay.code).toBe(4);
  }, 180_000);
});

describe('plaintext stays out of output and the event log unless printed', () => {
  it('used in a when, a no_log command and a no_log set_fact, the value shows nowhere (-vv output, event log)', async () => {
    const secret = 'very-secret-value-42';
    const dirs = await twoCopies({}, async (dir) => {
      const inline = (await encryptString(dir, ['--vault-password-file', 'pw1'], secret, 'api_key')).replace(/^/gm, '    ');
      writeFileSync(
        join(dir, 'site.yml'),
        `- hosts: all\n  gather_facts: false\n  vars:\n${inline}\n  tasks:\n` +
          `    - debug: msg=checked\n      when: api_key | length > 3\n` +
          `    - command: echo {{ api_key }}\n      no_log: true\n` +
          `    - set_fact:\n        copied: "{{ api_key }}"\n      no_log: true\n` +
          `    - debug: msg="{{ copied == api_key }}"\n`,
      );
    });
    const quiet = await runBoth(dirs, 'playbook', ['-i', 'inventory.ini', 'site.yml', '--vault-password-file', 'pw1', '-vv']);
    expectSame(quiet, ['code']);
    expect(quiet.kplay.code).toBe(0);
    const logDir = join(dirs.kplay, '.kplay/runs');
    const log = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8')).join('');
    expect(log.match(/"event":"host_result"/g)).toHaveLength(4);
    for (const text of [quiet.kplay.stdout, quiet.kplay.stderr, log]) expect(text).not.toContain(secret);
    expect(quiet.ansible.stdout).not.toContain(secret);
  }, 180_000);
});
