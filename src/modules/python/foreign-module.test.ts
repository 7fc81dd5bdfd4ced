/*
 * Python modules run through a local shell standing in for the host: resolution order,
 * payload contents and each module style, against the machine's python3 and, when installed,
 * ansible-core and Debian's collections.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModuleContext } from '../types.js';
import { controllerAnsibleDir } from './controller-paths.js';
import { foreignModule, type ForeignModuleRequest } from './foreign-module.js';
import { ModuleFinder } from './module-finder.js';
import { ModuleUtilsFinder, importedNames } from './module-utils.js';
import { parseModuleOutput } from './parse-result.js';

const ROOT = mkdtempSync(join(tmpdir(), 'kplay-pymod-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));
const HAS_ANSIBLE = controllerAnsibleDir() !== undefined;
const HAS_DEBIAN_COLLECTIONS = existsSync('/usr/lib/python3/dist-packages/ansible_collections/community/general');

function write(path: string, text: string | Buffer, mode = 0o644): void {
  mkdirSync(dirname(join(ROOT, path)), { recursive: true });
  writeFileSync(join(ROOT, path), text);
  chmodSync(join(ROOT, path), mode);
}

const NEW_STYLE = (tag: string): string =>
  `#!/usr/bin/python\nfrom ansible.module_utils.basic import AnsibleModule\nm = AnsibleModule(argument_spec=dict(x=dict(type='int', default=1)), supports_check_mode=True)\nm.exit_json(changed=not m.check_mode, tag='${tag}', x=m.params['x'], check=m.check_mode, diff_mode=m._diff)\n`;

write('pb/roles/r/library/same.py', NEW_STYLE('role'));
write('pb/roles/other/library/fromother.py', NEW_STYLE('other-role'));
write('pb/library/same.py', NEW_STYLE('playbook'));
write('pb/library/onlypb.py', NEW_STYLE('playbook-only'));
write('envlib/onlyenv.py', NEW_STYLE('env-library'));
write('pb/library/wantjson.py', `#!/usr/bin/python\n# WANT_JSON\nimport json, sys\nargs = json.load(open(sys.argv[1]))\nprint(json.dumps({'changed': False, 'got': args['greeting'], 'check': args['_ansible_check_mode']}))\n`);
write('pb/library/kv.sh', `#!/bin/sh\n. "$1"\necho "{\\"changed\\": true, \\"who\\": \\"$who\\"}"\n`);
write('pb/library/boom.py', `#!/usr/bin/python\nfrom ansible.module_utils.basic import AnsibleModule\nraise RuntimeError('exploded')\n`);
write('pb/library/noisy.py', `#!/usr/bin/python\n# WANT_JSON\nprint('hello from the module')\nprint('{"changed": false, "ok": 1}')\nprint('trailing junk')\n`);
write('coll/ansible_collections/acme/tools/plugins/modules/thing.py', `from ..module_utils.helper import VALUE\nfrom ansible_collections.acme.tools.plugins.module_utils.sub.deep import DEEP\nfrom ansible.module_utils.basic import AnsibleModule\nm = AnsibleModule(argument_spec={})\nm.exit_json(changed=False, value=VALUE, deep=DEEP)\n`);
write('coll/ansible_collections/acme/tools/plugins/module_utils/helper.py', `from .sub import deep\nVALUE = 'helper:' + deep.DEEP\n`);
write('coll/ansible_collections/acme/tools/plugins/module_utils/sub/__init__.py', '');
write('coll/ansible_collections/acme/tools/plugins/module_utils/sub/deep.py', `DEEP = 'deep'\n`);
write('coll/ansible_collections/acme/tools/meta/runtime.yml', `plugin_routing:\n  modules:\n    old_thing:\n      redirect: acme.tools.thing\n    gone:\n      tombstone:\n        removal_version: 2.0.0\n        warning_text: Use acme.tools.thing.\n`);

/* A "binary" module: a zip application (not text), run directly through its #! line. */
function zipapp(): Buffer {
  const dir = join(ROOT, 'zipapp-src');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '__main__.py'), `import json, sys\nargs = json.load(open(sys.argv[1]))\nprint(json.dumps({'changed': False, 'binary': True, 'n': args['n']}))\n`);
  const out = join(ROOT, 'app.pyz');
  spawnSync('python3', ['-m', 'zipapp', dir, '-o', out, '-p', '/usr/bin/env python3']);
  return readFileSync(out);
}
write('pb/library/binmod', zipapp(), 0o755);

const ENV = { ANSIBLE_LIBRARY: join(ROOT, 'envlib'), ANSIBLE_COLLECTIONS_PATH: join(ROOT, 'coll'), HOME: ROOT };

