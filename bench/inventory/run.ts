/**
 * `kplay inventory --list` vs `ansible-inventory --list` on a generated fleet inventory
 * (default 5,000 hosts in 200 groups, with group_vars and host_vars), in one run:
 *
 *   npm run build && npx tsx bench/inventory/run.ts [--hosts 5000] [--groups 200] [--reps 5]
 *
 * Checks first that both print the same JSON, then times each tool `--reps` times
 * (alternating) and prints median wall times and the ratio. Not part of CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { generateInventory } from './generate.js';

const ROOT = resolve(import.meta.dirname, '../..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

interface Timed {
  readonly seconds: number;
  /** user + system CPU seconds (GNU time), steadier than wall time on a busy machine. */
  readonly cpu: number;
  readonly stdout: string;
}

const GNU_TIME = '/usr/bin/time';

function timed(cmd: string, args: string[], cwd: string): Timed {
  const withTime = existsSync(GNU_TIME);
  const start = process.hrtime.bigint();
  const r = withTime
    ? spawnSync(GNU_TIME, ['-f', 'BENCH_CPU %U %S', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ANSIBLE_CONFIG: join(cwd, 'ansible.cfg') } })
    : spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ANSIBLE_CONFIG: join(cwd, 'ansible.cfg') } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${String(r.status)}:\n${r.stderr}`);
  const m = /BENCH_CPU ([0-9.]+) ([0-9.]+)/.exec(r.stderr);
  return { seconds, cpu: m ? Number(m[1]) + Number(m[2]) : NaN, stdout: r.stdout };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** JS has no float-ness: Ansible's 1.0 is kplay's 1, so compare parsed values. */
function sameList(a: string, b: string): boolean {
  return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
}

const hosts = arg('hosts', 5000);
const groups = arg('groups', 200);
const reps = arg('reps', 5);
const work = mkdtempSync(join(tmpdir(), 'kplay-bench-inventory-'));
try {
  const inv = join(work, 'inventory');
  generateInventory(inv, { hosts, groups });
  spawnSync('sh', ['-c', `printf '[defaults]\\n' > ${JSON.stringify(join(work, 'ansible.cfg'))}`]);
  const kplay = (): Timed => timed('node', [join(ROOT, 'bin/kplay.js'), 'inventory', '-i', inv, '--list'], work);
  const ansible = (): Timed => timed('ansible-inventory', ['-i', inv, '--list'], work);
  const first = [kplay(), ansible()] as const;
  const same = sameList(first[0].stdout, first[1].stdout);
  const k: Timed[] = [];
  const a: Timed[] = [];
  for (let i = 0; i < reps; i++) {
    k.push(kplay());
    a.push(ansible());
  }
  const wall = (xs: Timed[]): number => median(xs.map((x) => x.seconds));
  const cpu = (xs: Timed[]): number => median(xs.map((x) => x.cpu));
  const fmt = (xs: Timed[]): string => xs.map((x) => x.seconds.toFixed(2)).join(' ');
  process.stdout.write(
    [
      `inventory: ${hosts} hosts, ${groups} leaf groups (+ sites, regions, roles), group_vars and host_vars for each`,
      `same --list JSON: ${same ? 'yes' : 'NO'}`,
      `kplay inventory --list      median wall ${wall(k).toFixed(2)} s (${fmt(k)}), cpu ${cpu(k).toFixed(2)} s`,
      `ansible-inventory --list    median wall ${wall(a).toFixed(2)} s (${fmt(a)}), cpu ${cpu(a).toFixed(2)} s`,
      `ratio ansible/kplay: wall ${(wall(a) / wall(k)).toFixed(1)}x, cpu ${(cpu(a) / cpu(k)).toFixed(1)}x (target >= 10x)`,
      '',
    ].join('\n'),
  );
  if (!same) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
