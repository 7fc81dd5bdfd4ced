import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type KeyRequest, mergeKeys, parseKeyOptions } from './authorized-keys-file.js';

/* The merge is compared with ansible.posix's own enforce_state, run in check mode on a temporary file. */
const MODULE_DIR = '/usr/lib/python3/dist-packages/ansible_collections/ansible/posix/plugins/modules';

const PY = `
import json, os, sys, tempfile
sys.path.insert(0, ${JSON.stringify(MODULE_DIR)})
import authorized_key as ak
class Fail(Exception): pass
class M:
    check_mode = True
    _diff = True
    def fail_json(self, **kw): raise Fail(kw['msg'])
out = []
for s in json.load(sys.stdin):
    fd, p = tempfile.mkstemp(); os.write(fd, s['existing'].encode()); os.close(fd)
    params = dict(user='root', key=s['key'], path=p, manage_dir=True, state='present' if s['present'] else 'absent',
                  key_options=s['keyOptions'], exclusive=s['exclusive'], comment=s['comment'], follow=False)
    try:
        r = ak.enforce_state(M(), params)
        out.append({'write': r['diff']['after']} if r.get('changed') else {})
    except Fail as e:
        out.append({'error': str(e)})
    os.unlink(p)
print(json.dumps(out))
`;

type Scenario = KeyRequest & { readonly existing: string };
const base = { present: true, keyOptions: null, exclusive: false, comment: null };

const SCENARIOS: Scenario[] = [
  // Comments, blanks, a duplicate key and an invalid line: ranks collide and insertion order decides.
  { ...base, existing: '# head\n\nssh-rsa AAA1 one\nssh-rsa AAA1 dup\n\nno-pty,from="a,b"  ssh-ed25519 BBB2   spaced   comment\nbogus line\n', key: 'ssh-ed25519 CCC3 new\nssh-rsa AAA1 dup' },
  // The same options in another order match.
  { ...base, existing: 'from="a,b",no-pty ssh-ed25519 BBB2 c\n', key: 'ssh-ed25519 BBB2 c', keyOptions: 'no-pty,from="a,b"' },
  { ...base, existing: 'ssh-ed25519 BBB2 c\nssh-rsa AAA1\n# x\n', key: 'ssh-rsa AAA1\nssh-dss DDD4 d', exclusive: true },
  // Absent matches by blob alone.
  { ...base, existing: 'ssh-ed25519 BBB2 c\nssh-rsa AAA1 x\n', key: 'ssh-rsa AAA1 other\nssh-ed25519 ZZZ', present: false },
  { ...base, existing: '', key: `ssh-rsa AAA1 a \\# b\n#skip\nenvironment="X=1",command="echo 'a b'" ssh-rsa EEE5 z`, comment: 'new c' },
  { ...base, existing: 'ssh-rsa AAA1 a', key: 'bad key' },
  { ...base, existing: 'ssh-rsa AAA1 a\nssh-rsa BBB2 b\n', key: 'ssh-rsa BBB2 changed\nssh-rsa NEW1 n\nssh-rsa AAA1 a' },
  // A file without its final newline is only rewritten when a key changes.
  { ...base, existing: 'ssh-rsa AAA1 a', key: 'ssh-rsa AAA1 a' },
];

describe('authorized_key merge', () => {
  it.skipIf(!existsSync(`${MODULE_DIR}/authorized_key.py`))('writes what ansible.posix.authorized_key writes', () => {
    const py = spawnSync('/usr/bin/python3', ['-c', PY], { input: JSON.stringify(SCENARIOS), encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const expected = JSON.parse(py.stdout) as unknown[];
    expect(SCENARIOS.map((s) => mergeKeys(s.existing, s))).toEqual(expected);
  });

  it('keeps the new key after the existing ones, with a space before an empty comment', () => {
    expect(mergeKeys('# keys\n', { ...base, key: 'ssh-ed25519 AAAA' })).toEqual({ write: '# keys\nssh-ed25519 AAAA \n' });
  });

  it('splits options on commas outside quotes', () => {
    expect(parseKeyOptions('no-pty,from="a,b",,command=\'x,y\'')).toEqual([
      ['no-pty', null],
      ['from', '"a,b"'],
      [',,', null],
      ['command', "'x,y'"],
    ]);
  });
});
