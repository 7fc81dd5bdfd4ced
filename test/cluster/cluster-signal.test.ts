/**
 * Ctrl-C and SIGTERM against the built CLI (`node bin/kplay.js cluster …`, dist/): ipmi_sim
 * BMCs, loopback SSH hosts for the SSH wait, and a playbook whose task holds the run on a
 * local child process (`sleep`) until the test interrupts it. The lab test
 * (cluster-e2e.test.ts) interrupts the real content; this one proves the process side:
 * exit codes, no process left behind, a valid store, and reruns that resume.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClusterRecord } from '../../src/cluster/index.js';
import { openHostStateStore, type HostStatus } from '../../src/provision/store/index.js';
import { descendantPids } from '../../src/cli/cluster-interrupt.js';
import { fakeSshHost } from '../provision/flow/helpers.js';
import { cmdline, runCli, type CliRun } from './helpers/spawn-cli.js';
import { haveIpmiSim, startIpmiSim, type SimBmc } from '../provision/ipmi/helpers/ipmi-sim.js';
import { ed25519KeyPair } from '../fixtures/ssh-keys.js';

const HOLD_SECONDS = '5011';
const held = (cmd: string): boolean => cmd === `sleep ${HOLD_SECONDS}`;

describe.skipIf(!haveIpmiSim() || process.platform !== 'linux')('kplay cluster: Ctrl-C and SIGTERM (built CLI)', () => {
  let dir = '';
  const bmcs: SimBmc[] = [];
  const servers: Array<{ close(): Promise<void> }> = [];
  const hold = (): string => join(dir, 'hold');

  /** Runs the CLI; with `sig`, sends it once the playbook's held `sleep` runs below kplay. */
  function kplay(args: string[], sig?: NodeJS.Signals): Promise<CliRun> {
    return runCli(args, {
      cwd: dir,
      env: { ...process.env, KPLAY_HOME: join(dir, '.kplay'), KPLAY_NO_PROGRESS: '1' },
      ...(sig ? { interrupt: { signal: sig, when: (_out: string, pid: number) => descendantPids(pid).some((p) => held(cmdline(p))), waitMs: 60_000 } } : {}),
      alsoLeftover: held,
    });
  }
  async function states(): Promise<Record<string, HostStatus>> {
    return Object.fromEntries((await openHostStateStore(dir).list()).map((r) => [r.host, r.status]));
  }
  function cluster(workers: number): string {
    const file = join(dir, 'c1.yml');
    writeFileSync(file, `name: c1\npool: rack1\ncontrolPlanes: 1\nworkers: ${workers}\nplaybook: hold.yml\nvars:\n  hold_file: ${hold()}\n`);
    return file;
  }
  /** The store parses and nobody holds its lock (a dead waiter's `.want` marker counts for nothing; the next writer drops it). */
  function storeIsSound(markers: string[] = []): void {
    expect(() => JSON.parse(readFileSync(join(dir, '.kplay/state/hosts.json'), 'utf8'))).not.toThrow();
    expect(readdirSync(join(dir, '.kplay/state')).filter((f) => f.includes('.lock'))).toEqual(markers);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-cluster-signal-'));
    writeFileSync(join(dir, 'id'), ed25519KeyPair().private, { mode: 0o600 });
    const roles = ['control-plane', 'worker', 'worker'];
    const lines: string[] = [];
    for (let i = 0; i < roles.length; i++) {
      const bmc = await startIpmiSim();
      bmcs.push(bmc);
      const ssh = await fakeSshHost([`52:54:00:ac:00:0${i}`], `n${i + 1}`);
      servers.push(ssh);
      lines.push(
        `      - {name: n${i + 1}, order: ${i + 1}, role: ${roles[i]}, bootMACAddress: "52:54:00:ac:00:0${i}", bmc: {address: "ipmi://127.0.0.1:${bmc.port}", password: {file: ${bmc.passwordFile}}}, ssh: {address: 127.0.0.1, port: ${ssh.port}}}`,
      );
    }
    writeFileSync(
      join(dir, 'pools.yml'),
      `profiles:\n  img: {image: http://127.0.0.1/x.img}\npools:\n  rack1:\n    defaults:\n      profile: img\n      bmc: {username: admin}\n      ssh: {user: root, privateKeyFile: id}\n    hosts:\n${lines.join('\n')}\n`,
    );
    writeFileSync(
      join(dir, 'hold.yml'),
      `- name: Hold the run on a local child process while the file exists\n  hosts: all\n  gather_facts: false\n  tasks:\n    - name: hold\n      ansible.builtin.shell: "test ! -e {{ hold_file }} || exec sleep ${HOLD_SECONDS}"\n      delegate_to: localhost\n      run_once: true\n`,
    );
    const store = openHostStateStore(dir);
    for (let i = 1; i <= roles.length; i++) {
      for (const to of [{ state: 'registered' }, { state: 'provisioning' }, { state: 'provisioned' }, { state: 'ready' }] as const) await store.transition({ host: `n${i}`, pool: 'rack1', to });
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...bmcs.map((b) => b.stop()), ...servers.map((s) => s.close())]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Ctrl-C during cluster up: exit 99 as ansible-playbook, the chosen hosts recorded as interrupted, no process left, the rerun resumes', async () => {
    writeFileSync(hold(), '');
    const r = await kplay(['up', cluster(1)], 'SIGINT');
    expect(r.out).toContain('kplay cluster: SIGINT: stopping; hosts being built are recorded as error, a rerun resumes');
    expect(r.out).toContain(`ERROR! cluster c1: interrupted by SIGINT: n1, n2 recorded as error (cluster c1: interrupted by SIGINT); kplay cluster up ${join(dir, 'c1.yml')} resumes`);
    expect([r.code, r.signal]).toEqual([99, null]);
    // The run's end is not reported as a task failure: the interruption is the last word.
    expect(r.out.trimEnd().split('\n').at(-1)).toMatch(/^ERROR! cluster c1: interrupted by SIGINT/);
    expect(r.out).not.toContain('PLAY RECAP');
    expect(r.leftovers).toEqual([]);
    if (process.env['KPLAY_TEST_FIGURES']) process.stderr.write(`SIGINT → exit: ${r.stopMs} ms\n`);
    expect(r.stopMs).toBeLessThan(5_000);
    const reason = 'cluster c1: interrupted by SIGINT';
    expect(await states()).toEqual({ n1: { state: 'error', reason }, n2: { state: 'error', reason }, n3: { state: 'ready' } });
    expect(readClusterRecord(dir, 'c1')).toMatchObject({ status: 'failed', error: 'interrupted by SIGINT' });
    storeIsSound();
    expect(bmcs[0]?.power()).toBe('1');

    unlinkSync(hold());
    const again = await kplay(['up', cluster(1)]);
    expect(again.out).toContain('cluster c1: ready\n  control_plane: n1\n  workers:       n2');
    expect(again.code).toBe(0);
    expect(await states()).toEqual({ n1: { state: 'in-cluster', cluster: 'c1' }, n2: { state: 'in-cluster', cluster: 'c1' }, n3: { state: 'ready' } });
  }, 120_000);

  it('SIGTERM while a higher worker count joins: exit 143, the new host recorded, the cluster as it was; a double Ctrl-C leaves at once; the rerun takes over and adds it', async () => {
    writeFileSync(hold(), '');
    const r = await kplay(['up', cluster(2)], 'SIGTERM');
    expect(r.out).toContain('kplay cluster: n3: worker (new)');
    expect([r.code, r.signal]).toEqual([143, null]);
    expect(r.out).not.toContain('PLAY RECAP');
    if (process.env['KPLAY_TEST_FIGURES']) process.stderr.write(`SIGTERM → exit: ${r.stopMs} ms\n`);
    expect(r.leftovers).toEqual([]);
    expect(await states()).toEqual({
      n1: { state: 'in-cluster', cluster: 'c1' },
      n2: { state: 'in-cluster', cluster: 'c1' },
      n3: { state: 'error', reason: 'cluster c1: interrupted by SIGTERM' },
    });
    expect(readClusterRecord(dir, 'c1')).toMatchObject({ status: 'ready', members: [{ host: 'n1' }, { host: 'n2' }] });
    expect(readFileSync(join(dir, '.kplay/clusters/c1/inventory.yml'), 'utf8')).not.toContain('n3');
    storeIsSound();

    // Ctrl-C twice while the first one's clean-up waits for the store lock: kplay leaves at
    // once, recording nothing; its `building` record names a dead process and claims nothing.
    let release = (): void => undefined;
    let holding: Promise<void> | undefined;
    const twice = await runCli(['up', cluster(2)], {
      cwd: dir,
      env: { ...process.env, KPLAY_HOME: join(dir, '.kplay'), KPLAY_NO_PROGRESS: '1' },
      interrupt: {
        signal: 'SIGINT',
        when: (_out, pid) => descendantPids(pid).some((p) => held(cmdline(p))),
        before: async () => {
          const released = new Promise<void>((r) => (release = r));
          await new Promise<void>((locked) => (holding = openHostStateStore(dir).withLock(async () => (locked(), released))));
        },
        againAfterMs: 500,
      },
      alsoLeftover: held,
    });
    release();
    await holding;
    expect(twice.out).toContain('kplay cluster: SIGINT again: leaving now');
    expect([twice.code, twice.signal]).toEqual([99, null]);
    expect(twice.leftovers).toEqual([]);
    expect(readClusterRecord(dir, 'c1')).toMatchObject({ status: 'building', members: [{ host: 'n1' }, { host: 'n2' }, { host: 'n3' }] });
    expect((await states())['n3']).toEqual({ state: 'error', reason: 'cluster c1: interrupted by SIGTERM' });
    storeIsSound(['hosts.json.lock.want']);

    unlinkSync(hold());
    const again = await kplay(['up', cluster(2)]);
    expect(again.out).toMatch(/kplay cluster: cluster c1: the build of process \d+ did not finish \(killed\); taking over/);
    expect(again.code).toBe(0);
    expect(again.out).toContain('workers:       n2, n3');
    expect((await states())['n3']).toEqual({ state: 'in-cluster', cluster: 'c1' });
    expect(readClusterRecord(dir, 'c1')).toMatchObject({ status: 'ready' });
    storeIsSound();
    expect(existsSync(hold())).toBe(false);
  }, 120_000);
});
