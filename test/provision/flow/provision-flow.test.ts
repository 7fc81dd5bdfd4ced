import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provisionHosts, type ProvisionEvent, type ProvisionRunOptions } from '../../../src/provision/flow/index.js';
import type { PoolHost } from '../../../src/provision/pools/index.js';
import { FileHostStateStore } from '../../../src/provision/store/index.js';
import { fakeSshHost, flowPools, loopbackBootServices, macOf, NetbootingFakeDriver, type FlowFixture } from './helpers.js';

describe('provision flow (fake BMCs, real HTTP boot server, real SSH logins)', () => {
  let ssh: Array<Awaited<ReturnType<typeof fakeSshHost>>>;
  let fx: FlowFixture;
  let store: FileHostStateStore;
  let services: Awaited<ReturnType<typeof loopbackBootServices>> | undefined;
  let drivers: Map<string, NetbootingFakeDriver>;
  let events: ProvisionEvent[];

  beforeEach(async () => {
    ssh = [await fakeSshHost([macOf(0), '00:00:00:00:00:00'], 'node1'), await fakeSshHost([macOf(1)], 'node2')];
    fx = flowPools(ssh.map((s) => s.port));
    store = new FileHostStateStore(join(fx.dir, '.kplay', 'state', 'hosts.json'));
    drivers = new Map();
    services = undefined;
    events = [];
  });
  afterEach(async () => {
    for (const s of ssh) await s.close();
    fx.cleanup();
  });

  const run = (o: Partial<ProvisionRunOptions> & { behaviour?: (h: PoolHost) => 'installs' | 'never-boots' } = {}) =>
    provisionHosts({
      pools: fx.pools,
      store,
      installTimeoutMs: 5000,
      sshTimeoutMs: 5000,
      emit: (e) => events.push(e),
      driverFor: (h) => {
        const d = drivers.get(h.name) ?? new NetbootingFakeDriver(h, () => services?.url ?? '', o.behaviour?.(h) ?? 'installs');
        drivers.set(h.name, d);
        return d;
      },
      startBootServices: async () => (services = await loopbackBootServices()),
      ...o,
    });

  it('provisions every host in parallel: PXE one-shot, power on, callback, SSH with the right MAC, disk after', async () => {
    const results = await run();
    expect(results.map((r) => [r.host, r.outcome, r.address])).toEqual([
      ['node1', 'provisioned', '127.0.0.1'],
      ['node2', 'provisioned', '127.0.0.1'],
    ]);
    const d = drivers.get('node1');
    expect(d?.calls).toEqual([
      { op: 'status' },
      { op: 'boot', device: 'pxe', oneShot: true, efi: false },
      { op: 'power', action: 'on' },
      { op: 'boot', device: 'disk', oneShot: false, efi: false },
    ]);
    expect(d?.state).toBe('on');
    const rec = await store.get('node1');
    expect(rec?.status).toEqual({ state: 'provisioned' });
    expect(rec?.history.map((h) => h.to.state)).toEqual(['registered', 'provisioning', 'provisioned']);
    expect(ssh.map((s) => s.logins())).toEqual([1, 1]);
    expect(results[0]?.boot).toHaveProperty('answer-file');
    expect(results[0]?.phases).toHaveProperty('install');
    expect(events.filter((e) => e.kind === 'boot' && e.step === 'callback')).toHaveLength(2);
    expect(services?.stopped).toBe(true);
  });

  it('--power-off-after leaves hosts off and ready', async () => {
    const results = await run({ powerOffAfter: true, hosts: ['node2'] });
    expect(results.map((r) => r.outcome)).toEqual(['ready']);
    expect(drivers.get('node2')?.state).toBe('off');
    expect((await store.get('node2'))?.status).toEqual({ state: 'ready' });
    expect(await store.get('node1')).toBeUndefined();
  });

  it('a rerun skips provisioned hosts; --force reinstalls them', async () => {
    await run({ hosts: ['node1'] });
    drivers.clear();
    const again = await run({ hosts: ['node1'] });
    expect(again[0]).toMatchObject({ outcome: 'skipped', reason: 'already provisioned (--force reinstalls)' });
    expect(drivers.get('node1')).toBeUndefined();
    const forced = await run({ hosts: ['node1'], force: true });
    expect(forced[0]?.outcome).toBe('provisioned');
    const states = (await store.get('node1'))?.history.map((h) => h.to.state);
    expect(states).toEqual(['registered', 'provisioning', 'provisioned', 'deprovisioning', 'registered', 'provisioning', 'provisioned']);
  });

  it('one host failing (BMC error) records error with the phase and reason; the other is provisioned', async () => {
    const results = await run({
      driverFor: (h) => {
        const d = new NetbootingFakeDriver(h, () => services?.url ?? '');
        if (h.name === 'node1') d.failWith = new Error('BMC 10.0.0.1:623: no answer after 3 attempts');
        drivers.set(h.name, d);
        return d;
      },
    });
    expect(results.map((r) => r.outcome)).toEqual(['error', 'provisioned']);
    expect(results[0]?.reason).toBe('ipmi: BMC 10.0.0.1:623: no answer after 3 attempts');
    expect((await store.get('node1'))?.status).toEqual({ state: 'error', reason: 'ipmi: BMC 10.0.0.1:623: no answer after 3 attempts' });
  });

  it('a host that never boots times out into error, saying how far it got', async () => {
    const results = await run({ installTimeoutMs: 800, hosts: ['node1'], behaviour: () => 'never-boots' });
    expect(results[0]?.reason).toBe('install: the installer did not call back within 1 s (it never asked for its iPXE script)');
    expect((await store.get('node1'))?.status.state).toBe('error');
  });

  it('SSH answering with another machine\'s MACs is an error, not provisioned', async () => {
    await ssh[1]?.close();
    const wrong = await fakeSshHost(['aa:bb:cc:dd:ee:ff'], 'impostor');
    ssh[1] = wrong;
    fx.cleanup();
    fx = flowPools([ssh[0]?.port ?? 0, wrong.port]);
    store = new FileHostStateStore(join(fx.dir, '.kplay', 'state', 'hosts.json'));
    const results = await run({ hosts: ['node2'] });
    expect(results[0]?.reason).toBe(`ssh: SSH at 127.0.0.1 is not node2: its MACs are aa:bb:cc:dd:ee:ff, not ${macOf(1)}`);
  });

  it('an interrupt (Ctrl-C) records hosts in flight as error and stops the boot services', async () => {
    const abort = new AbortController();
    const pending = run({ signal: abort.signal, behaviour: () => 'never-boots', installTimeoutMs: 60_000 });
    while (events.filter((e) => e.kind === 'phase' && e.phase === 'install').length < 2) await new Promise((r) => setTimeout(r, 10));
    abort.abort('interrupted by SIGINT');
    const results = await pending;
    expect(results.map((r) => r.reason)).toEqual(['install: interrupted by SIGINT', 'install: interrupted by SIGINT']);
    expect((await store.get('node2'))?.status).toEqual({ state: 'error', reason: 'install: interrupted by SIGINT' });
    expect(services?.stopped).toBe(true);
  });

  it('resumes a host a killed run left in provisioning', async () => {
    await store.transition({ host: 'node1', pool: 'rack1', to: { state: 'registered' } });
    await store.transition({ host: 'node1', to: { state: 'provisioning' } });
    const results = await run({ hosts: ['node1'] });
    expect(results[0]?.outcome).toBe('provisioned');
    const h = (await store.get('node1'))?.history ?? [];
    expect(h.map((x) => x.to.state)).toEqual(['registered', 'provisioning', 'error', 'provisioning', 'provisioned']);
    expect(h[2]?.to).toEqual({ state: 'error', reason: 'a previous run stopped before it finished' });
  });

  it('a missing BMC password stops the run before any BMC or boot service is touched', async () => {
    fx.cleanup();
    fx = flowPools(ssh.map((s) => s.port), {});
    store = new FileHostStateStore(join(fx.dir, '.kplay', 'state', 'hosts.json'));
    await expect(run()).rejects.toThrow(/environment variable FLOW_BMC_PW\) is not set/);
    expect(drivers.size).toBe(0);
    expect(services).toBeUndefined();
  });
});
