import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalConnection } from '../../../connection/local.js';
import { ValidationError, writeAtomic } from './atomic-write.js';
import { desiredMode, ModeError } from './mode.js';
import { isLink, isReg, statRemote } from './remote-stat.js';

/* Ansible's own _symbolic_mode_to_octal (umask 022), for the same inputs. */
function ansibleModes(cases: Array<[string, number, boolean]>): number[] {
  const script = `
import json, sys, os
os.umask(0o022)
from ansible.module_utils.basic import AnsibleModule
class St:
    def __init__(s, m): s.st_mode = m
out = []
for sym, cur, isdir in json.load(sys.stdin):
    try: out.append(AnsibleModule._symbolic_mode_to_octal(St(cur | (0o040000 if isdir else 0o100000)), sym))
    except Exception: out.append(-1)
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(cases) }).toString()) as number[];
}

describe('symbolic modes as Ansible computes them', () => {
  const cases: Array<[string, number, boolean]> = [
    ['u=rw,g=r,o=r', 0o600, false],
    ['u+x', 0o644, false],
    ['+x', 0o644, false],
    ['a-w', 0o777, false],
    ['go-rwx', 0o755, true],
    ['u=rwX,g=rX,o=', 0o600, true],
    ['u=rwX,g=rX,o=', 0o600, false],
    ['u=rwX,g=rX,o=', 0o700, false],
    ['g=u', 0o750, false],
    ['o=g-w', 0o775, false],
    ['u+s,g+s,o+t', 0o755, true],
    ['u=rw-x+X', 0o644, true],
    ['=r', 0o777, false],
    ['ug=rw', 0o000, false],
    ['z=rw', 0o644, false],
    ['u=q', 0o644, false],
  ];
  it('matches _symbolic_mode_to_octal', () => {
    const ours = cases.map(([s, cur, dir]) => {
      try {
        return desiredMode(s, cur, dir);
      } catch (e) {
        expect(e).toBeInstanceOf(ModeError);
        return -1;
      }
    });
    expect(ours).toEqual(ansibleModes(cases));
  });
  it('reads ints as bits and strings as octal', () => {
    expect(desiredMode(420, 0, false)).toBe(0o644);
    expect(desiredMode('0644', 0, false)).toBe(0o644);
    expect(desiredMode('755', 0, false)).toBe(0o755);
    expect(desiredMode('0o600', 0, false)).toBe(0o600);
    expect(desiredMode(null, 0, false)).toBeUndefined();
  });
});

describe('remote stat and atomic write (local connection)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-files-'));
  const conn = new LocalConnection();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hostile = join(dir, "a b 'q' $(x) `y` \n ü -dash");

  it('writes hostile names and content byte-exact, then stats them', async () => {
    const data = Buffer.from("line1\n$(echo no) `no` 'x' \"y\" ü\n\0binary\xff", 'latin1');
    const w = await writeAtomic(conn, hostile, data);
    expect(readFileSync(hostile)).toEqual(data);
    expect(w.stat && isReg(w.stat)).toBe(true);
    expect(w.stat?.size).toBe(data.length);
    expect(statSync(hostile).mode & 0o777).toBe(0o644);
    const st = await statRemote(conn, hostile, { checksum: 'sha1' });
    expect(st?.checksum).toBe(execFileSync('sha1sum', { input: data }).toString().split(' ')[0]);
    expect(st?.path).toBe(hostile);
  });

  it('keeps an existing file mode, makes a backup, and rejects invalid content', async () => {
    const p = join(dir, 'keep');
    writeFileSync(p, 'old\n', { mode: 0o600 });
    const w = await writeAtomic(conn, p, Buffer.from('new\n'), { backup: true });
    expect(statSync(p).mode & 0o777).toBe(0o600);
    expect(w.backupFile).toMatch(/keep\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
    expect(readFileSync(w.backupFile!, 'utf8')).toBe('old\n');
    await expect(writeAtomic(conn, p, Buffer.from('bad\n'), { validate: 'grep -q good %s' })).rejects.toBeInstanceOf(ValidationError);
    expect(readFileSync(p, 'utf8')).toBe('new\n');
    await writeAtomic(conn, p, Buffer.from('good\n'), { validate: 'grep -q good %s' });
    expect(readFileSync(p, 'utf8')).toBe('good\n');
  });

  it('stats links without following, and absent paths', async () => {
    const l = join(dir, 'link\nname');
    symlinkSync('target\nwith newline', l);
    const st = await statRemote(conn, l);
    expect(st && isLink(st)).toBe(true);
    expect(st?.lnkTarget).toBe('target\nwith newline');
    expect(await statRemote(conn, l, { follow: true })).toBeUndefined();
    expect(await statRemote(conn, join(dir, 'nope'))).toBeUndefined();
  });
});
