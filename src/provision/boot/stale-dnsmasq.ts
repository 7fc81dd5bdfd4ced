import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';

/** What kplay records about the dnsmasq it runs, so a run killed with -9 does not leave it serving forever. */
interface DnsmasqRecord {
  readonly pid: number;
  readonly configFile: string;
}

function cmdlineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Stops the dnsmasq a previous, killed kplay left running (it would hold the DHCP port),
 * and removes its runtime directory. Only that process: the PID must still run dnsmasq
 * with the recorded config file. Returns the PID it stopped.
 */
export async function reapStaleDnsmasq(recordFile: string): Promise<number | undefined> {
  let rec: DnsmasqRecord;
  try {
    rec = JSON.parse(readFileSync(recordFile, 'utf8')) as DnsmasqRecord;
  } catch {
    return undefined;
  }
  rmSync(recordFile, { force: true });
  const runtimeDir = dirname(rec.configFile);
  const ours = (): boolean => cmdlineOf(rec.pid)?.includes(`--conf-file=${rec.configFile}`) === true;
  let stopped: number | undefined;
  if (Number.isInteger(rec.pid) && rec.pid > 1 && ours()) {
    process.kill(rec.pid, 'SIGTERM');
    for (let i = 0; i < 40 && ours(); i++) await new Promise((r) => setTimeout(r, 50));
    if (ours()) process.kill(rec.pid, 'SIGKILL');
    stopped = rec.pid;
  }
  if (basename(runtimeDir).startsWith('kplay-boot-') && existsSync(runtimeDir)) rmSync(runtimeDir, { recursive: true, force: true });
  return stopped;
}

export function recordDnsmasq(recordFile: string, pid: number, configFile: string): void {
  mkdirSync(dirname(recordFile), { recursive: true });
  writeFileSync(recordFile, JSON.stringify({ pid, configFile } satisfies DnsmasqRecord) + '\n', { mode: 0o600 });
}
