import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab, type TestHost } from './index.js';
import { IS_ROOT, footprint, hostPssKb, leftovers } from './measure.js';
import { rootLogin, sshExec } from './ssh-client.js';

describe.skipIf(!IS_ROOT)('lab of 2 systemd hosts', () => {
  let lab: Lab;
  let stopped = false;

  beforeAll(async () => {
    const t0 = Date.now();
    lab = await startLab({ hosts: 2, systemd: true });
    console.log(`lab timing: 2 systemd hosts up (system running) in ${Date.now() - t0} ms`);
  });

  afterAll(async () => {
    if (lab && !stopped) await lab.stop();
  });

  const host = (i: number): TestHost => {
    const h = lab.hosts[i];
    if (!h) throw new Error(`no host ${i}`);
    return h;
  };

  it('boots systemd as PID 1 to "running", with sshd from ssh.service', async () => {
    for (const h of lab.hosts) {
      const r = await sshExec(h, rootLogin(lab), 'systemctl is-system-running; cat /proc/1/comm; systemctl is-active ssh.service; hostname; systemd-detect-virt; systemctl --failed --no-legend | wc -l');
      expect(r.stdout.split('\n').slice(0, 6)).toEqual(['running', 'systemd', 'active', h.name, 'container-other', '0']);
    }
  });

  it('starts, enables and stops a unit, with the unit file only in that host', async () => {
    const h = host(0);
    const unit = '/etc/systemd/system/kplay-lab-test.service';
    const script = [
      `printf '[Unit]\\nDescription=lab test\\n[Service]\\nExecStart=/bin/sleep infinity\\n[Install]\\nWantedBy=multi-user.target\\n' > ${unit}`,
      'systemctl daemon-reload',
      'systemctl enable --now kplay-lab-test.service 2>/dev/null',
      'systemctl is-active kplay-lab-test.service',
      'systemctl is-enabled kplay-lab-test.service',
      'systemctl stop kplay-lab-test.service',
      'systemctl is-active kplay-lab-test.service || true',
    ].join(' && ');
    const r = await sshExec(h, rootLogin(lab), script);
    expect(r.stdout.split('\n').slice(0, 3), r.stderr).toEqual(['active', 'enabled', 'inactive']);
    expect(existsSync(`${h.upperDir}${unit}`)).toBe(true);
    expect(existsSync(unit)).toBe(false);
    expect(await lab.readFile(host(1), unit)).toBeUndefined();
  });

  it('keeps global sysctls read-only and net.* writable', async () => {
    const before = readFileSync('/proc/sys/vm/max_map_count', 'utf8');
    const r = await lab.exec(
      host(1),
      // rewrites the current value: harmless to the machine even if the mount were writable
      'v=$(cat /proc/sys/vm/max_map_count); (echo $v > /proc/sys/vm/max_map_count) 2>/dev/null && echo kernel=rw || echo kernel=ro; ' +
        'echo 1 > /proc/sys/net/ipv4/ip_forward && echo net=rw',
    );
    expect(r.stdout).toBe('kernel=ro\nnet=rw\n');
    expect(readFileSync('/proc/sys/vm/max_map_count', 'utf8')).toBe(before);
    expect(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8')).toBe('0\n');
  });

  it('makes a host unreachable with killSshd (ssh.service stopped, not restarted)', async () => {
    const h = host(1);
    await lab.killSshd(h);
    await expect(sshExec(h, rootLogin(lab), 'true')).rejects.toThrow(/ECONNREFUSED/);
    const r = await lab.exec(h, 'sleep 1; systemctl is-active ssh.service; systemctl is-system-running');
    expect(r.stdout).toBe('inactive\nrunning\n');
  });

  it('reports memory and stops clean', async () => {
    console.log(`lab memory: ${(hostPssKb(host(0)) / 1024).toFixed(1)} MB PSS per idle systemd host`);
    const fp = footprint(lab);
    expect(fp.cgroups.length).toBe(3);
    const t0 = Date.now();
    stopped = true;
    await lab.stop();
    console.log(`lab timing: 2 systemd hosts stopped in ${Date.now() - t0} ms`);
    expect(leftovers(fp)).toEqual([]);
  });
});
