/**
 * Host patterns against the real `ansible` (ansible-core 2.14): `ansible PATTERN
 * --list-hosts` and `ansible all --list-hosts -l PATTERN` give the same hosts in the same
 * order as kplay's selectHosts/limit, or both stop with the same error.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory, type Inventory } from '../../src/inventory/index.js';
import { ansibleListHosts, FIXTURES } from './ansible.js';

const CWD = join(FIXTURES, 'patterns');
const SOURCES = ['hosts'];

const PATTERNS = [
  'all',
  '*',
  'web',
  'prod',
  'web1.example.com',
  'web:db',
  'db:web',
  'web,db',
  ' web , db ',
  'web db',
  'web:&lb',
  'web:!lb',
  'prod:!web',
  '!web',
  '&web',
  'prod:&staging',
  'staging:db:&prod',
  'web*',
  '*.example.com',
  '?b1',
  '[wd]*',
  'e*',
  '~web[12]',
  '~^db',
  '~(?i)WEB1',
  'db[0]',
  'web[1:2]',
  'web[-1]',
  'web[1:]',
  'web[0-1]',
  'prod[1:0]',
  'eu[5]',
  'web[-9]',
  'nomatch',
  'web:nomatch',
  'ungrouped',
  'al*',
  'db2',
  'web2.example.com,lb',
  '*:!*.example.com',
  'web[0]:db[1]',
  '10.0.0.5',
  '10.0.0.*',
  'localhost',
  '127.0.0.1',
  'localhost,web',
  'web:localhost:127.0.0.1',
  '~[',
];

const LIMITS = [
  'web',
  'web:!lb',
  'db2,alpha',
  'web[0]',
  'nomatch',
  'localhost',
  '@limit.txt',
  '@no-such-file',
  'prod:&staging',
  'web*:!web2*',
  'eu[5]',
  '~[',
];

/**
 * What `ansible PATTERN --list-hosts [-l LIMIT]` does with kplay's inventory: without a
 * limit the ad hoc CLI turns any error into an empty list ("No hosts matched").
 */
function kplayListHosts(inv: Inventory, pattern: string, limit?: string): { hosts: string[] } | { error: string } {
  try {
    inv.limit(limit);
    const hosts = inv.listHosts(pattern);
    if (hosts.length === 0 && limit !== undefined) return { error: 'Specified inventory, host pattern and/or --limit leaves us with no hosts to target.' };
    return { hosts };
  } catch (e) {
    if (limit === undefined) return { hosts: [] };
    return { error: (e as Error).message };
  }
}

async function fresh(): Promise<Inventory> {
  return (await loadInventory(SOURCES, { cwd: CWD })).inventory;
}

describe('host patterns: ansible PATTERN --list-hosts', () => {
  it.concurrent.each(PATTERNS)('%s', async (pattern) => {
    const [theirs, inv] = await Promise.all([ansibleListHosts(SOURCES, pattern, CWD), fresh()]);
    expect(kplayListHosts(inv, pattern)).toEqual(theirs);
  });
});

describe('host patterns: ansible all --list-hosts -l LIMIT', () => {
  it.concurrent.each(LIMITS)('-l %s', async (limit) => {
    const [theirs, inv] = await Promise.all([ansibleListHosts(SOURCES, 'all', CWD, limit), fresh()]);
    expect(kplayListHosts(inv, 'all', limit)).toEqual(theirs);
  });

  it.concurrent.each([
    ['web:db', 'db*'],
    ['lb:web', 'web2*,lb1'],
    ['localhost', 'localhost'],
  ])('%s -l %s', async (pattern, limit) => {
    const [theirs, inv] = await Promise.all([ansibleListHosts(SOURCES, pattern, CWD, limit), fresh()]);
    expect(kplayListHosts(inv, pattern, limit)).toEqual(theirs);
  });
});

describe('unmatched patterns warn in Ansible words', () => {
  it('names each unmatched pattern once', async () => {
    const inv = await fresh();
    const { hosts, warnings } = inv.select('web:nomatch:!alsonot');
    expect(hosts).toEqual(['web1.example.com', 'web2.example.com', 'web3.example.com']);
    expect(warnings).toEqual([
      'Could not match supplied host pattern, ignoring: nomatch',
      'Could not match supplied host pattern, ignoring: alsonot',
    ]);
  });
});

describe('host patterns where a host and a group share a name', () => {
  const sources = ['names.yml', 'names.ini'];
  const cwd = join(FIXTURES, 'edge');
  it.concurrent.each(['web', 'web*', 'ungrouped', 'g.x', 'g?x', 'all:!web', '3rd', 'g-1:&ungrouped', 'direct1'])('%s', async (pattern) => {
    const [theirs, loaded] = await Promise.all([ansibleListHosts(sources, pattern, cwd), loadInventory(sources, { cwd })]);
    expect(kplayListHosts(loaded.inventory, pattern)).toEqual(theirs);
  });
});