interface RequestOptions {
  readonly collections?: readonly string[];
  readonly configFile?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Roles loaded so far, in load order: their library/ dirs join the search. */
  readonly roles?: readonly string[];
}

function request(name: string, extra: RequestOptions = {}): ForeignModuleRequest {
  const finder = new ModuleFinder(join(ROOT, 'pb'), extra.configFile, extra.env ?? ENV);
  for (const r of extra.roles ?? []) finder.addPluginDirs(r);
  return { name, finder, collections: extra.collections ?? [] };
}

function localContext(opts: { checkMode?: boolean; vars?: Record<string, unknown>; calls?: string[] } = {}): ModuleContext {
  return {
    hostName: 'local',
    checkMode: opts.checkMode ?? false,
    diff: false,
    verbosity: 0,
    template: (v) => v,
    conditional: () => true,
    lookupVar: (n) => opts.vars?.[n],
    connection: () =>
      Promise.resolve({
        exec: (cmd: string, o?: { stdin?: string | Buffer }) => {
          opts.calls?.push('exec');
          const r = spawnSync('/bin/sh', ['-c', cmd], { input: o?.stdin ?? '' });
          return Promise.resolve({ stdout: r.stdout.toString(), stderr: r.stderr.toString(), code: r.status });
        },
        putFile: (path: string, data: Buffer, mode?: number) => {
          opts.calls?.push('put');
          writeFileSync(path, data, { mode: mode ?? 0o600 });
          return Promise.resolve();
        },
        getFile: (path: string) => Promise.resolve(readFileSync(path)),
        close: () => Promise.resolve(),
      }),
  };
}

async function run(name: string, args: Record<string, unknown> = {}, extra: RequestOptions = {}, ctx = localContext()): Promise<Record<string, unknown>> {
  const found = foreignModule(request(name, extra));
  if (!found) throw new Error(`${name} not resolved`);
  return found.definition(false).run(args, ctx);
}

describe('module resolution', () => {
  it("searches the playbook's library/, then loaded roles' in load order (any role's, not only the task's), then ANSIBLE_LIBRARY", () => {
    const role = join(ROOT, 'pb/roles/r');
    const other = join(ROOT, 'pb/roles/other');
    // ansible-playbook: the playbook dir is added first, so its library/ wins over a role's.
    expect(foreignModule(request('same', { roles: [role] }))?.source).toBe(join(ROOT, 'pb/library/same.py'));
    expect(foreignModule(request('fromother', { roles: [role, other] }))?.source).toBe(join(other, 'library/fromother.py'));
    expect(foreignModule(request('fromother', { roles: [role] }))).toBeUndefined();
    expect(foreignModule(request('onlyenv'))?.source).toBe(join(ROOT, 'envlib/onlyenv.py'));
    expect(foreignModule(request('no_such_module_anywhere'))).toBeUndefined();
  });

  it('the first role loaded wins for a name two roles hold', () => {
    write('pb/roles/a/library/dup.py', NEW_STYLE('a'));
    write('pb/roles/b/library/dup.py', NEW_STYLE('b'));
    const [a, b] = [join(ROOT, 'pb/roles/a'), join(ROOT, 'pb/roles/b')];
    expect(foreignModule(request('dup', { roles: [b, a] }))?.source).toBe(join(b, 'library/dup.py'));
    expect(foreignModule(request('dup', { roles: [a, b] }))?.source).toBe(join(a, 'library/dup.py'));
  });

  it('a finder sees roles added after an earlier lookup (the loader adds them as it loads roles)', () => {
    const finder = new ModuleFinder(join(ROOT, 'pb'), undefined, ENV);
    expect(finder.resolves('fromother', [])).toBe(false);
    finder.addPluginDirs(join(ROOT, 'pb/roles/other'));
    finder.addPluginDirs(join(ROOT, 'pb/roles/other'));
    expect(finder.resolves('fromother', [])).toBe(true);
    expect(finder.libraryDirs()).toEqual([join(ROOT, 'pb/library'), join(ROOT, 'pb/roles/other/library')]);
  });

  it("reads `library =` from ansible.cfg, relative to the file", () => {
    write('cfgdir/ansible.cfg', '[defaults]\nlibrary = ./cfglib:/nonexistent\n');
    write('cfgdir/cfglib/fromcfg.py', NEW_STYLE('cfg'));
    const found = foreignModule(request('fromcfg', { configFile: join(ROOT, 'cfgdir/ansible.cfg'), env: { HOME: ROOT } }));
    expect(found?.source).toBe(join(ROOT, 'cfgdir/cfglib/fromcfg.py'));
  });

  it('finds collection modules by FQCN, through the collections keyword, and follows runtime.yml redirects', () => {
    const thing = join(ROOT, 'coll/ansible_collections/acme/tools/plugins/modules/thing.py');
    expect(foreignModule(request('acme.tools.thing'))?.source).toBe(thing);
    expect(foreignModule(request('thing', { collections: ['acme.tools'] }))?.source).toBe(thing);
    expect(foreignModule(request('acme.tools.old_thing'))?.source).toBe(thing);
  });

  it('fails a tombstoned module with its removal text', async () => {
    const r = await run('acme.tools.gone');
    expect(r).toMatchObject({ failed: true, msg: 'acme.tools.gone has been removed. Use acme.tools.thing.' });
  });

  it.skipIf(!HAS_DEBIAN_COLLECTIONS)("routes ansible-core's short names to Debian's collections (ini_file → community.general)", () => {
    expect(foreignModule(request('ini_file', { env: { HOME: ROOT } }))?.source).toBe('/usr/lib/python3/dist-packages/ansible_collections/community/general/plugins/modules/ini_file.py');
    expect(foreignModule(request('ansible.builtin.getent', { env: { HOME: ROOT } }))?.source).toMatch(/ansible\/modules\/getent\.py$/);
  });
});

