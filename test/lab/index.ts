/**
 * The test-host lab (contract in ./api.ts): N real hosts, each an sshd (or a systemd booting
 * ssh.service) in its own network, mount, UTS, PID and IPC namespaces over an overlay of `/`.
 *
 * Order of work: take a lab id, write down every name about to be used (the manifest), make
 * keys and the network, launch hosts a few at a time, wait for each sshd's banner. Every
 * failure path and stop() remove exactly what the manifest records.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { ExecResult, Lab, LabOptions, TestHost } from './api.js';
import { cgroup2Root } from './cgroup.js';
import { registerCleanup, unregisterCleanup } from './exit-hook.js';
import { execInHost, killHostSshd, readHostFile } from './host-ops.js';
import { acquireLabId, emptyManifest, releaseLabId, type LabLease } from './ids.js';
import { makeKeys, makePassword } from './keys.js';
import { launchHost, makeDevSkeleton, type LaunchSpec } from './launch.js';
import { writeManifest, type LabManifest } from './manifest.js';
import { MAX_HOSTS, hostNames, labNames, type LabNames } from './naming.js';
import { createNetwork } from './network.js';
import { isRunning, signalRef, sleep } from './proc.js';
import { RebootWatcher, writeBootId, type HostSlot } from './reboot.js';
import { applySeed, freeUserId, hostSeed, labSeed, type SeedEntry } from './seed.js';
import { settleSystemd } from './systemd.js';
import { teardownAsync, teardownSync } from './teardown.js';
import { waitForSsh } from './wait.js';

export type { ExecResult, Lab, LabOptions, TestHost } from './api.js';
export { reclaimStaleLabs } from './ids.js';

const SSH_PORT = 22;
const TRACE = process.env.KPLAY_LAB_TRACE === '1';
function trace(t0: number, what: string): void {
  if (TRACE) process.stderr.write(`[lab +${Date.now() - t0}ms] ${what}\n`);
}
const USER_NAME = 'kplay';
/** systemd's "poweroff" signal: SIGRTMIN+4 (glibc's SIGRTMIN is 34). */
const SIGRTMIN_PLUS_4 = 38;

type RunningHost = HostSlot;

class RunningLab implements Lab {
  readonly id: number;
  readonly bridge: string;
  readonly gateway: string;
  readonly dir: string;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly lease: LabLease,
    names: LabNames,
    private readonly manifest: LabManifest,
    private readonly running: readonly RunningHost[],
    readonly systemd: boolean,
    readonly keyFile: string,
    readonly user: { readonly name: string; readonly password: string },
    private readonly handleSignals: boolean,
    private readonly reboots: RebootWatcher | undefined,
  ) {
    this.id = names.id;
    this.bridge = names.bridge;
    this.gateway = names.gateway;
    this.dir = names.dir;
  }

  get hosts(): readonly TestHost[] {
    return this.running.map((r) => r.host);
  }

  /** A rebooted host has new PIDs: callers may hold the TestHost of an earlier boot. */
  private current(host: TestHost): TestHost {
    return this.running.find((r) => r.host.name === host.name)?.host ?? host;
  }

  exec(host: TestHost, command: string): Promise<ExecResult> {
    return execInHost(this.current(host), command);
  }

  readFile(host: TestHost, path: string): Promise<string | undefined> {
    return readHostFile(this.current(host), path);
  }

  killSshd(host: TestHost): Promise<void> {
    return killHostSshd(this.current(host));
  }

  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    unregisterCleanup(this.id, this.handleSignals);
    await this.reboots?.stop();
    await shutDownHosts(this.running, this.systemd);
    const report = await teardownAsync(this.manifest);
    releaseLabId(this.lease);
    if (report.survivors.length > 0 || report.cgroupsLeft.length > 0) {
      throw new Error(`lab ${this.id} left ${JSON.stringify(report)}`);
    }
  }
}

function withTimeout(p: Promise<void>, ms: number): Promise<boolean> {
  return Promise.race([p.then(() => true), sleep(ms).then(() => false)]);
}

/** systemd hosts get a clean poweroff first; a bare host's PID 1 is simply killed. */
async function shutDownHosts(running: readonly RunningHost[], systemd: boolean): Promise<void> {
  if (systemd) {
    for (const r of running) signalRef(r.launched.init, SIGRTMIN_PLUS_4);
    await Promise.all(running.map((r) => withTimeout(r.launched.exited, 10_000)));
  }
  for (const r of running) signalRef(r.launched.init, 'SIGKILL');
  await Promise.all(running.map((r) => withTimeout(r.launched.exited, 5_000)));
}

