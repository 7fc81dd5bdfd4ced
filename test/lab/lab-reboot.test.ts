import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab, type TestHost } from './index.js';
import { IS_ROOT, footprint, leftovers, type LabFootprint } from './measure.js';
import { sleep } from './proc.js';
import { rootLogin, sshExec } from './ssh-client.js';

/** Polls until `check` stops throwing (the host is booting again meanwhile). */
async function eventually<T>(timeoutMs: number, check: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(250);
    }
  }
}

describe.skipIf(!IS_ROOT)('a rebootable systemd host', () => {
  let lab: Lab;
  let stopped = false;

  beforeAll(async () => {
    lab = await startLab({ hosts: 1, systemd: true, rebootable: true });
  }, 120_000);

  afterAll(async () => {
    if (lab && !stopped) await lab.stop();
  });

  const host = (): TestHost => {
    const h = lab.hosts[0];
    if (!h) throw new Error('no host');
    return h;
  };

  it("has a boot id of its own, not the machine's", async () => {
    const r = await sshExec(host(), rootLogin(lab), 'cat /proc/sys/kernel/random/boot_id');
    expect(r.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.stdout).not.toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
  });

  it('comes back after `systemctl reboot` with a new boot id, new PIDs and its files kept', async () => {
    const before = host();
    const firstBoot: LabFootprint = footprint(lab);
    const login = rootLogin(lab);
    const bootId = (await sshExec(before, login, 'echo kept > /root/mark; cat /proc/sys/kernel/random/boot_id')).stdout;
    await sshExec(before, login, 'systemd-run --on-active=1 systemctl reboot');
    const after = await eventually(90_000, async () => {
      const h = host();
      if (h.pid === before.pid) throw new Error('not rebooted yet');
      const r = await sshExec(h, login, 'systemctl is-system-running --wait; cat /proc/sys/kernel/random/boot_id /root/mark; hostname; ip -4 -o addr show eth0 | wc -l');
      return { h, out: r.stdout.split('\n') };
    });
    expect(after.out[0]).toBe('running');
    expect(after.out[1]).not.toBe(bootId.trim());
    expect(after.out.slice(2, 5)).toEqual(['kept', before.name, '1']);
    expect(after.h.address).toBe(before.address);
    expect(after.h.launcherPid).not.toBe(before.launcherPid);
    // exec with the TestHost of the first boot reaches the new boot
    expect((await lab.exec(before, 'cat /root/mark')).stdout).toBe('kept\n');
    // the first boot's processes are gone
    expect(leftovers({ ...firstBoot, netns: [], links: [], dirs: [], cgroups: [] })).toEqual([]);
  }, 150_000);

  it('stops clean after the reboot (a poweroff is not rebooted)', async () => {
    const fp = footprint(lab);
    stopped = true;
    await lab.stop();
    expect(leftovers(fp)).toEqual([]);
  }, 60_000);
});
