import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../errors/source-error.js';
import { InventoryLoadError, loadInventory } from './load.js';

const dirs: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kplay-load-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadInventory', () => {
  it("reports the yaml plugin's own error for an INI file (no extension) that INI cannot read either", async () => {
    const cwd = tree({ hosts: '[web]\nh1 a=1\n[web:vars\nx=1\n' });
    const { warnings } = await loadInventory(['hosts'], { cwd });
    const yaml = warnings.find((w) => w.includes('with yaml plugin'));
    expect(yaml).toContain('Syntax Error while loading YAML');
    expect(yaml).toContain(`line 2, column 1`);
    expect(warnings.some((w) => w.includes('with ini plugin: not enough values to unpack'))).toBe(true);
  });

  it('still reads an extensionless YAML inventory as YAML', async () => {
    const cwd = tree({ hosts: 'web:\n  hosts:\n    h1:\n' });
    const { inventory } = await loadInventory(['hosts'], { cwd });
    expect(inventory.hostNames()).toEqual(['h1']);
  });

  it('reads a directory in sorted order, skipping ignored names and group_vars', async () => {
    const cwd = tree({
      'inv/b.yml': 'b:\n  hosts:\n    hb:\n',
      'inv/a': '[a]\nha\n',
      'inv/hosts.ini': '[skipped]\nhs\n',
      'inv/notes.md': 'x\n',
      'inv/.hidden': '[hidden]\nhh\n',
      'inv/group_vars/a.yml': 'gv: 1\n',
      'inv/sub/c.json': '{"c": {"hosts": {"hc": null}}}',
      'inv/skip-me.tmp': '[tmp]\nht\n',
    });
    const { inventory, warnings } = await loadInventory(['inv'], { cwd, ignorePatterns: ['^skip-'] });
    expect(inventory.hostNames()).toEqual(['ha', 'hb', 'hc']);
    expect(inventory.hostVars('ha')['gv']).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('warns for a missing source and for a source no plugin parses, naming plugin and line', async () => {
    const cwd = tree({ 'bad.ini': '[web]\nw1 novalue\n' });
    const { warnings, failures } = await loadInventory(['missing', 'bad.ini'], { cwd });
    expect(warnings[0]).toBe(`Unable to parse ${cwd}/missing as an inventory source`);
    expect(warnings[1]).toContain(` * Failed to parse ${cwd}/bad.ini with ini plugin: ${cwd}/bad.ini:2: Expected key=value host variable assignment, got: novalue`);
    expect(warnings[1]).toContain('w1 novalue\n   ^ here');
    expect(warnings.at(-1)).toBe('No inventory was parsed, only implicit localhost is available');
    expect(failures[0]?.error).toBeInstanceOf(SourceError);
    expect((failures[0]?.error as SourceError).pos).toEqual({ file: `${cwd}/bad.ini`, line: 2, column: 4 });
  });

  it('gives YAML errors with file, line and column', async () => {
    const cwd = tree({ 'inv.yml': 'all:\n  hosts:\n    h1: [1\n', 'shape.yml': 'all:\n  hosts:\n    - h1\n' });
    const { failures } = await loadInventory(['inv.yml', 'shape.yml'], { cwd });
    const yamlFailure = failures.find((f) => f.plugin === 'yaml' && f.source.endsWith('inv.yml'))?.error as SourceError;
    expect(yamlFailure.pos?.file).toBe(`${cwd}/inv.yml`);
    expect(yamlFailure.pos?.line).toBeGreaterThanOrEqual(3);
    const shape = failures.find((f) => f.plugin === 'yaml' && f.source.endsWith('shape.yml'))?.error as SourceError;
    expect(shape.message).toBe(`Invalid "hosts" entry for "all" group, requires a dictionary, found "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>" instead.`);
    expect(shape.pos).toEqual({ file: `${cwd}/shape.yml`, line: 2, column: 3 });
    expect(shape.describe()).toContain('all:\n  hosts:\n  ^ here');
  });

  it('stops at an unparsable source with anyUnparsedIsFailed', async () => {
    const cwd = tree({ 'bad.ini': '[web:oops]\n' });
    const err = await loadInventory(['bad.ini'], { cwd, anyUnparsedIsFailed: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InventoryLoadError);
    expect((err as InventoryLoadError).message).toBe(`Completely failed to parse inventory source ${cwd}/bad.ini`);
    expect((err as InventoryLoadError).cause).toBeInstanceOf(SourceError);
  });

  it('decrypts vault files through the hook, inventory and group_vars alike', async () => {
    const vault = (plain: string): string => `$ANSIBLE_VAULT;1.1;AES256\n${Buffer.from(plain).toString('hex')}\n`;
    const cwd = tree({ hosts: vault('[web]\nw1\n'), 'group_vars/web.yml': vault('secret: s3\n') });
    const decrypt = (text: string): string => Buffer.from(text.split('\n')[1]!, 'hex').toString('utf8');
    const { inventory } = await loadInventory(['hosts'], { cwd, decrypt });
    expect(inventory.hostVars('w1')['secret']).toBe('s3');
    const without = await loadInventory(['hosts'], { cwd });
    expect(without.warnings.join('\n')).toContain('Attempting to decrypt but no vault secrets found');
  });

  it('runs executable inventory scripts with --list', async () => {
    const cwd = tree({
      'inv.sh': '#!/bin/sh\necho \'{"g": {"hosts": ["s1"]}, "_meta": {"hostvars": {"s1": {"v": 1}}}}\'\n',
    });
    chmodSync(join(cwd, 'inv.sh'), 0o755);
    const { inventory } = await loadInventory(['inv.sh'], { cwd });
    expect(inventory.groupNamesOf('s1')).toEqual(['g']);
    expect(inventory.hostVars('s1')['v']).toBe(1);
  });

  it('reads comma host lists, ports included, without ranges', async () => {
    const { inventory } = await loadInventory(['a,b:2222,c[1:2],'], { cwd: tmpdir() });
    expect(inventory.hostNames()).toEqual(['a', 'b', 'c[1:2]']);
    expect(inventory.hostVars('b')).toMatchObject({ ansible_port: 2222, inventory_file: 'a,b:2222,c[1:2],', inventory_dir: 'None' });
  });
});
