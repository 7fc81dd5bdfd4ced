/**
 * The lab from a shell (the README demo and bench/ use it):
 *
 *   npx tsx test/lab/cli.ts up N [--systemd] --state FILE
 *       starts N hosts, writes FILE (JSON: hosts, key file, user) and FILE.ini (inventory),
 *       then stays up until killed (SIGINT/SIGTERM stop the lab cleanly) or `down`.
 *       FILE appears only once every host's sshd answers: wait for it to exist.
 *   npx tsx test/lab/cli.ts down --state FILE
 *       stops the lab started with that state file and waits until it is gone.
 *   npx tsx test/lab/cli.ts reclaim
 *       removes the leftovers of labs whose process died (by their recorded names/PIDs).
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { reclaimStaleLabs, startLab, type Lab } from './index.js';
import { isRunning, processRef, sleep, type ProcessRef } from './proc.js';

export interface LabState {
  readonly owner: ProcessRef;
  readonly labId: number;
  readonly systemd: boolean;
  readonly dir: string;
  readonly keyFile: string;
  readonly user: { readonly name: string; readonly password: string };
  readonly inventory: string;
  readonly hosts: readonly { name: string; address: string; port: number; netns: string; pid: number; upperDir: string }[];
}

const USAGE = 'usage: cli.ts up N [--systemd] --state FILE | down --state FILE | reclaim';

function fail(msg: string): never {
  process.stderr.write(`${msg}\n`);
  process.exit(2);
}

function flagValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

export function inventoryIni(lab: Lab): string {
  const lines = ['[lab]'];
  for (const h of lab.hosts) {
    lines.push(`${h.name} ansible_host=${h.address} ansible_port=${h.port} ansible_user=root ansible_ssh_private_key_file=${lab.keyFile}`);
  }
  lines.push('', '[lab:vars]');
  lines.push(`ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'`);
  lines.push('ansible_python_interpreter=/usr/bin/python3', '');
  return lines.join('\n');
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

async function up(args: string[]): Promise<void> {
  const n = Number(args[0]);
  const stateArg = flagValue(args, '--state');
  if (!Number.isInteger(n) || n < 1 || !stateArg) fail(USAGE);
  const state = resolve(stateArg);
  const t0 = Date.now();
  const lab = await startLab({ hosts: n, systemd: args.includes('--systemd'), handleSignals: false });
  const ms = Date.now() - t0;
  const me = processRef(process.pid);
  if (!me) throw new Error('cannot read own /proc entry');
  const inventory = `${state}.ini`;
  const desc: LabState = {
    owner: me,
    labId: lab.id,
    systemd: lab.systemd,
    dir: lab.dir,
    keyFile: lab.keyFile,
    user: lab.user,
    inventory,
    hosts: lab.hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, netns: h.netns, pid: h.pid, upperDir: h.upperDir })),
  };
  writeAtomic(inventory, inventoryIni(lab));
  writeAtomic(state, JSON.stringify(desc, null, 2) + '\n');
  process.stderr.write(`kplay lab ${lab.id}: ${n} host(s) up in ${ms} ms; state ${state}, inventory ${inventory}\n`);

  const keepAlive = setInterval(() => undefined, 1 << 30);
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void lab
      .stop()
      .then(() => 0, (e: unknown) => {
        process.stderr.write(`stop failed: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
      })
      .then((code) => {
        rmSync(state, { force: true });
        rmSync(inventory, { force: true });
        clearInterval(keepAlive);
        process.exit(code);
      });
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, shutdown);
}

function readState(path: string): LabState {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof raw !== 'object' || raw === null || !('owner' in raw)) throw new Error(`${path} is not a lab state file`);
  return raw as LabState;
}

async function down(args: string[]): Promise<void> {
  const stateArg = flagValue(args, '--state');
  if (!stateArg) fail(USAGE);
  const state = resolve(stateArg);
  const desc = readState(state);
  if (isRunning(desc.owner)) {
    process.kill(desc.owner.pid, 'SIGTERM');
    const deadline = Date.now() + 60_000;
    while (isRunning(desc.owner) && Date.now() < deadline) await sleep(50);
    if (isRunning(desc.owner)) {
      process.kill(desc.owner.pid, 'SIGKILL');
      while (isRunning(desc.owner)) await sleep(50);
    }
  }
  // A lab whose process was killed hard leaves its hosts behind: remove them by the record.
  reclaimStaleLabs();
  rmSync(state, { force: true });
  rmSync(desc.inventory, { force: true });
  process.stderr.write(`kplay lab ${desc.labId}: down\n`);
}

async function main(argv: string[]): Promise<void> {
  const [cmd, ...args] = argv;
  if (cmd === 'up') await up(args);
  else if (cmd === 'down') await down(args);
  else if (cmd === 'reclaim') process.stderr.write(`reclaimed lab ids: ${JSON.stringify(reclaimStaleLabs())}\n`);
  else fail(USAGE);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
