/**
 * kplay vs ansible-playbook on the same fresh test hosts, in one run; prints a table of ratios.
 *
 *   npx tsx bench/run.ts [--hosts 20,50,100] [--tasks 30] [--ansible-hosts 20] [--no-ansible] [--kinds command,shell,…]
 *
 * Needs root (test hosts are network namespaces). Not part of CI.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLab, type Lab } from '../test/lab/index.js';
import { replayFloor } from './floor.js';
import { measure, type Measured } from './measure.js';
import { ALL_KINDS, BENCH_TEMPLATE, benchPlaybook, type TaskKind } from './playbook.js';

const ROOT = resolve(import.meta.dirname, '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

interface Row {
  hosts: number;
  tool: string;
  seconds: number;
  rssMb?: number;
  note?: string;
}

const rows: Row[] = [];

function inventoryIni(lab: Lab): string {
  const hosts = lab.hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_user=root ansible_ssh_private_key_file=${lab.keyFile}`);
  return ['[bench]', ...hosts, '', '[bench:vars]', 'ansible_python_interpreter=/usr/bin/python3', ''].join('\n');
}

async function withLab<T>(n: number, fn: (lab: Lab) => Promise<T>): Promise<T> {
  const lab = await startLab({ hosts: n });
  try {
    return await fn(lab);
  } finally {
    await lab.stop();
  }
}

function check(m: Measured, what: string): void {
  if (m.code !== 0) {
    process.stderr.write(`${what} exited ${m.code}\n${m.stdout.slice(-3000)}\n${m.stderr.slice(-3000)}\n`);
    throw new Error(`${what} failed`);
  }
}

async function runKplay(dir: string, n: number, record?: string): Promise<{ m: Measured; addresses: string[] }> {
  return withLab(n, async (lab) => {
    writeFileSync(join(dir, 'inventory.ini'), inventoryIni(lab));
    const env = { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'False', ...(record ? { KPLAY_BENCH_RECORD: record } : {}) };
    const m = await measure('node', [join(ROOT, 'bin/kplay.js'), 'site.yml', '-i', 'inventory.ini', '-f', String(n)], env, dir);
    check(m, 'kplay');
    return { m, addresses: lab.hosts.map((h) => h.address) };
  });
}

async function runAnsible(dir: string, n: number, tuned: boolean): Promise<Measured> {
  return withLab(n, async (lab) => {
    writeFileSync(join(dir, 'inventory.ini'), inventoryIni(lab));
    const env: NodeJS.ProcessEnv = { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0' };
    if (tuned) Object.assign(env, { ANSIBLE_PIPELINING: 'True' });
    const args = ['site.yml', '-i', 'inventory.ini', ...(tuned ? ['-f', String(n)] : [])];
    const m = await measure('ansible-playbook', args, env, dir);
    check(m, `ansible-playbook${tuned ? ' (pipelining, forks)' : ''}`);
    return m;
  });
}

async function connectionSetup(n: number): Promise<number> {
  return withLab(n, async (lab) => {
    const record = join(mkdtempSync(join(tmpdir(), 'kplay-bench-')), 'empty.jsonl');
    writeFileSync(record, '');
    const r = await replayFloor(record, lab.hosts.map((h) => ({ address: h.address, keyFile: lab.keyFile })));
    return r.connectSeconds;
  });
}

async function main(): Promise<void> {
  const hostCounts = arg('hosts', '20').split(',').map(Number);
  const tasks = Number(arg('tasks', '30'));
  const ansibleMax = Number(arg('ansible-hosts', '20'));
  const withAnsible = !process.argv.includes('--no-ansible');
  const dir = mkdtempSync(join(tmpdir(), 'kplay-bench-'));
  const kinds = arg('kinds', ALL_KINDS.join(',')).split(',') as TaskKind[];
  writeFileSync(join(dir, 'site.yml'), benchPlaybook(tasks, kinds));
  writeFileSync(join(dir, 'bench.j2'), BENCH_TEMPLATE);
  try {
    for (const n of hostCounts) {
      const record = join(dir, `record-${n}.jsonl`);
      if (existsSync(record)) rmSync(record);
      const k = await runKplay(dir, n, record);
      rows.push({ hosts: n, tool: 'kplay', seconds: k.m.seconds, rssMb: k.m.peakRssMb });
      const floor = await withLab(n, async (lab) => {
        const map = new Map(k.addresses.map((a, i) => [a, lab.hosts[i]!.address]));
        const remapped = join(dir, `record-${n}-floor.jsonl`);
        const { readFileSync } = await import('node:fs');
        writeFileSync(remapped, readFileSync(record, 'utf8').replace(/"host":"([^"]+)"/g, (_m, a: string) => `"host":"${map.get(a) ?? a}"`));
        return replayFloor(remapped, lab.hosts.map((h) => ({ address: h.address, keyFile: lab.keyFile })));
      });
      rows.push({ hosts: n, tool: 'floor (replay over open ssh2)', seconds: floor.replaySeconds, note: `${floor.operations} remote operations; connect ${floor.connectSeconds.toFixed(2)} s` });
      rows.push({ hosts: n, tool: 'connection set-up alone', seconds: await connectionSetup(n) });
      if (withAnsible && n <= ansibleMax) {
        const tuned = await runAnsible(dir, n, true);
        rows.push({ hosts: n, tool: 'ansible-playbook (pipelining, forks=N)', seconds: tuned.seconds });
        const plain = await runAnsible(dir, n, false);
        rows.push({ hosts: n, tool: 'ansible-playbook (defaults)', seconds: plain.seconds });
      }
      printTable(tasks);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(tasks: number): void {
  const lines = [`\n${tasks}-task playbook`, '| hosts | run | wall s | peak RSS MB | kplay is … |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const k = rows.find((x) => x.hosts === r.hosts && x.tool === 'kplay');
    let ratio = '';
    if (k && r !== k && r.tool.startsWith('ansible')) ratio = `${(r.seconds / k.seconds).toFixed(1)}× faster`;
    if (k && r.tool.startsWith('floor')) ratio = `${(k.seconds / r.seconds).toFixed(2)}× the floor`;
    lines.push(`| ${r.hosts} | ${r.tool} | ${r.seconds.toFixed(2)} | ${r.rssMb ? r.rssMb.toFixed(0) : ''} | ${ratio}${r.note ? ` (${r.note})` : ''} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
