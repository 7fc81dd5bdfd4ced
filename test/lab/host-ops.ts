/**
 * Acting inside a running host without SSH: nsenter into its PID 1's namespaces and root.
 * A command runs with a clean environment, as root, in the host's PID namespace (so it
 * dies with the host).
 */
import type { ExecResult, TestHost } from './api.js';
import { run } from './proc.js';
import { waitForSshGone } from './wait.js';

const HOST_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/root', 'LANG=C.UTF-8', 'TERM=dumb'];

export function runInHost(host: TestHost, argv: readonly string[]): Promise<ExecResult> {
  const ns = ['-t', String(host.pid), '-m', '-u', '-i', '-n', '-p', '-r', '-w'];
  return run('nsenter', [...ns, '/usr/bin/env', '-i', ...HOST_ENV, ...argv]);
}

export function execInHost(host: TestHost, command: string): Promise<ExecResult> {
  return runInHost(host, ['/bin/sh', '-c', command]);
}

const ABSENT = 44;

export async function readHostFile(host: TestHost, path: string): Promise<string | undefined> {
  const r = await runInHost(host, ['/bin/sh', '-c', `[ -e "$1" ] || exit ${ABSENT}; exec cat -- "$1"`, 'sh', path]);
  if (r.code === ABSENT) return undefined;
  if (r.code !== 0) throw new Error(`reading ${path} on ${host.name} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * Stops the listener and every per-connection sshd (so open sessions drop too); under
 * systemd through systemctl, so ssh.service is not restarted.
 */
const KILL_SSHD = `
L=$(cat /run/sshd.pid 2>/dev/null || true)
C=
if [ -n "$L" ]; then C=$(ps -o pid= --ppid "$L" || true); fi
if [ -d /run/systemd/system ]; then
  systemctl stop ssh.socket >/dev/null 2>&1 || true
  systemctl stop ssh.service
fi
if [ -n "$L" ]; then kill -9 "$L" 2>/dev/null || true; fi
for p in $C; do kill -9 "$p" 2>/dev/null || true; done
`;

export async function killHostSshd(host: TestHost): Promise<void> {
  const r = await execInHost(host, KILL_SSHD);
  if (r.code !== 0) throw new Error(`killing sshd on ${host.name} failed (${r.code}): ${r.stderr.trim()}`);
  await waitForSshGone(host.address, host.port, 5000);
}
