/**
 * Rebootable systemd hosts. When a host's init calls reboot(2), the kernel kills the host's
 * PID namespace and unshare dies of SIGHUP (a poweroff gives SIGINT). The lab then boots the
 * host again from the same launch spec: same netns, address and overlay upper dir (so its
 * files persist), a fresh cgroup subtree and a new boot id. The new processes go into the
 * manifest before anything else happens, so cleanup stays by PID.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import type { TestHost } from './api.js';
import { removeCgroupTree } from './cgroup.js';
import { launchHost, type LaunchedHost, type LaunchSpec } from './launch.js';
import type { ProcessRef } from './proc.js';

/** One host of a lab: what is running now, and how to launch it again. */
export interface HostSlot {
  host: TestHost;
  launched: LaunchedHost;
  readonly spec: LaunchSpec;
}

/** Writes the boot id the host will see in /proc/sys/kernel/random/boot_id. */
export function writeBootId(file: string): void {
  writeFileSync(file, `${randomUUID()}\n`, { mode: 0o644 });
}

export class RebootWatcher {
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  /** `record` puts a process into the lab's manifest (called before the process matters). */
  constructor(private readonly record: (ref: ProcessRef) => void) {}

  watch(slot: HostSlot): void {
    const launched = slot.launched;
    void launched.exitSignal.then((signal) => {
      if (signal !== 'SIGHUP' || this.stopped || slot.launched !== launched) return;
      const p: Promise<void> = this.boot(slot)
        .catch((e: unknown) => appendFileSync(slot.spec.logFile, `[lab] reboot of ${slot.host.name} failed: ${String(e)}\n`))
        .finally(() => this.pending.delete(p));
      this.pending.add(p);
    });
  }

  private async boot(slot: HostSlot): Promise<void> {
    if (slot.spec.bootIdFile) writeBootId(slot.spec.bootIdFile);
    if (slot.spec.cgroupDir) {
      // systemd leaves its child groups behind; the next one starts from an empty subtree.
      removeCgroupTree(slot.spec.cgroupDir);
      mkdirSync(slot.spec.cgroupDir, { recursive: true });
    }
    const l = await launchHost(slot.spec, this.record);
    this.record(l.init);
    slot.launched = l;
    slot.host = { ...slot.host, pid: l.init.pid, launcherPid: l.launcher.pid };
    if (!this.stopped) this.watch(slot);
  }

  /** No new boots after this; resolves once a boot under way has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
