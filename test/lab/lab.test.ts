import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab, type TestHost } from './index.js';
import { IS_ROOT, footprint, hostPssKb, leftovers } from './measure.js';
import { rootLogin, sshExec, userLogin } from './ssh-client.js';

function at<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no element ${i}`);
  return v;
}

describe.skipIf(!IS_ROOT)('lab of 20 hosts', () => {
  it('starts in a few seconds and stops clean', async () => {
    const t0 = Date.now();
    const lab = await startLab({ hosts: 20 });
    const up = Date.now() - t0;
    expect(lab.hosts).toHaveLength(20);
    const fp = footprint(lab);
    const t1 = Date.now();
    await lab.stop();
    console.log(`lab timing: 20 hosts up in ${up} ms, stopped in ${Date.now() - t1} ms`);
    expect(leftovers(fp)).toEqual([]);
    expect(up).toBeLessThan(15_000);
  });
});

describe.skipIf(!IS_ROOT)('lab of 50 hosts', () => {
  let lab: Lab;
  let stopped = false;

  beforeAll(async () => {
    const t0 = Date.now();
    lab = await startLab({ hosts: 50 });
    console.log(`lab timing: 50 hosts up in ${Date.now() - t0} ms`);
  });

  afterAll(async () => {
    if (lab && !stopped) await lab.stop();
  });

  it('gives every host its own address, netns and hostname, reachable over real SSH', async () => {
    expect(new Set(lab.hosts.map((h) => h.address)).size).toBe(50);
    expect(new Set(lab.hosts.map((h) => h.netns)).size).toBe(50);
    const results = await Promise.all(
      lab.hosts.map((h) => sshExec(h, rootLogin(lab), 'hostname; cat /etc/hostname; id -u; /usr/bin/python3 -c "print(6*7)"; ip -4 -o addr show dev eth0')),
    );
    results.forEach((r, i) => {
      const h = at(lab.hosts, i);
      expect(r.code, r.stderr).toBe(0);
      const [name, fileName, uid, py, addr] = r.stdout.split('\n');
      expect(name).toBe(h.name);
      expect(fileName).toBe(h.name);
      expect(uid).toBe('0');
      expect(py).toBe('42');
      expect(addr).toContain(`inet ${h.address}/16`);
    });
  });

  it('keeps a write on one host out of the others and out of the machine', async () => {
    const [a, b] = [at(lab.hosts, 0), at(lab.hosts, 1)];
    const marker = `/etc/kplay-lab-marker-${process.pid}`;
    const w = await sshExec(a, rootLogin(lab), `echo written-on-${a.name} > ${marker} && echo changed >> /etc/motd && rm /etc/issue`);
    expect(w.code, w.stderr).toBe(0);
    expect(await lab.readFile(a, marker)).toBe(`written-on-${a.name}\n`);
    expect(readFileSync(`${a.upperDir}${marker}`, 'utf8')).toBe(`written-on-${a.name}\n`);
    const other = await sshExec(b, rootLogin(lab), `test -e ${marker}; echo $?; tail -n1 /etc/motd; test -e /etc/issue; echo $?`);
    expect(other.stdout.split('\n').slice(0, 3)).toEqual(['1', expect.not.stringContaining('changed'), '0']);
    expect(await lab.readFile(b, marker)).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync('/etc/motd', 'utf8')).not.toMatch(/changed\n$/);
    expect(existsSync('/etc/issue')).toBe(existsSync(`/proc/${b.pid}/root/etc/issue`));
  });

  it('has a sudo user that needs its password', async () => {
    const h = at(lab.hosts, 2);
    const noPw = await sshExec(h, userLogin(lab), 'id -un; sudo -n true');
    expect(noPw.stdout.trim()).toBe(lab.user.name);
    expect(noPw.code).not.toBe(0);
    expect(noPw.stderr).toMatch(/password is required/);
    const wrong = await sshExec(h, userLogin(lab), "sudo -S -p '' id -u", 'not-the-password\n');
    expect(wrong.code).not.toBe(0);
    const right = await sshExec(h, userLogin(lab), "sudo -S -p '' id -u", `${lab.user.password}\n`);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout.trim()).toBe('0');
    const byPassword = await sshExec(h, { username: lab.user.name, password: lab.user.password }, 'id -un');
    expect(byPassword.stdout.trim()).toBe(lab.user.name);
  });

  it('runs commands inside a host without SSH', async () => {
    const h = at(lab.hosts, 3);
    const r = await lab.exec(h, 'hostname; cat /proc/1/cmdline | tr "\\0" " "; echo; ls /run/sshd.pid; echo err >&2; exit 3');
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n')[0]).toBe(h.name);
    expect(r.stderr).toBe('err\n');
    expect(await lab.readFile(h, '/etc/hostname')).toBe(`${h.name}\n`);
    expect(await lab.readFile(h, '/no/such/file')).toBeUndefined();
  });

  it('makes a host unreachable with killSshd, while the host stays up', async () => {
    const h: TestHost = at(lab.hosts, 49);
    expect((await sshExec(h, rootLogin(lab), 'true')).code).toBe(0);
    await lab.killSshd(h);
    await expect(sshExec(h, rootLogin(lab), 'true')).rejects.toThrow(/ECONNREFUSED/);
    expect((await lab.exec(h, 'hostname')).stdout.trim()).toBe(h.name);
  });

  it('uses little memory per host', () => {
    const sample = lab.hosts.slice(0, 5).map(hostPssKb);
    const avgMb = sample.reduce((a, b) => a + b, 0) / sample.length / 1024;
    console.log(`lab memory: ${avgMb.toFixed(1)} MB PSS per idle bare host`);
    expect(avgMb).toBeGreaterThan(0);
  });

  it('leaves no netns, links, processes or directories after stop()', async () => {
    const fp = footprint(lab);
    expect(leftovers(fp).length).toBeGreaterThan(100);
    const t0 = Date.now();
    stopped = true;
    await lab.stop();
    console.log(`lab timing: 50 hosts stopped in ${Date.now() - t0} ms`);
    expect(leftovers(fp)).toEqual([]);
  });
});
