/**
 * kplay's inventory against the real `ansible-inventory` (ansible-core 2.14): the same
 * fixture gives the same --list JSON (and --yaml, --export), the same --graph text
 * (with and without --vars), the same --host variables, and the same warnings.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OptionsError } from '../../src/errors/source-error.js';
import {
  inventoryGraph,
  inventoryHostData,
  inventoryListJson,
  inventoryListYaml,
  loadInventory,
  type InventoryRenderOptions,
  type LoadInventoryResult,
} from '../../src/inventory/index.js';
import { ansibleInventory, ansibleWarnings, FIXTURES, pyYamlToJson } from './ansible.js';

interface Case {
  name: string;
  /** Directory both tools run in (its group_vars/ count as the playbook dir's). */
  cwd: string;
  sources: string[];
  /** Hosts (or host patterns) to compare with --host. */
  hosts?: string[];
  /** Groups to start --graph at besides all. */
  graphGroups?: string[];
  /** --playbook-dir, relative to cwd. */
  playbookDir?: string;
}

const CASES: Case[] = [
  { name: 'INI with every syntax, group_vars and host_vars', cwd: 'ini', sources: ['hosts'], hosts: ['web01.example.com', 'lonely', 'webz', 'db-x', 'localhost', '2001:db8::9'], graphGroups: ['app', 'web'] },
  { name: 'YAML inventory', cwd: 'yaml', sources: ['inventory.yml'], hosts: ['top-host', 'db1', 'web1.example.com', 'web-extra'], graphGroups: ['both'] },
  { name: 'JSON read by the yaml plugin', cwd: 'json', sources: ['inventory.json'], hosts: ['w1', 'api-x'] },
  { name: 'directory of mixed sources', cwd: '.', sources: ['dir'], hosts: ['d-ini1', 'd-dyn1', 'legacy'], graphGroups: ['web'] },
  { name: 'dynamic script without _meta (--host per host)', cwd: 'script', sources: ['nometa.py'], hosts: ['s1', 's3'] },
  { name: 'group priorities and depth', cwd: 'priority', sources: ['hosts'], hosts: ['h1', 'h2'] },
  { name: 'comma host list', cwd: 'ini', sources: ['h1,h2:2222,[::1]:22,web[1:2],'], hosts: ['h2', '::1'] },
  { name: 'single host list', cwd: 'ini', sources: ['solo,'], hosts: ['solo'] },
  { name: 'several sources at once', cwd: '.', sources: ['ini/hosts', 'yaml/inventory.yml', 'dir', 'priority/hosts'], hosts: ['db1', 'lonely'] },
  { name: 'names: host = group, hosts directly in all, invalid group chars', cwd: 'edge', sources: ['names.yml', 'names.ini'], hosts: ['web', 'direct1', 'h0'] },
  { name: '--playbook-dir adds its group_vars and host_vars', cwd: 'ini', sources: ['hosts'], playbookDir: '../yaml', hosts: ['db-x', 'web01.example.com'], graphGroups: ['web'] },
  { name: 'missing source', cwd: 'ini', sources: ['no-such-inventory'], hosts: ['localhost'] },
  { name: 'script whose --host prints nothing (Ansible fails the source)', cwd: 'script', sources: ['emptyhost.py'] },
  { name: 'failing script', cwd: 'script', sources: ['failing.py'] },
  { name: 'broken INI line', cwd: 'bad', sources: ['novalue.ini', 'ok.ini'] },
  { name: 'INI undefined child group', cwd: 'bad', sources: ['undefined-child.ini'] },
  { name: 'YAML syntax error', cwd: 'bad', sources: ['broken.yml'] },
];

/** JS numbers carry no float-ness: Ansible's 1500.0 is kplay's 1500 (documented difference). */
function knownFloat(text: string): string {
  return text.replace(/(\d)\.0(?=[,\n}\s]|$)/g, '$1');
}

function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function squash(s: string): string {
  return s.replace(/\s+/g, '');
}

async function kplay(c: Case): Promise<{ loaded: LoadInventoryResult; opts: InventoryRenderOptions }> {
  const cwd = join(FIXTURES, c.cwd);
  const loaded = await loadInventory(c.sources, { cwd });
  return { loaded, opts: { cwd, ...(c.playbookDir ? { playbookDir: join(cwd, c.playbookDir) } : {}) } };
}

/** ansible-inventory with the case's sources and options. */
function reference(c: Case, args: string[]): ReturnType<typeof ansibleInventory> {
  const extra = c.playbookDir ? ['--playbook-dir', c.playbookDir] : [];
  return ansibleInventory(c.sources, [...args, ...extra], join(FIXTURES, c.cwd));
}

