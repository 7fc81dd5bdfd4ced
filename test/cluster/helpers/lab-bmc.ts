/**
 * An ipmi_sim BMC per lab host: chassis power requests start and stop the host's sshd
 * (fixtures/chassis-lab.sh), so "powered on" is true to the process. Stopped by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { presencePing } from '../../../src/provision/ipmi/index.js';
import type { TestHost } from '../../lab/index.js';
import { freeUdpPort, ipmiSimLanConf } from '../../provision/ipmi/helpers/ipmi-sim.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export interface LabBmc {
  readonly host: TestHost;
  readonly port: number;
  readonly pid: number;
  hookLog(): string[];
  clearHookLog(): void;
  stop(): Promise<void>;
}

/** `password` is written to the ipmi_sim config (0600, in a private directory), never to argv. */
export async function startLabBmc(host: TestHost, password: string): Promise<LabBmc> {
  const dir = mkdtempSync('/tmp/kplay-cluster-bmc-');
  mkdirSync(join(dir, 'state'));
  writeFileSync(join(dir, 'hook.log'), '');
  const port = await freeUdpPort();
  const conf = ipmiSimLanConf({ name: `kplay-cluster-${host.name}`, port, password, chassisControl: `/bin/sh ${join(FIXTURES, 'chassis-lab.sh')} ${dir} ${host.pid}` });
  writeFileSync(join(dir, 'lan.conf'), conf, { mode: 0o600 });
  const emu = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'provision', 'ipmi', 'fixtures', 'bmc.emu');
  const child: ChildProcess = spawn('ipmi_sim', ['-n', '-c', join(dir, 'lan.conf'), '-f', emu, '-s', join(dir, 'state')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('ipmi_sim did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await presencePing('127.0.0.1', port, { attempts: 1, timeoutMs: 100 }))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`ipmi_sim for ${host.name} did not come up: ${stderr}`);
  }
  return {
    host,
    port,
    pid,
    hookLog: () => readFileSync(join(dir, 'hook.log'), 'utf8').split('\n').filter(Boolean),
    clearHookLog: () => writeFileSync(join(dir, 'hook.log'), ''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
