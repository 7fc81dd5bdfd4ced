/**
 * A pool without a lab: ssh2 servers on loopback as the hosts (they accept any key), fake
 * BMCs (FakePowerDriver) and a stub playbook runner. Each test starts from a fresh project
 * directory with every host `provisioned`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterContext, PlaybookRunRequest } from '../../../src/cluster/index.js';
import { loadPools, type PoolHost } from '../../../src/provision/pools/index.js';
import { FakePowerDriver } from '../../../src/provision/power/index.js';
import { openHostStateStore, type HostStatus } from '../../../src/provision/store/index.js';
import { fakeSshHost } from '../../provision/flow/helpers.js';
import { ed25519KeyPair } from '../../fixtures/ssh-keys.js';

export interface FakePool {
  readonly dir: string;
  readonly drivers: Map<string, FakePowerDriver>;
  /** Fresh `.kplay/` (every host provisioned) and fresh BMCs. */
  reset(): Promise<void>;
  ctx(run: (req: PlaybookRunRequest) => Promise<number>, extra?: Partial<ClusterContext>): ClusterContext;
  states(): Promise<Record<string, HostStatus>>;
  close(): Promise<void>;
}

/** Hosts n1…nN with the given roles, `order` = their index + 1. */
export async function startFakePool(roles: readonly string[]): Promise<FakePool> {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-cluster-pool-'));
  const servers = await Promise.all(roles.map((_, i) => fakeSshHost([`52:54:00:ab:00:0${i}`], `n${i + 1}`)));
  writeFileSync(join(dir, 'id'), ed25519KeyPair().private, { mode: 0o600 });
  writeFileSync(join(dir, 'pw'), 'sekrit-pool-pw', { mode: 0o600 });
  const hosts = servers.map(
    (s, i) => `      - {name: n${i + 1}, order: ${i + 1}, role: ${roles[i]}, bootMACAddress: "52:54:00:ab:00:0${i}", bmc: {address: "10.9.8.${i + 1}"}, ssh: {address: 127.0.0.1, port: ${s.port}}}`,
  );
  writeFileSync(
    join(dir, 'pools.yml'),
    `profiles:\n  img: {image: http://127.0.0.1/x.img}\npools:\n  rack1:\n    defaults:\n      profile: img\n      bmc: {username: admin, password: {file: pw}}\n      ssh: {user: root, privateKeyFile: id}\n    hosts:\n${hosts.join('\n')}\n`,
  );
  const drivers = new Map<string, FakePowerDriver>();
  return {
    dir,
    drivers,
    async reset() {
      rmSync(join(dir, '.kplay'), { recursive: true, force: true });
      drivers.clear();
      const store = openHostStateStore(dir);
      for (let i = 1; i <= roles.length; i++) {
        for (const to of [{ state: 'registered' }, { state: 'provisioning' }, { state: 'provisioned' }] as const) await store.transition({ host: `n${i}`, pool: 'rack1', to });
      }
    },
    ctx(run, extra = {}) {
      return {
        projectDir: dir,
        pools: loadPools(join(dir, 'pools.yml')),
        store: openHostStateStore(dir),
        runPlaybook: run,
        defaultPlaybook: '/nonexistent/site.yml',
        driverFor: (h: PoolHost) => {
          let d = drivers.get(h.name);
          if (!d) drivers.set(h.name, (d = new FakePowerDriver(`fake-${h.name}:623`)));
          return d;
        },
        sshTimeoutMs: 5_000,
        ...extra,
      };
    },
    async states() {
      return Object.fromEntries((await openHostStateStore(dir).list()).map((r) => [r.host, r.status]));
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
