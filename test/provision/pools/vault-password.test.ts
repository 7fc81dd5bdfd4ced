/**
 * Inline `!vault` BMC passwords made by the real `ansible-vault encrypt_string`, decrypted
 * with the vault secrets kplay's CLI opens (--vault-password-file, --vault-id), and the
 * `kplay pool` command line end to end against an ipmi_sim BMC: the right vault password
 * reaches the BMC, a wrong or missing one stops at pools.yml's line before any BMC is asked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runClusterCli } from '../../../src/cli/cluster-command.js';
import { runPoolCli } from '../../../src/cli/pool-command.js';
import { openPoolVault } from '../../../src/cli/pool-vault.js';
import { SourceError } from '../../../src/errors/source-error.js';
import { loadPools } from '../../../src/provision/pools/index.js';
import { haveIpmiSim, startIpmiSim, type SimBmc } from '../ipmi/helpers/ipmi-sim.js';

const haveAnsibleVault = spawnSync('ansible-vault', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'kplay-vault-bmc-'));
const vaultPw = join(dir, 'vault.pw');
const wrongPw = join(dir, 'wrong.pw');

/** `ansible-vault encrypt_string` (the password on stdin, not in argv), as it prints it: `password: !vault |` and the block. */
function encryptString(plain: string, vaultArgs: readonly string[]): string {
  const r = spawnSync('ansible-vault', ['encrypt_string', ...vaultArgs, '--stdin-name', 'password'], { input: plain, encoding: 'utf8', cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: dir } });
  if (r.status !== 0) throw new Error(`ansible-vault encrypt_string: ${r.stderr}`);
  return r.stdout.trimEnd();
}

/** pools.yml with one host whose `bmc:` block ends with `passwordLine` (indented as a bmc key). */
function poolsWith(passwordLine: string, address = '10.0.0.11'): string {
  const indented = passwordLine
    .split('\n')
    .map((l, i) => (i === 0 ? `          ${l}` : `    ${l}`))
    .join('\n');
  const text = `profiles:
  p: {kernel: http://boot.lab/linux, initrd: http://boot.lab/initrd.gz, answerFile: {template: a.j2, kind: preseed}}
pools:
  rack1:
    hosts:
      - name: node1
        bootMACAddress: "52:54:00:00:00:01"
        order: 1
        profile: p
        bmc:
          address: ${address}
          username: admin
${indented}
`;
  const file = join(mkdtempSync(join(dir, 'p-')), 'pools.yml');
  writeFileSync(file, text);
  writeFileSync(join(file, '..', 'a.j2'), 'd-i passwd/make-user boolean false\n');
  return file;
}

/** Every way a value could leak out of an object or an error. */
function allText(...things: unknown[]): string {
  return things.map((t) => (t instanceof SourceError ? `${t.message}\n${t.describe()}\n${t.stack}` : `${JSON.stringify(t)}\n${inspect(t, { depth: 10 })}\n${String(t)}`)).join('\n');
}

beforeAll(() => {
  writeFileSync(vaultPw, 'bmc-vault-pass\n', { mode: 0o600 });
  writeFileSync(wrongPw, 'not-the-vault-pass\n', { mode: 0o600 });
});

describe.skipIf(!haveAnsibleVault)('inline !vault BMC passwords from ansible-vault encrypt_string', () => {
  const PASSWORD = 'Bmc-Pa55-vaulted';

  it('decrypt with --vault-password-file; shown nowhere', async () => {
    const file = poolsWith(encryptString(PASSWORD, ['--vault-password-file', vaultPw]));
    const { sources } = await openPoolVault({ vaultPasswordFiles: [vaultPw] }, dir);
    const pools = loadPools(file, sources);
    const pw = pools.host('node1').bmc.password;
    expect(pw.from).toBe('vault');
    expect(pools.checkPasswords()).toEqual([]);
    expect(pw.resolve().reveal()).toBe(PASSWORD);
    expect(allText(pools, pools.host('node1'), pw, pw.resolve())).not.toContain(PASSWORD);
  });

  it('a labelled value (format 1.2) with --vault-id label@file, among other identities', async () => {
    const file = poolsWith(encryptString(PASSWORD, ['--vault-id', `bmc@${vaultPw}`]));
    expect(readFileSync(file, 'utf8')).toContain('$ANSIBLE_VAULT;1.2;AES256;bmc');
    const { sources } = await openPoolVault({ vaultIds: [`other@${wrongPw}`, `bmc@${vaultPw}`] }, dir);
    expect(loadPools(file, sources).host('node1').bmc.password.resolve().reveal()).toBe(PASSWORD);
  });

  it('a wrong vault password: a SourceError at the password key, no plaintext', async () => {
    const file = poolsWith(encryptString(PASSWORD, ['--vault-password-file', vaultPw]));
    const { sources } = await openPoolVault({ vaultPasswordFiles: [wrongPw] }, dir);
    const [err, ...more] = loadPools(file, sources).checkPasswords();
    expect(more).toEqual([]);
    expect(err?.message).toMatch(/^pools\.rack1\.hosts\[0\]\.bmc\.password \(inline !vault value\) cannot be decrypted: Decryption failed/);
    expect(err?.pos).toMatchObject({ file, line: 13, column: 11 });
    expect(allText(err)).not.toContain(PASSWORD);
  });

  it('no vault secret at all: says how to give one', async () => {
    const file = poolsWith(encryptString(PASSWORD, ['--vault-password-file', vaultPw]));
    const { sources } = await openPoolVault({}, dir);
    const [err] = loadPools(file, sources).checkPasswords();
    expect(err?.message).toBe('pools.rack1.hosts[0].bmc.password (inline !vault value) needs a vault password (--vault-password-file or --ask-vault-pass)');
    expect(err?.pos).toMatchObject({ line: 13, column: 11 });
  });
});

