/**
 * Runs the reference (Debian's ansible-core 2.14) for the inventory differential tests.
 * Every call is a fresh process with a clean environment: nothing is cached between tests.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cleanEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/root',
    LANG: 'C.UTF-8',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
  };
}

export function run(cmd: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export async function ansibleInventory(sources: string[], args: string[], cwd: string): Promise<Run> {
  return run('ansible-inventory', [...sources.flatMap((s) => ['-i', s]), ...args], cwd);
}

/** `ansible PATTERN -i SRC --list-hosts [-l LIMIT]`: the host list, or the error Ansible stops with. */
export async function ansibleListHosts(
  sources: string[],
  pattern: string,
  cwd: string,
  limit?: string,
): Promise<{ hosts: string[] } | { error: string }> {
  const args = [pattern, ...sources.flatMap((s) => ['-i', s]), '--list-hosts', ...(limit !== undefined ? ['-l', limit] : [])];
  const r = await run('ansible', args, cwd);
  const m = /^ {2}hosts \((\d+)\):\n((?: {4}.*\n?)*)/m.exec(r.stdout);
  if (r.code !== 0 || !m) return { error: (r.stderr.match(/ERROR! (.*)/)?.[1] ?? r.stderr).trim() };
  const hosts = m[2]!.split('\n').filter((l) => l.startsWith('    ')).map((l) => l.slice(4));
  return { hosts };
}

/** Warnings Ansible printed, unwrapped (its display folds them at 80 columns). */
export function ansibleWarnings(stderr: string): string[] {
  const out: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line.startsWith('[WARNING]: ')) out.push(line.slice(11));
    else if (/^\s?\[(?:WARNING|ERROR|DEPRECATION WARNING)\]/.test(line)) out.push('');
    else if (out.length > 0 && line !== '') out[out.length - 1] += ' ' + line;
  }
  return out.filter((w) => w !== '');
}

/** PyYAML's reading of a YAML text, as JSON: what both YAML outputs are compared by. */
export async function pyYamlToJson(text: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      '/usr/bin/python3',
      ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read()), default=str))'],
      { env: cleanEnv() },
      (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(JSON.parse(stdout))),
    );
    child.stdin?.end(text);
  });
}
