/**
 * Runs `setup` both ways on one lab host: Ansible 2.14 (`ansible HOST -m setup`) and kplay's
 * module through the real SSH connection layer, and compares what a play would see.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SshConnection } from '../../src/connection/ssh.js';
import { setup } from '../../src/modules/setup.js';
import type { ModuleContext } from '../../src/modules/types.js';
import type { Lab, TestHost } from '../lab/index.js';

export type Facts = Record<string, unknown>;

export interface SetupRun {
  facts: Facts;
  failed: boolean;
  msg?: string;
  warnings: string[];
  ms: number;
}

export interface SetupArgs {
  gather_subset?: string[];
  filter?: string[];
  fact_path?: string;
  gather_timeout?: number;
}

export function writeInventory(lab: Lab, host: TestHost): string {
  const path = join(lab.dir, `facts-${host.name}.ini`);
  writeFileSync(
    path,
    `${host.name} ansible_host=${host.address} ansible_port=${host.port} ansible_user=root ` +
      `ansible_ssh_private_key_file=${lab.keyFile} ansible_python_interpreter=/usr/bin/python3 ` +
      `ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'\n`,
  );
  return path;
}

function ansibleEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/root',
    LANG: 'C.UTF-8',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_HOST_KEY_CHECKING: 'False',
    ANSIBLE_SSH_CONTROL_PATH_DIR: '/tmp/kplay-facts-cp',
    ...extra,
  };
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Ansible's executor view of a module's facts (vars/clean.py namespace_facts). */
export function namespaceFacts(facts: Facts): Facts {
  const out: Facts = {};
  for (const [k, v] of Object.entries(facts)) out[k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k] = v;
  return out;
}

function moduleArgs(args: SetupArgs): string {
  const parts: string[] = [];
  if (args.gather_subset) parts.push(`gather_subset=${args.gather_subset.join(',')}`);
  if (args.filter) parts.push(`filter=${args.filter.join(',')}`);
  if (args.fact_path) parts.push(`fact_path=${args.fact_path}`);
  if (args.gather_timeout !== undefined) parts.push(`gather_timeout=${args.gather_timeout}`);
  return parts.join(' ');
}

export async function ansibleSetup(inventory: string, host: TestHost, args: SetupArgs = {}): Promise<SetupRun> {
  const t0 = Date.now();
  const r = await run('ansible', [host.name, '-i', inventory, '-m', 'setup', ...(moduleArgs(args) ? ['-a', moduleArgs(args)] : [])], ansibleEnv());
  const ms = Date.now() - t0;
  const m = /^\S+ \| (SUCCESS|FAILED!) => /m.exec(r.stdout);
  if (!m) throw new Error(`ansible gave no result (rc ${r.code}): ${r.stdout}${r.stderr}`);
  const json = JSON.parse(r.stdout.slice(m.index + m[0].length)) as { ansible_facts?: Facts; msg?: string };
  const warnings = r.stderr
    .replace(/\n(?!\[WARNING\]|$)/g, ' ')
    .split('\n')
    .filter((l) => l.startsWith('[WARNING]: '))
    .map((l) => l.slice(11).trim());
  return { facts: namespaceFacts(json.ansible_facts ?? {}), failed: m[1] === 'FAILED!', ...(json.msg !== undefined ? { msg: json.msg } : {}), warnings, ms };
}

export function openConnection(lab: Lab, host: TestHost): SshConnection {
  return new SshConnection({ host: host.address, port: host.port, user: 'root', privateKeyFile: lab.keyFile, connectTimeoutMs: 20_000, hostKeyChecking: false });
}

export async function kplaySetup(conn: SshConnection, args: SetupArgs = {}): Promise<SetupRun> {
  const ctx: ModuleContext = {
    connection: async () => conn,
    hostName: 'h',
    checkMode: false,
    diff: false,
    verbosity: 0,
    template: (v) => v,
    conditional: () => true,
    lookupVar: () => undefined,
  };
  const full = { gather_subset: ['all'], gather_timeout: 10, filter: [], fact_path: '/etc/ansible/facts.d', ...args };
  const t0 = Date.now();
  const r = await setup.run(full, ctx);
  const ms = Date.now() - t0;
  const warnings = Array.isArray(r['warnings']) ? (r['warnings'] as unknown[]).map((w) => String(w).trim()) : [];
  return { facts: namespaceFacts((r['ansible_facts'] ?? {}) as Facts), failed: r.failed === true, ...(typeof r.msg === 'string' ? { msg: r.msg } : {}), warnings, ms };
}
