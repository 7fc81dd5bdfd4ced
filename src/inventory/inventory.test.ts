import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InventoryView } from '../executor/ports.js';
import { InventoryError } from './errors.js';
import { loadInventory } from './load.js';

const dirs: string[] = [];

/** A throwaway inventory directory: path -> content. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kplay-inv-'));
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

async function load(files: Record<string, string>, sources = ['hosts']) {
  const cwd = tree(files);
  return { cwd, ...(await loadInventory(sources, { cwd })) };
}

describe('Inventory model', () => {
  it('is what the executor reads (InventoryView)', async () => {
    const { inventory } = await load({ hosts: '[web]\nw1\n' });
    const view: InventoryView = inventory;
    expect(view.selectHosts('web')).toEqual(['w1']);
  });

  it('keeps hosts in definition order and groups sorted', async () => {
    const { inventory } = await load({ hosts: 'zed\n[b]\nb1\nzed\n[a]\na1\n' });
    expect(inventory.hostNames()).toEqual(['zed', 'b1', 'a1']);
    expect(inventory.groupNames()).toEqual(['a', 'all', 'b', 'ungrouped']);
    expect(inventory.hasHost('b1')).toBe(true);
    expect(inventory.hasHost('localhost')).toBe(false);
  });

  it('gives group_names sorted without all, and an ungrouped host "ungrouped" (as Ansible does)', async () => {
    const { inventory } = await load({ hosts: 'loose\n[web]\nw1\n[prod:children]\nweb\n' });
    expect(inventory.groupNamesOf('w1')).toEqual(['prod', 'web']);
    expect(inventory.groupNamesOf('loose')).toEqual(['ungrouped']);
    expect(inventory.groupsMagic()).toEqual({ all: ['loose', 'w1'], ungrouped: ['loose'], web: ['w1'], prod: ['w1'] });
  });

  it('merges host variables: all, groups by depth/priority/name, group_vars files above inventory, host last', async () => {
    const { inventory } = await load({
      hosts: [
        '[a]\nh\n[b]\nh\n[top:children]\na\n',
        '[a:vars]\nv=a\nw=a\nfile_or_ini=ini-a\n',
        '[b:vars]\nv=b\nw=b\nprio=b\nansible_group_priority=7\n',
        '[top:vars]\nv=top\nw=top\nprio=top\n',
        '[all:vars]\nv=all\nonly_all=1\n',
      ].join(''),
      'group_vars/all.yml': 'v: all-file\n',
      'group_vars/a.yml': 'file_or_ini: file-a\n',
      'host_vars/h.yml': 'host_file: yes\n',
    });
    // the same as ansible-inventory --host h gives for this tree
    const vars = inventory.hostVars('h');
    // group_vars/all beside the inventory is above every group's inventory vars
    expect(vars['v']).toBe('all-file');
    // a is deeper than b and top; b's priority 7 puts it after top (priority 1)
    expect(vars['w']).toBe('a');
    expect(vars['prio']).toBe('b');
    expect(vars['only_all']).toBe(1);
    expect(vars['file_or_ini']).toBe('file-a');
    expect(vars['host_file']).toBe(true);
    expect(vars['inventory_file']).toMatch(/\/hosts$/);
  });

  it('makes the implicit localhost only when asked, with the controller python', async () => {
    const { inventory } = await load({ hosts: '[web]\nw1\n[all:vars]\nx=1\n' });
    expect(inventory.selectHosts('all')).toEqual(['w1']);
    expect(inventory.selectHosts('localhost')).toEqual(['localhost']);
    expect(inventory.isImplicit('localhost')).toBe(true);
    expect(inventory.hostNames()).toEqual(['w1']);
    const vars = inventory.hostVars('localhost');
    expect(vars['ansible_connection']).toBe('local');
    expect(vars['ansible_python_interpreter']).toMatch(/python/);
    expect(vars['x']).toBe(1);
    // the same implicit host answers to 127.0.0.1 once made
    expect(inventory.selectHosts('127.0.0.1')).toEqual(['localhost']);
  });

  it('selects with Ansible order and applies --limit, @file included', async () => {
    const { inventory, cwd } = await load({ hosts: '[web]\nw1\nw2\nw3\n[db]\nd1\nw2\n', 'limit.txt': 'd1\nw3\n' });
    expect(inventory.selectHosts('db:web')).toEqual(['d1', 'w2', 'w1', 'w3']);
    expect(inventory.selectHosts('web:!db')).toEqual(['w1', 'w3']);
    expect(inventory.selectHosts('web[1:]')).toEqual(['w2', 'w3']);
    inventory.limit('@limit.txt');
    expect(inventory.selectHosts('all')).toEqual(['w3', 'd1']);
    expect(inventory.selectHosts('all', { ignoreLimits: true })).toEqual(['w1', 'w2', 'w3', 'd1']);
    inventory.limit(undefined);
    expect(() => inventory.selectHosts('web[7]')).toThrow(InventoryError);
    expect(cwd).toBeTruthy();
  });

  it('returns warnings for unmatched patterns, once each in the queue', async () => {
    const { inventory } = await load({ hosts: '[web]\nw1\n' });
    inventory.takeWarnings();
    expect(inventory.select('nope').warnings).toEqual(['Could not match supplied host pattern, ignoring: nope']);
    inventory.selectHosts('nope');
    expect(inventory.takeWarnings()).toEqual(['Could not match supplied host pattern, ignoring: nope']);
  });

  it('add_host and group_by at run time, with the new groups\' group_vars', async () => {
    // measured with ansible-playbook 2.14: add_host name=n1 groups=newgroup; group_by key=dyn parents=par
    const { inventory } = await load({
      hosts: '[web]\nw1\n',
      'group_vars/newgroup.yml': 'gv_new: from-new\n',
      'group_vars/dyn.yml': 'gv_dyn: from-dyn\n',
      'group_vars/par.yml': 'gv_parent: p\n',
    });
    expect(inventory.addHost('n1', ['newgroup'], { foo: 'bar' }).changed).toBe(true);
    expect(inventory.addHost('n1', ['newgroup'], { foo: 'bar' }).changed).toBe(false);
    expect(inventory.groupBy('w1', 'dyn', ['par']).changed).toBe(true);
    expect(inventory.groupNamesOf('w1')).toEqual(['dyn', 'par', 'web']);
    expect(inventory.groupNamesOf('n1')).toEqual(['newgroup']);
    expect(inventory.hostVars('n1')).toMatchObject({ gv_new: 'from-new', foo: 'bar' });
    expect(inventory.hostVars('w1')).toMatchObject({ gv_dyn: 'from-dyn', gv_parent: 'p' });
    expect(inventory.groupsMagic()).toEqual({ all: ['n1', 'w1'], ungrouped: [], web: ['w1'], newgroup: ['n1'], dyn: ['w1'], par: ['w1'] });
  });

  it('refuses group loops', async () => {
    const { warnings } = await load({ hosts: '[a:children]\nb\n[b:children]\na\n' });
    expect(warnings.join('\n')).toContain("Adding group 'a' as child to 'b' creates a recursive dependency loop.");
  });
});