export async function startLab(opts: LabOptions): Promise<Lab> {
  const count = opts.hosts;
  if (!Number.isInteger(count) || count < 1 || count > MAX_HOSTS) throw new Error(`hosts must be 1..${MAX_HOSTS}, got ${count}`);
  if (process.getuid?.() !== 0) throw new Error('the test-host lab needs root');
  const systemd = opts.systemd ?? false;
  const rebootable = systemd && opts.rebootable === true;
  const handleSignals = opts.handleSignals ?? true;
  const cgRoot = systemd ? cgroup2Root() : undefined;

  const t0 = Date.now();
  const lease = acquireLabId();
  trace(t0, `lab id ${lease.id}`);
  const names = labNames(lease.id);
  const manifest: LabManifest = emptyManifest(lease.id, lease.owner);
  const record = (): void => writeManifest(lease.idDir, manifest);
  const reboots = rebootable
    ? new RebootWatcher((ref) => {
        manifest.processes.push(ref);
        record();
      })
    : undefined;
  registerCleanup(
    lease.id,
    () => {
      teardownSync(manifest);
      releaseLabId(lease);
    },
    handleSignals,
  );
  const started: RunningHost[] = [];
  try {
    await mkdir(names.dir, { recursive: true, mode: 0o755 });
    const [keys, pw] = await Promise.all([makeKeys(names.dir), makePassword()]);
    trace(t0, 'keys');
    const devSkeleton = join(names.dir, 'dev');
    makeDevSkeleton(devSkeleton);
    const uid = freeUserId();
    const user = { name: USER_NAME, uid, gid: uid, home: `/home/${USER_NAME}`, password: pw.password, passwordHash: pw.hash };
    const common = labSeed({ user, authorizedKey: keys.publicKey, hostKeys: keys.hostKeys, systemd });

    const hostList = Array.from({ length: count }, (_, i) => hostNames(lease.id, i + 1));
    manifest.links.push(...hostList.map((h) => h.link));
    manifest.netns.push(...hostList.map((h) => h.netns));
    const labCgroup = cgRoot ? join(cgRoot, names.cgroupName) : undefined;
    if (labCgroup) manifest.cgroupDirs.push(labCgroup);
    record();
    await createNetwork(names, hostList);
    if (labCgroup) await mkdir(labCgroup);
    trace(t0, 'network');

    const limit = pLimit(opts.concurrency ?? 8);
    let aborted = false;
    const hostUp = hostList.map(async (h) => {
      const up = await limit(async () => {
        if (aborted) throw new LaunchAborted();
        const hostDir = join(names.dir, h.name);
        const upper = join(hostDir, 'upper');
        await Promise.all(['upper', 'work', 'merged'].map((d) => mkdir(join(hostDir, d), { recursive: true, mode: 0o755 })));
        const seed: SeedEntry[] = [...common, ...hostSeed(h.name, h.address, systemd, randomMachineId())];
        applySeed(upper, seed);
        const cgroupDir = labCgroup ? join(labCgroup, h.name) : undefined;
        if (cgroupDir) await mkdir(cgroupDir);
        const bootIdFile = rebootable ? join(hostDir, 'boot_id') : undefined;
        if (bootIdFile) writeBootId(bootIdFile);
        const spec: LaunchSpec = {
          name: h.name,
          netns: h.netns,
          cidr: `${h.address}/${names.prefixLength}`,
          gateway: names.gateway,
          upper,
          work: join(hostDir, 'work'),
          merged: join(hostDir, 'merged'),
          logFile: join(hostDir, 'host.log'),
          consoleFile: join(hostDir, 'host.log'),
          devSkeleton,
          systemd,
          cgroupDir,
          ...(bootIdFile ? { bootIdFile } : {}),
        };
        const l = await launchHost(
          spec,
          (ref) => {
            manifest.processes.push(ref);
            record();
          },
        );
        manifest.processes.push(l.init);
        record();
        trace(t0, `${h.name} launched`);
        const host: TestHost = {
          name: h.name,
          address: h.address,
          port: SSH_PORT,
          netns: h.netns,
          pid: l.init.pid,
          upperDir: upper,
          link: h.link,
          launcherPid: l.launcher.pid,
          logFile: join(hostDir, 'host.log'),
          ...(cgroupDir ? { cgroupDir } : {}),
        };
        const slot: RunningHost = { host, launched: l, spec };
        started.push(slot);
        return slot;
      });
      await waitForSsh(h.address, SSH_PORT, systemd ? 90_000 : 30_000, () => isRunning(up.launched.init));
      trace(t0, `${h.name} sshd answers`);
      if (systemd) await settleSystemd(up.host);
      return up;
    });
    // Wait for every launch to settle, so that none is still spawning during a teardown.
    const settled = await Promise.allSettled(
      hostUp.map((p) =>
        p.catch((e: unknown) => {
          aborted = true;
          throw e;
        }),
      ),
    );
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof LaunchAborted));
    if (failure) throw failure.reason;
    const running = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    for (const slot of running) reboots?.watch(slot);
    return new RunningLab(lease, names, manifest, running, systemd, keys.keyFile, { name: user.name, password: user.password }, handleSignals, reboots);
  } catch (e) {
    unregisterCleanup(lease.id, handleSignals);
    await shutDownHosts(started, false);
    await teardownAsync(manifest);
    releaseLabId(lease);
    throw e;
  }
}

function randomMachineId(): string {
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}

class LaunchAborted extends Error {
  constructor() {
    super('launch skipped: another host failed');
  }
}
