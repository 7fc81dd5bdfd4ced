import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Connection, ExecOptions, ExecResult } from '../../connection/types.js';
import { type ListedEntry, normpath, osWalk } from './find-listing.js';
import { fnmatch } from './fnmatch.js';
import { curlConfig, formUrlencode, httpRequest } from './http-client.js';

const GLOBS: Array<[string, string]> = [
  ['a.txt', '*.txt'],
  ['.hidden', '*'],
  ['a.TXT', '*.txt'],
  ['ab', 'a?'],
  ['a]', 'a[]]'],
  ['a-', 'a[!b]'],
  ['ab', 'a[!b]'],
  ['a[', 'a['],
  ['a\\b', 'a\\b'],
  ['x5', 'x[0-9]'],
  ['x5', 'x[9-0]'],
  ['line\nbreak', '*break'],
];

describe('fnmatch', () => {
  it('agrees with Python fnmatch.fnmatch', () => {
    const py = JSON.parse(execFileSync('python3', ['-c', 'import fnmatch,json,sys; print(json.dumps([fnmatch.fnmatch(n, p) for n, p in json.load(sys.stdin)]))'], { input: JSON.stringify(GLOBS) }).toString()) as boolean[];
    expect(GLOBS.map(([n, p]) => fnmatch(n, p))).toEqual(py);
  });
});

describe('find listing', () => {
  it('normalizes paths as os.path.normpath', () => {
    expect(['/a//b/./c/', 'a/../../b', '//x/y', '///x', ''].map(normpath)).toEqual(['/a/b/c', '../b', '//x/y', '/x', '.']);
  });

  it('re-walks entries in os.walk order: files, then dirs, then each dir depth-first', () => {
    const e = (path: string, type: string, targetType = type): ListedEntry => ({ path, depth: 0, type, targetType, mode: 0, uid: 0, gid: 0, size: 0, inode: 0, nlink: 1, dev: 0, atime: 0, mtime: 0, ctime: 0, owner: '', group: '' });
    const listing = [e('/r/d1', 'd'), e('/r/d1/x', 'f'), e('/r/f1', 'f'), e('/r/ln', 'l', 'd'), e('/r/d2', 'd'), e('/r/d2/y', 'f')];
    const order = [...osWalk('/r/', listing, false)].flatMap((w) => w.items.map((i) => i.path));
    expect(order).toEqual(['/r/f1', '/r/d1', '/r/ln', '/r/d2', '/r/d1/x', '/r/d2/y']);
  });
});

describe('http on the host', () => {
  it('keeps the URL, credentials and headers out of the command line', async () => {
    const commands: string[] = [];
    const stdins: string[] = [];
    const fake: Connection = {
      exec(command: string, opts?: ExecOptions): Promise<ExecResult> {
        commands.push(command);
        if (opts?.stdin !== undefined) stdins.push(String(opts.stdin));
        const stdout = command.startsWith('command -v curl') ? '/tmp/kplay.x\n' : command.includes('curl -K -') ? '@@RC 0\nhttp://h/\n@@ERR\n@@HEADERS\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n@@BODY\n' : '';
        return Promise.resolve({ stdout, stderr: '', code: 0 });
      },
      putFile: () => Promise.resolve(),
      getFile: () => Promise.resolve(Buffer.alloc(0)),
      close: () => Promise.resolve(),
    };
    const r = await httpRequest(fake, { url: 'http://u:urlpass@h/', method: 'GET', headers: { 'X-Token': 'tok"en\\' }, timeoutSeconds: 5, username: 'alice', password: 'p4ss"word', forceBasicAuth: true, followRedirects: 'safe', validateCerts: true, userAgent: 'ansible-httpget', decompress: true });
    expect(r.status).toBe(200);
    for (const secret of ['urlpass', 'p4ss', 'tok']) expect(commands.join('\n')).not.toContain(secret);
    expect(stdins.join('\n')).toContain('user = "alice:p4ss\\"word"');
    expect(stdins.join('\n')).toContain('header = "X-Token: tok\\"en\\\\"');
  });

  it('writes curl config lines for redirects and auth as Ansible would request them', () => {
    const base = { url: 'http://h/', headers: {}, timeoutSeconds: 5, forceBasicAuth: false, validateCerts: false, userAgent: 'a', decompress: false };
    expect(curlConfig({ ...base, method: 'POST', followRedirects: 'safe' }, undefined)).not.toContain('location');
    expect(curlConfig({ ...base, method: 'GET', followRedirects: 'safe' }, undefined)).toContain('location');
    expect(curlConfig({ ...base, method: 'GET', followRedirects: 'none', username: 'u' }, '/t/b')).toMatch(/insecure[\s\S]*anyauth[\s\S]*data-binary = "@\/t\/b"/);
  });

  it('url-encodes forms as urllib.parse.urlencode', () => {
    expect(formUrlencode({ a: 'b c', d: "&=?!'~", t: true })).toBe('a=b+c&d=%26%3D%3F%21%27~&t=True');
  });
});
