import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The ~/.ssh/config options kplay applies, as OpenSSH resolves them (first value found wins). */
export interface SshConfigEntry {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  proxyJump?: string;
  strictHostKeyChecking?: boolean;
  userKnownHostsFiles?: string[];
}

interface Block {
  readonly patterns: string[];
  readonly options: Array<[string, string]>;
}

function globToRegExp(p: string): RegExp {
  return new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
}

function hostMatches(patterns: readonly string[], host: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(host)) return false;
    } else if (globToRegExp(p).test(host)) matched = true;
  }
  return matched;
}

function expandTilde(p: string): string {
  return p.startsWith('~/') ? join(homedir(), p.slice(2)) : p;
}

function parse(text: string, depth = 0): Block[] {
  const blocks: Block[] = [{ patterns: ['*'], options: [] }];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?)\s*(?:=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.replace(/^"(.*)"$/, '$1');
    if (key === 'host') blocks.push({ patterns: value.split(/\s+/), options: [] });
    else if (key === 'match') blocks.push({ patterns: ['!*'], options: [] });
    else if (key === 'include' && depth < 5) {
      for (const f of value.split(/\s+/)) {
        const path = expandTilde(f.startsWith('/') || f.startsWith('~') ? f : join(homedir(), '.ssh', f));
        if (existsSync(path)) blocks.push(...parse(readFileSync(path, 'utf8'), depth + 1));
      }
    } else blocks[blocks.length - 1]!.options.push([key, value]);
  }
  return blocks;
}

/** Reads ~/.ssh/config (or the given file) once; `lookup(host)` gives the options for that host. */
export class SshConfig {
  private readonly blocks: Block[];

  constructor(file = join(homedir(), '.ssh', 'config')) {
    this.blocks = existsSync(file) ? parse(readFileSync(file, 'utf8')) : [];
  }

  lookup(host: string): SshConfigEntry {
    const out: SshConfigEntry = { identityFiles: [] };
    const seen = new Set<string>();
    for (const b of this.blocks) {
      if (!hostMatches(b.patterns, host)) continue;
      for (const [k, v] of b.options) {
        if (k === 'identityfile') {
          out.identityFiles.push(expandTilde(v.replace(/%d/g, homedir())));
          continue;
        }
        if (seen.has(k)) continue;
        seen.add(k);
        if (k === 'hostname') out.hostName = v.replace(/%h/g, host);
        else if (k === 'user') out.user = v;
        else if (k === 'port') out.port = Number(v);
        else if (k === 'proxyjump' && v.toLowerCase() !== 'none') out.proxyJump = v;
        else if (k === 'stricthostkeychecking') out.strictHostKeyChecking = !['no', 'off', 'accept-new'].includes(v.toLowerCase());
        else if (k === 'userknownhostsfile') out.userKnownHostsFiles = v.split(/\s+/).map(expandTilde);
      }
    }
    return out;
  }
}

export interface JumpHost {
  readonly host: string;
  readonly port: number;
  readonly user: string | undefined;
}

/** `-J user@bastion:2222,other` → hops in order. */
export function parseProxyJump(spec: string): JumpHost[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((hop) => {
      const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hop.replace(/^ssh:\/\//, ''));
      if (!m) throw new Error(`bad ProxyJump entry: ${hop}`);
      return { user: m[1], host: m[2]!.replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : 22 };
    });
}
