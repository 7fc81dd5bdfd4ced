/**
 * Runs the reference `ansible-vault` (Debian's ansible-core 2.14) and `kplay vault` the same
 * way: fresh process, clean environment, given stdin, in a given folder.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const BIN = join(HERE, 'vault-bin.ts');
/* The built CLI (`npm test` builds first), as the compat cases use: no per-process transpiling. */
const KPLAY_BIN = join(HERE, '../../bin/kplay.js');

export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/root',
    LANG: 'C.UTF-8',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ...extra,
  };
}

export type Tool = 'ansible' | 'kplay';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  stdin?: string | Buffer;
}

function exec(cmd: string, args: string[], opts: RunOptions): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: cleanEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

export function vault(tool: Tool, args: string[], opts: RunOptions): Promise<Run> {
  return tool === 'ansible' ? exec('ansible-vault', args, opts) : exec(process.execPath, ['--import', TSX, BIN, ...args], opts);
}

/**
 * ansible-playbook / ansible-inventory against `kplay` / `kplay inventory` (the whole CLI):
 * `tool` picks the program, `args` are the same for both.
 */
export function playbookCli(tool: Tool, command: 'playbook' | 'inventory' | 'vault', args: string[], opts: RunOptions): Promise<Run> {
  if (tool === 'ansible') return exec(`ansible-${command}`, args, opts);
  const sub = command === 'playbook' ? [] : [command];
  return exec(process.execPath, [KPLAY_BIN, ...sub, ...args], { ...opts, env: { KPLAY_NO_PROGRESS: '1', ...opts.env } });
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: cleanEnv(env) }, (e, stdout, stderr) => {
      const code = e ? (typeof (e as { code?: unknown }).code === 'number' ? (e as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A scratch folder with two password files (`pw1`, `pw2`) and whatever else a case needs. */
export function scratch(files: Record<string, string | { content: string | Buffer; mode: number }> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-vault-test-'));
  const all = { pw1: 'password-one\n', pw2: 'password-two\n', ...files };
  for (const [name, spec] of Object.entries(all)) {
    const { content, mode } = typeof spec === 'string' ? { content: spec, mode: 0o644 } : spec;
    writeFileSync(join(dir, name), content);
    chmodSync(join(dir, name), mode);
  }
  return dir;
}

export function read(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

export function modeOf(dir: string, name: string): string {
  return (statSync(join(dir, name)).mode & 0o7777).toString(8);
}

/**
 * What must match between the tools: program name, temp folders and ciphertext differ by
 * design (random salts), and Python's getpass prints its own warnings on a pipe.
 */
export function normalize(text: string, dirs: readonly string[]): string {
  let t = text.replace(/ansible-vault/g, 'kplay vault');
  for (const d of dirs) t = t.split(d).join('<DIR>');
  return t
    .split('\n')
    .filter((l) => !/GetPassWarning|passwd = fallback_getpass|^Warning: Password input may be echoed\.$/.test(l))
    .map((l) => (/^\s*[0-9a-f]{1,80}$/.test(l) ? l.replace(/[0-9a-f]+/, 'HEX') : l))
    .join('\n')
    .replace(/^usage: kplay vault.*\n(?: {10,}\S.*\n)*/gm, 'usage: kplay vault …\n')
    .replace(/for more information on a specific\s+command\./g, 'for more information on a specific command.')
    .replace(/\/\S*\/(ansible-local-\S+|kplay-vault-[^/\s]+)\/tmp\S*/g, '<TMP>');
}

export function writeScript(dir: string, name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

export interface Case {
  args: string[];
  files?: Record<string, string | { content: string | Buffer; mode: number }>;
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  /** Runs in each tool's folder before the command (e.g. to encrypt a fixture with ansible-vault). */
  prepare?: (dir: string) => Promise<void>;
}

export interface Both {
  ansible: Run & { dir: string };
  kplay: Run & { dir: string };
}

/** The same case, in two identical fresh folders, under both tools. */
export async function both(c: Case): Promise<Both> {
  const go = async (tool: Tool) => {
    const dir = scratch(c.files);
    await c.prepare?.(dir);
    const r = await vault(tool, c.args, { cwd: dir, env: c.env ?? {}, stdin: c.stdin ?? '' });
    const dirs = [dir];
    return { dir, code: r.code, stdout: normalize(r.stdout, dirs), stderr: normalize(r.stderr, dirs) };
  };
  const [ansible, kplay] = await Promise.all([go('ansible'), go('kplay')]);
  return { ansible, kplay };
}

/** `ansible-vault encrypt` of one file of the folder, in place. */
export async function ansibleEncrypt(dir: string, file: string, idArgs: string[] = ['--vault-password-file', 'pw1']): Promise<void> {
  const r = await vault('ansible', ['encrypt', ...idArgs, file], { cwd: dir });
  if (r.code !== 0) throw new Error(`ansible-vault encrypt failed: ${r.stderr}`);
}
