import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked';

interface Entry {
  readonly marker: '' | '@revoked' | '@cert-authority';
  readonly patterns: readonly string[];
  readonly key: string;
}

/** OpenSSH's name for a host in known_hosts: `host`, or `[host]:port` off port 22. */
function hostToken(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(name);
}

function hashedMatch(pattern: string, name: string): boolean {
  const parts = pattern.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2]!, 'base64');
  const digest = createHmac('sha1', salt).update(name).digest('base64');
  return digest === parts[3];
}

function patternsMatch(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('|')) {
      if (hashedMatch(p, name)) matched = true;
    } else if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

function parse(text: string): Entry[] {
  const out: Entry[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const fields = t.split(/\s+/);
    let marker: Entry['marker'] = '';
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as Entry['marker'];
    const [hosts, , key] = fields;
    if (!hosts || !key) continue;
    out.push({ marker, patterns: hosts.split(','), key });
  }
  return out;
}

/** known_hosts files as OpenSSH reads them (hashed names, `[host]:port`, negation, @revoked). */
export class KnownHosts {
  private readonly entries: Entry[];

  constructor(files: readonly string[] = [join(homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts']) {
    this.entries = files.filter((f) => existsSync(f)).flatMap((f) => parse(readFileSync(f, 'utf8')));
  }

  /** `keyBlob` is the server's public key in SSH wire format (what the base64 field holds). */
  verify(host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
    const name = hostToken(host, port);
    const key = keyBlob.toString('base64');
    let seen = false;
    for (const e of this.entries) {
      if (e.marker === '@cert-authority' || !patternsMatch(e.patterns, name)) continue;
      if (e.marker === '@revoked') {
        if (e.key === key) return 'revoked';
        continue;
      }
      if (e.key === key) return 'match';
      seen = true;
    }
    return seen ? 'mismatch' : 'unknown';
  }
}