describe.skipIf(!haveAnsibleVault || !haveIpmiSim())('kplay pool with a vaulted BMC password (ipmi_sim)', () => {
  let bmc: SimBmc;
  let file: string;
  let out = '';
  let err = '';
  beforeAll(async () => {
    bmc = await startIpmiSim();
    file = poolsWith(encryptString(bmc.password.reveal(), ['--vault-id', `bmc@${vaultPw}`]), `ipmi://${bmc.host}:${bmc.port}`);
  });
  afterAll(async () => {
    await bmc?.stop();
  });
  beforeEach(() => {
    out = err = '';
    bmc.clearHookLog();
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    expect(`${out}\n${err}`).not.toContain(bmc.password.reveal());
  });

  it('the right vault password reaches the BMC: power status, then release records the host', async () => {
    bmc.setPower(true);
    expect(await runPoolCli(['power', 'status', file, '--vault-id', `bmc@${vaultPw}`])).toBe(0);
    expect(out).toContain('node1: power on');
    expect(bmc.hookLog()).toContain('get power');
    const home = join(mkdtempSync(join(dir, 'home-')), '.kplay');
    process.env['KPLAY_HOME'] = home;
    try {
      expect(await runPoolCli(['release', `--vault-password-file=${vaultPw}`, file])).toBe(0);
    } finally {
      delete process.env['KPLAY_HOME'];
    }
    expect(out).toContain('node1: power off');
    expect(bmc.power()).toBe('0');
    const stored = filesUnder(home);
    expect(stored.length).toBeGreaterThan(0);
    for (const f of stored) expect(readFileSync(f, 'utf8')).not.toContain(bmc.password.reveal());
  });

  it('a wrong or missing vault password: exit 4 at pools.yml line:col, the BMC never asked', async () => {
    expect(await runPoolCli(['power', 'on', file, '--vault-password-file', wrongPw])).toBe(4);
    expect(err).toContain('ERROR! pools.rack1.hosts[0].bmc.password (inline !vault value) cannot be decrypted');
    expect(err).toContain(`The error appears to be in '${file}': line 13, column 11`);
    expect(await runPoolCli(['power', 'on', file])).toBe(4);
    expect(err).toContain('needs a vault password (--vault-password-file or --ask-vault-pass)');
    expect(bmc.hookLog()).toEqual([]);
    expect(bmc.power()).toBe('0');
  });

  it('kplay cluster up takes the same flags: a wrong vault password stops it before any BMC or host', async () => {
    const cluster = join(file, '..', 'cluster.yml');
    writeFileSync(cluster, 'name: c1\npool: rack1\ncontrolPlanes: 1\nworkers: 0\n');
    const home = join(mkdtempSync(join(dir, 'home-')), '.kplay');
    process.env['KPLAY_HOME'] = home;
    try {
      expect(await runClusterCli(['up', cluster, '--vault-password-file', wrongPw])).toBe(4);
      expect(err).toContain('bmc.password (inline !vault value) cannot be decrypted');
      expect(err).toContain(`The error appears to be in '${file}': line 13, column 11`);
      // The right one gets past the passwords to host selection (nothing is provisioned in this store).
      err = '';
      expect(await runClusterCli(['up', cluster, '--vault-id', `bmc@${vaultPw}`])).not.toBe(0);
      expect(err).not.toContain('bmc.password');
      expect(err).toContain('pool rack1 has not enough hosts for cluster c1');
    } finally {
      delete process.env['KPLAY_HOME'];
    }
    expect(bmc.hookLog()).toEqual([]);
  });

  it('vault flags are checked like the playbook command checks them', async () => {
    expect(await runPoolCli(['status', file, '--ask-vault-pass', '--vault-password-file', vaultPw])).toBe(5);
    expect(err).toContain('not allowed with argument --ask-vault-password/--ask-vault-pass');
    expect(await runPoolCli(['status', file, '--vault-id'])).toBe(5);
    expect(err).toContain('--vault-id needs a value');
  });
});

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
