import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModprobeFiles } from './modprobe.js';

/*
 * This kernel has no loadable modules (no /proc/modules), so neither tool gets past "is it loaded"
 * on a test host. The persistence logic is compared here against community.general's own
 * Modprobe class, run by python3 on temporary directories.
 */
const MODULE = '/usr/lib/python3/dist-packages/ansible_collections/community/general/plugins/modules/modprobe.py';

const PY = `
import sys, json, os, tempfile
from ansible_collections.community.general.plugins.modules import modprobe as m
results = []
for case in json.load(sys.stdin):
  root = tempfile.mkdtemp()
  m.MODULES_LOAD_LOCATION = root + '/load'
  m.PARAMETERS_FILES_LOCATION = root + '/opts'
  for d, key in (('/load', 'load'), ('/opts', 'opts')):
      os.makedirs(root + d)
      for name, text in case[key].items():
          open(root + d + '/' + name, 'w').write(text)
  class Fake:
      check_mode = False
      params = dict(name=case['name'], params=case['params'], state='present', persistent=case['persistent'])
      def get_bin_path(self, *a, **k): return '/sbin/modprobe'
  mp = m.Modprobe(Fake())
  if mp.persistent == 'present' and not (mp.module_is_loaded_persistently and mp.params_is_set):
      mp.load_module_permanent()
  elif mp.persistent == 'absent' and (mp.module_is_loaded_persistently or mp.permanent_params):
      mp.unload_module_permanent()
  out = {'changed': mp.changed}
  for d, key in (('/load', 'load'), ('/opts', 'opts')):
      out[key] = {n: open(root + d + '/' + n).read() for n in sorted(os.listdir(root + d))}
  results.append(out)
print(json.dumps(results))
`;

interface Case {
  name: string;
  params: string;
  persistent: 'present' | 'absent';
  load: Record<string, string>;
  opts: Record<string, string>;
}

function kplay(c: Case): { changed: boolean; load: Record<string, string>; opts: Record<string, string> } {
  const load = new Map(Object.entries(c.load).map(([n, t]) => [`/etc/modules-load.d/${n}`, t]));
  const opts = new Map(Object.entries(c.opts).map(([n, t]) => [`/etc/modprobe.d/${n}`, t]));
  const files = new ModprobeFiles(c.name, c.params, load, opts);
  const needed = c.persistent === 'present' ? !(files.loadedPersistently && files.paramsSet) : files.loadedPersistently || files.permanentParams.size > 0;
  const writes = needed ? files.plan(c.persistent) : new Map<string, string>();
  for (const [path, text] of writes) (path.startsWith('/etc/modules-load.d/') ? load : opts).set(path, text);
  const byName = (m: Map<string, string>): Record<string, string> => Object.fromEntries([...m].map(([p, t]) => [p.slice(p.lastIndexOf('/') + 1), t]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
  return { changed: writes.size > 0, load: byName(load), opts: byName(opts) };
}

const CASES: Case[] = [
  { name: 'br_netfilter', params: '', persistent: 'present', load: {}, opts: {} },
  { name: 'overlay', params: '', persistent: 'present', load: { 'k8s.conf': 'overlay\nbr_netfilter\n' }, opts: {} },
  { name: 'dummy', params: 'numdummies=2', persistent: 'present', load: { 'dummy.conf': 'dummy\n' }, opts: {} },
  { name: 'dummy', params: 'numdummies=2', persistent: 'present', load: { 'dummy.conf': 'dummy\n' }, opts: { 'dummy.conf': 'options dummy numdummies=2\n' } },
  { name: 'dummy', params: 'numdummies=3 foo=1', persistent: 'present', load: { 'dummy.conf': 'dummy # comment\n' }, opts: { 'old.conf': 'options dummy numdummies=2\nblacklist x\n' } },
  { name: 'dummy', params: '', persistent: 'absent', load: { 'dummy.conf': 'dummy\n', 'other.conf': 'x\n dummy ;c\ny\n' }, opts: { 'dummy.conf': 'options dummy numdummies=2\n' } },
  { name: 'dummy', params: '', persistent: 'absent', load: { 'other.conf': 'x\n' }, opts: {} },
];

describe.skipIf(!existsSync(MODULE))('modprobe persistence matches community.general.modprobe', () => {
  it('gives the same files and changed flag for every case', () => {
    const py = spawnSync('python3', ['-c', PY], { input: JSON.stringify(CASES), encoding: 'utf8', env: { ...process.env, PYTHONPATH: '/usr/lib/python3/dist-packages' } });
    expect(py.status, py.stderr).toBe(0);
    const expected = JSON.parse(py.stdout) as unknown[];
    CASES.forEach((c, i) => expect(kplay(c), `case ${i}`).toEqual(expected[i]));
  });
});
