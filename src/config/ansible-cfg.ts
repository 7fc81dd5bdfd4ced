import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type ConfigSections = Map<string, Map<string, string>>;

/** ansible.cfg's search order: ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg. */
export function findConfigFile(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const candidates: string[] = [];
  const fromEnv = env['ANSIBLE_CONFIG'];
  if (fromEnv) candidates.push(existsSync(fromEnv) && !fromEnv.endsWith('.cfg') && existsSync(join(fromEnv, 'ansible.cfg')) ? join(fromEnv, 'ansible.cfg') : fromEnv);
  candidates.push(join(cwd, 'ansible.cfg'), join(homedir(), '.ansible.cfg'), '/etc/ansible/ansible.cfg');
  return candidates.map((c) => resolve(cwd, c)).find((c) => existsSync(c));
}

/** Python configparser-style INI: sections, `key = value` or `key: value`, `#`/`;` comments. */
export function parseConfig(text: string): ConfigSections {
  const sections: ConfigSections = new Map();
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') continue;
    const sec = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (sec) {
      current = new Map();
      sections.set(sec[1]!.trim(), current);
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(raw) && current && lastKey) {
      current.set(lastKey, `${current.get(lastKey) ?? ''}\n${raw.trim()}`);
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv && current) {
      lastKey = kv[1]!.trim().toLowerCase();
      current.set(lastKey, kv[2]!.replace(/\s+[#;].*$/, '').trim());
    }
  }
  return sections;
}

export function readConfig(file: string | undefined): ConfigSections {
  if (!file) return new Map();
  return parseConfig(readFileSync(file, 'utf8'));
}