describe.concurrent.each(CASES)('ansible-inventory: $name', (c) => {
  it('--list gives the same JSON', async () => {
    const [a, { loaded, opts }] = await Promise.all([reference(c, ['--list']), kplay(c)]);
    expect(a.code).toBe(0);
    const mine = inventoryListJson(loaded.inventory, opts);
    expect(JSON.parse(mine)).toEqual(JSON.parse(a.stdout));
    // the text too: json.dumps(sort_keys=True, indent=4, ensure_ascii=False)
    expect(knownFloat(mine + '\n')).toBe(knownFloat(a.stdout));
  });

  it('--list --export gives the same JSON', async () => {
    const [a, { loaded, opts }] = await Promise.all([reference(c, ['--list', '--export']), kplay(c)]);
    expect(JSON.parse(inventoryListJson(loaded.inventory, { ...opts, export: true }))).toEqual(JSON.parse(a.stdout));
  });

  it('--list --yaml reads back (PyYAML) as the same data', async () => {
    const [a, { loaded, opts }] = await Promise.all([reference(c, ['--list', '--yaml']), kplay(c)]);
    const mine = await pyYamlToJson(inventoryListYaml(loaded.inventory, opts));
    expect(mine).toEqual(await pyYamlToJson(a.stdout));
  });

  it('--graph gives the same text', async () => {
    const [a, { loaded, opts }] = await Promise.all([reference(c, ['--graph']), kplay(c)]);
    expect(inventoryGraph(loaded.inventory, undefined, opts) + '\n').toBe(a.stdout);
  });

  it('--graph --vars gives the same text', async () => {
    const [a, { loaded, opts }] = await Promise.all([reference(c, ['--graph', '--vars']), kplay(c)]);
    expect(knownFloat(inventoryGraph(loaded.inventory, undefined, { ...opts, vars: true }) + '\n')).toBe(knownFloat(a.stdout));
  });

  it.each(c.graphGroups ?? [])('--graph %s', async (group) => {
    const [a, { loaded, opts }] = await Promise.all([reference(c, ['--graph', '--vars', group]), kplay(c)]);
    expect(knownFloat(inventoryGraph(loaded.inventory, group, { ...opts, vars: true }) + '\n')).toBe(knownFloat(a.stdout));
  });

  it.each(c.hosts ?? [])('--host %s', async (host) => {
    const [a, { loaded, opts }] = await Promise.all([reference(c, ['--host', host]), kplay(c)]);
    expect(a.code).toBe(0);
    expect(inventoryHostData(loaded.inventory, host, opts)).toEqual(JSON.parse(a.stdout));
  });

  it('warns as Ansible does', async () => {
    const [a, { loaded }] = await Promise.all([reference(c, ['--list']), kplay(c)]);
    // Ansible folds warnings at 80 columns, also inside words with hyphens: compare without blanks
    const theirs = ansibleWarnings(a.stderr).map(normalizeSpace);
    const mine = loaded.warnings.map(squash);
    for (const w of theirs) {
      const failed = /^\* Failed to parse (.+?) with (\w+) plugin: (.*)$/.exec(w);
      if (failed) {
        // same source, same plugin, same message start; kplay adds the offending line
        const head = squash(`* Failed to parse ${failed[1]} with ${failed[2]} plugin:`);
        const match = mine.find((m) => m.startsWith(head));
        expect(match, w).toBeDefined();
        if (failed[2] === 'ini' || failed[2] === 'script') expect(match).toContain(squash(failed[3]!).slice(0, 40));
      } else if (!w.startsWith('While constructing a mapping')) {
        expect(mine).toContain(squash(w));
      }
    }
    const failures = (ws: string[]): string[] => ws.filter((w) => w.startsWith('*Failed')).map((w) => w.split('plugin:')[0]!);
    expect(failures(mine)).toEqual(failures(theirs.map(squash)));
  });
});

describe('ansible-inventory with vaulted and unsafe values', () => {
  const c: Case = { name: 'vault', cwd: 'vault', sources: ['inventory.yml'] };
  it('--list writes them as AnsibleJSONEncoder does', async () => {
    const [a, { loaded, opts }] = await Promise.all([reference(c, ['--list']), kplay(c)]);
    expect(inventoryListJson(loaded.inventory, opts) + '\n').toBe(a.stdout);
  });
  it('--list --yaml writes them as AnsibleDumper does', async () => {
    const [a, { loaded, opts }] = await Promise.all([reference(c, ['--list', '--yaml']), kplay(c)]);
    expect(inventoryListYaml(loaded.inventory, opts)).toBe(a.stdout);
  });
});

describe('ansible-inventory errors', () => {
  it('--graph of an unknown group is an options error', async () => {
    const cwd = join(FIXTURES, 'ini');
    const [a, { loaded, opts }] = await Promise.all([ansibleInventory(['hosts'], ['--graph', 'nosuchgroup'], cwd), kplay({ name: '', cwd: 'ini', sources: ['hosts'] })]);
    expect(a.code).toBe(5);
    expect(a.stderr).toContain('Pattern must be valid group name when using --graph');
    expect(() => inventoryGraph(loaded.inventory, 'nosuchgroup', opts)).toThrow(OptionsError);
    expect(() => inventoryGraph(loaded.inventory, 'nosuchgroup', opts)).toThrow('Pattern must be valid group name when using --graph');
  });

  it('--host with a pattern matching several hosts is an options error', async () => {
    const cwd = join(FIXTURES, 'ini');
    const [a, { loaded, opts }] = await Promise.all([ansibleInventory(['hosts'], ['--host', 'web0*'], cwd), kplay({ name: '', cwd: 'ini', sources: ['hosts'] })]);
    expect(a.code).toBe(5);
    expect(a.stderr).toContain('You must pass a single valid host to --host parameter');
    expect(() => inventoryHostData(loaded.inventory, 'web0*', opts)).toThrow('You must pass a single valid host to --host parameter');
  });
});