describe('payload', () => {
  it('reads imports, relative ones included', () => {
    const src = 'from ..module_utils.a import b, c\nfrom ansible.module_utils.common \\\n    import text\nimport ansible.module_utils.basic as basic\nfrom ansible.module_utils.six.moves import (\n  configparser,\n  urllib)\nimport os, json\n';
    const names = importedNames(src, 'ansible_collections.ns.coll.plugins.modules');
    expect(names).toEqual(expect.arrayContaining(['ansible_collections.ns.coll.plugins.module_utils.a', 'ansible_collections.ns.coll.plugins.module_utils.a.b', 'ansible.module_utils.basic', 'ansible.module_utils.six.moves.urllib', 'ansible.module_utils.common.text']));
    expect(names.some((n) => n === 'os' || n === 'json')).toBe(false);
  });

  it.skipIf(!HAS_ANSIBLE)("holds the module_utils a collection module needs, from its collection and ansible-core's", () => {
    const finder = new ModuleUtilsFinder([join(ROOT, 'coll')]);
    finder.addModuleSource(readFileSync(join(ROOT, 'coll/ansible_collections/acme/tools/plugins/modules/thing.py'), 'utf8'), 'ansible_collections.acme.tools.plugins.modules.thing');
    const files = [...finder.result().keys()];
    expect(files).toEqual(expect.arrayContaining(['ansible_collections/acme/tools/plugins/module_utils/helper.py', 'ansible_collections/acme/tools/plugins/module_utils/sub/deep.py', 'ansible/module_utils/basic.py', 'ansible/module_utils/common/text/converters.py']));
    expect(files).not.toContain('ansible/__init__.py');
  });
});

