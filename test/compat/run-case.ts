import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseYaml } from '../../src/yaml/load.js';
import { startLab, type Lab } from '../lab/index.js';
import { parseOutput } from './parse-output.js';
import { hostAptRepoSetupScript, type AptPackageSpec } from '../fixtures/apt-repo.js';
import type { ToolRun } from './compare.js';

export type Tool = 'ansible' | 'kplay';

export interface CaseSpec {
  readonly hosts: number;
  readonly args?: string[];
  readonly unreachable?: string[];
  readonly files?: Array<{ host: string; path: string }>;
  readonly expect_exit?: number;
  readonly env?: Record<string, string>;
  /** Boot the case's hosts with a real systemd as PID 1 (service, systemd, reboot cases). */
  readonly systemd?: boolean;
  /** With systemd: a host whose init reboots is booted again (same overlay, new boot id), for reboot cases. */
  readonly rebootable?: boolean;
  /** A YAML list of test/fixtures/apt-repo.ts package specs: each host gets that local apt repository as its only source. */
  readonly apt_repo?: string;
  /** Compare the whole stdout (listing modes: --list-tasks, --list-hosts, --list-tags, --syntax-check). */
  readonly stdout?: boolean;
}

const ROOT = resolve(import.meta.dirname, '../..');
export const CASES_DIR = join(ROOT, 'test/compat/cases');

export function loadCase(dir: string): CaseSpec {
  const spec = parseYaml(readFileSync(join(dir, 'case.yml'), 'utf8'), join(dir, 'case.yml')) as CaseSpec | null;
  if (!spec || typeof spec.hosts !== 'number') throw new Error(`${dir}/case.yml: 'hosts: N' is required`);
  return spec;
}

/** The case's inventory with the lab's addresses: `@hN@` tokens, ansible_host on host lines, connection vars for all. */
export function labInventory(text: string, lab: Lab): string {
  const addr = new Map(lab.hosts.map((h) => [h.name, h.address]));
  let section = '';
  const out = text.split('\n').map((raw) => {
    const line = raw.replace(/@(h\d+)@/g, (m, h: string) => addr.get(h) ?? m).replace(/@password@/g, lab.user.password);
    const sec = /^\s*\[([^\]]+)\]/.exec(line);
    if (sec) {
      section = sec[1]!;
      return line;
    }
    if (section.includes(':')) return line;
    const first = /^(h\d+)(\s|$)/.exec(line);
    if (first && addr.has(first[1]!) && !/\bansible_host=/.test(line)) return `${line} ansible_host=${addr.get(first[1]!)}`;
    return line;
  });
  out.push('', '[all:vars]', 'ansible_user=root', `ansible_ssh_private_key_file=${lab.keyFile}`, 'ansible_python_interpreter=/usr/bin/python3', "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'", '');
  return out.join('\n');
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

/** Runs one case with one tool on a fresh lab of its own; the lab is always torn down. */
export async function runTool(tool: Tool, caseDir: string, spec: CaseSpec): Promise<ToolRun> {
  const lab = await startLab({ hosts: spec.hosts, systemd: spec.systemd === true, rebootable: spec.rebootable === true });
  const work = mkdtempSync(join(tmpdir(), `kplay-compat-${tool}-`));
  try {
    cpSync(caseDir, work, { recursive: true });
    writeFileSync(join(work, 'inventory.ini'), labInventory(readFileSync(join(caseDir, 'inventory.ini'), 'utf8'), lab));
    writeFileSync(join(work, 'ansible.cfg'), '[defaults]\n');
    mkdirSync(join(work, '.tmp'));
    if (spec.apt_repo) {
      const script = hostAptRepoSetupScript(parseYaml(readFileSync(join(caseDir, spec.apt_repo), 'utf8'), spec.apt_repo) as AptPackageSpec[]);
      for (const host of lab.hosts) {
        const r = await lab.exec(host, script);
        if (r.code !== 0) throw new Error(`apt_repo setup failed on ${host.name}: ${r.stderr}`);
      }
    }
    for (const name of spec.unreachable ?? []) {
      const host = lab.hosts.find((h) => h.name === name);
      if (host) await lab.killSshd(host);
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ANSIBLE_CONFIG: join(work, 'ansible.cfg'),
      ANSIBLE_HOST_KEY_CHECKING: 'False',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_FORCE_COLOR: '0',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_LOCAL_TEMP: join(work, '.tmp'),
      ANSIBLE_SSH_CONTROL_PATH_DIR: join(work, '.tmp'),
      KPLAY_HOME: join(work, '.kplay'),
      ...(spec.env ?? {}),
    };
    const args = ['playbook.yml', '-i', 'inventory.ini', ...(spec.args ?? [])];
    const r = tool === 'ansible' ? await run('ansible-playbook', args, work, env, 300_000) : await run('node', [join(ROOT, 'bin/kplay.js'), ...args], work, env, 300_000);
    const files: Record<string, string | null> = {};
    for (const f of spec.files ?? []) {
      const host = lab.hosts.find((h) => h.name === f.host);
      files[`${f.host}:${f.path}`] = host ? ((await lab.readFile(host, f.path)) ?? null) : null;
    }
    return { ...r, parsed: parseOutput(r.stdout), files };
  } finally {
    await lab.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The case runs in --diff mode (the diff text is then compared): `--diff`, `-D` or a short-flag group with D. */
export function diffMode(spec: CaseSpec): boolean {
  return (spec.args ?? []).some((a) => a === '--diff' || /^-[A-Za-z]*D[A-Za-z]*$/.test(a));
}

export function caseDirs(): string[] {
  if (!existsSync(CASES_DIR)) return [];
  return readdirSync(CASES_DIR)
    .filter((d) => existsSync(join(CASES_DIR, d, 'case.yml')))
    .sort();
}