describe.skipIf(!HAS_ANSIBLE)('running on the host', () => {
  it('runs a new-style module with its arguments as JSON, check mode passed as _ansible_check_mode', async () => {
    expect(await run('onlypb', { x: '7' })).toMatchObject({ changed: true, tag: 'playbook-only', x: 7, check: false, invocation: { module_args: { x: 7 } } });
    expect(await run('onlypb', {}, {}, localContext({ checkMode: true }))).toMatchObject({ changed: false, check: true });
  });

  it("reports the discovered interpreter as Ansible does, and uses ansible_python_interpreter when set", async () => {
    const discovered = await run('onlypb');
    expect((discovered['ansible_facts'] as Record<string, unknown>)['discovered_interpreter_python']).toMatch(/python/);
    const set = await run('onlypb', {}, {}, localContext({ vars: { ansible_python_interpreter: '/usr/bin/python3' } }));
    expect(set['ansible_facts']).toBeUndefined();
  });

  it('runs a module whose module_utils come from its collection (relative imports)', async () => {
    expect(await run('acme.tools.thing')).toMatchObject({ changed: false, value: 'helper:deep', deep: 'deep' });
  });

  it('runs old-style modules: WANT_JSON with a JSON file, others with key=value words', async () => {
    expect(await run('wantjson', { greeting: "it's" })).toMatchObject({ got: "it's", check: false });
    expect(await run('kv', { who: 'a b; echo pwned' })).toMatchObject({ changed: true, who: 'a b; echo pwned' });
  });

  it('runs a binary module directly with a JSON arguments file', async () => {
    expect(await run('binmod', { n: 3 })).toMatchObject({ binary: true, n: 3 });
  });

  it.skipIf(spawnSync('gcc', ['--version']).status !== 0)('runs a compiled C module in one command: arguments file as argv[1], JSON as Python writes it', async () => {
    const source = join(dirname(fileURLToPath(import.meta.url)), '../../../test/compat/cases/py-binary-module/files/binmod.c');
    mkdirSync(join(ROOT, 'pb/library'), { recursive: true });
    expect(spawnSync('gcc', ['-O1', '-o', join(ROOT, 'pb/library/cbinmod'), source]).status).toBe(0);
    const calls: string[] = [];
    expect(await run('cbinmod', { greeting: 'héllo' }, {}, localContext({ calls }))).toMatchObject({ changed: true, greeting: 'héllo', check: false, args_file_named: true });
    expect(calls).toEqual(['exec']);
    expect(await run('cbinmod', {}, {}, localContext({ checkMode: true }))).toMatchObject({ failed: true, check: true, msg: 'missing required arguments: greeting' });
  });

  it('turns a traceback into MODULE FAILURE with the output kept', async () => {
    const r = await run('boom');
    expect(r).toMatchObject({ failed: true, msg: 'MODULE FAILURE\nSee stdout/stderr for the exact error', rc: 1 });
    expect(String(r['module_stderr'])).toContain('RuntimeError: exploded');
  });

  it('keeps JSON surrounded by noise, warning about what follows it', async () => {
    const r = await run('noisy');
    expect(r).toMatchObject({ ok: 1, warnings: ['Module invocation had junk after the JSON data: trailing junk\n'] });
  });

  it('fails clearly on a host without that interpreter: module, host, no native implementation', async () => {
    const r = await run('onlypb', {}, {}, localContext({ vars: { ansible_python_interpreter: '/nonexistent/python9' } }));
    expect(r['failed']).toBe(true);
    expect(r['rc']).toBe(127);
    expect(String(r['msg'])).toMatch(/The module 'onlypb' .* needs Python on host 'local', which has none \(looked for \/nonexistent\/python9\)\. kplay has no native implementation of 'onlypb'/);
  });
});

describe('result parsing', () => {
  it('says the interpreter is missing when the shell could not find it', () => {
    const r = parseModuleOutput('', '/bin/sh: 1: /usr/bin/python3: not found\n', 127, '/usr/bin/python3');
    expect(r['msg']).toBe('The module failed to execute correctly, you probably need to set the interpreter.\nSee stdout/stderr for the exact error');
  });
});

/* Every tenth module of ansible-core and the big collections: its payload alone must import (module_utils complete). */
describe.skipIf(!HAS_ANSIBLE || !HAS_DEBIAN_COLLECTIONS)('payloads of installed modules', () => {
  it('import from the zip alone, with nothing else of ansible on the path', async () => {
    const { buildPayload } = await import('./payload.js');
    const { readdirSync } = await import('node:fs');
    const base = '/usr/lib/python3/dist-packages';
    const sets: Array<[string, string]> = [
      [join(base, 'ansible/modules'), 'ansible.modules'],
      [join(base, 'ansible_collections/community/general/plugins/modules'), 'ansible_collections.community.general.plugins.modules'],
      [join(base, 'ansible_collections/ansible/posix/plugins/modules'), 'ansible_collections.ansible.posix.plugins.modules'],
      [join(base, 'ansible_collections/kubernetes/core/plugins/modules'), 'ansible_collections.kubernetes.core.plugins.modules'],
    ];
    const jobs: Array<[string, string]> = [];
    for (const [dir, pkg] of sets) {
      const names = readdirSync(dir).filter((f) => f.endsWith('.py') && f !== '__init__.py').sort();
      for (const f of names.filter((_, i) => i % 10 === 0)) {
        const pythonName = `${pkg}.${f.slice(0, -3)}`;
        const p = buildPayload({ resolvedName: pythonName, file: join(dir, f), pythonName }, [base]);
        if (p.style !== 'new') continue;
        const zip = join(ROOT, `${pythonName}.zip`);
        writeFileSync(zip, p.data);
        jobs.push([zip, pythonName]);
      }
    }
    const script = `
import importlib, json, sys
failed = {}
for z, mod in json.load(sys.stdin):
    for k in [k for k in sys.modules if k == 'ansible' or k.startswith(('ansible.', 'ansible_collections'))]:
        del sys.modules[k]
    sys.path[:0] = [z]
    importlib.invalidate_caches()
    try:
        importlib.import_module(mod)
    except ImportError as e:
        if 'ansible' in str(e):
            failed[mod] = str(e)
    except Exception:
        pass
    sys.path.remove(z)
print(json.dumps(failed))
`;
    const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(jobs), encoding: 'utf8', cwd: ROOT });
    expect(jobs.length).toBeGreaterThan(40);
    expect(JSON.parse(r.stdout)).toEqual({});
  }, 120_000);
});
