import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/secrets/secret.js';
import {
  FileHostStateStore,
  IllegalTransitionError,
  SCHEMA_VERSION,
  SecretInStoreError,
  StoreError,
  StoreFormatError,
  VersionConflictError,
  allowedNext,
  defaultStorePath,
  openHostStateStore,
  type HostStatus,
} from '../../../src/provision/store/index.js';
import { tempStorePath } from './helpers.js';

function clock(start = Date.parse('2024-05-01T10:00:00Z')): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

function newStore(opts: ConstructorParameters<typeof FileHostStateStore>[1] = {}): FileHostStateStore {
  return new FileHostStateStore(tempStorePath(), { now: clock(), ...opts });
}

const LIFECYCLE: HostStatus[] = [
  { state: 'registered' },
  { state: 'provisioning' },
  { state: 'provisioned' },
  { state: 'ready' },
  { state: 'in-cluster', cluster: 'prod' },
  { state: 'ready' },
  { state: 'deprovisioning' },
  { state: 'registered' },
];

describe('host state store', () => {
  it('lives at .kplay/state/hosts.json in the project', () => {
    expect(defaultStorePath('/srv/lab')).toBe('/srv/lab/.kplay/state/hosts.json');
    expect(openHostStateStore('/srv/lab').path).toBe('/srv/lab/.kplay/state/hosts.json');
  });

  it('walks a host through its life, with history, times, reasons and run ids', async () => {
    const store = newStore({ runId: 'run-1' });
    for (const to of LIFECYCLE) await store.transition({ host: 'n1', pool: 'rack1', to, reason: `to ${to.state}` });
    const rec = await store.get('n1');
    expect(rec).toMatchObject({ host: 'n1', pool: 'rack1', status: { state: 'registered' }, version: LIFECYCLE.length });
    expect(rec?.since).toBe(rec?.history.at(-1)?.at);
    const times = rec?.history.map((h) => Date.parse(h.at)) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(LIFECYCLE.length);
    expect(rec?.history.map((h) => [h.from, h.to.state])).toEqual([
      [null, 'registered'],
      ['registered', 'provisioning'],
      ['provisioning', 'provisioned'],
      ['provisioned', 'ready'],
      ['ready', 'in-cluster'],
      ['in-cluster', 'ready'],
      ['ready', 'deprovisioning'],
      ['deprovisioning', 'registered'],
    ]);
    expect(rec?.history[4]).toEqual({ at: expect.stringMatching(/^2024-05-01T10:00:\d\d\.000Z$/), from: 'ready', to: { state: 'in-cluster', cluster: 'prod' }, reason: 'to in-cluster', runId: 'run-1' });
    const file = JSON.parse(readFileSync(store.path, 'utf8')) as { schemaVersion: number; revision: number; kind: string };
    expect(file).toMatchObject({ kind: 'kplay-host-state', schemaVersion: SCHEMA_VERSION, revision: LIFECYCLE.length });
  });

  it('records an error with its reason, and leaves it for a retry', async () => {
    const store = newStore();
    await store.transition({ host: 'n1', pool: 'p', to: { state: 'registered' } });
    await store.transition({ host: 'n1', to: { state: 'provisioning' }, runId: 'run-7' });
    const err = await store.transition({ host: 'n1', to: { state: 'error', reason: 'installer never called back' } });
    expect(err.status).toEqual({ state: 'error', reason: 'installer never called back' });
    expect((await store.transition({ host: 'n1', to: { state: 'provisioning' } })).version).toBe(4);
  });

  it.each([
    [null, { state: 'provisioning' }],
    ['registered', { state: 'in-cluster', cluster: 'c' }],
    ['registered', { state: 'registered' }],
    ['provisioning', { state: 'ready' }],
    ['ready', { state: 'provisioned' }],
    ['in-cluster', { state: 'provisioning' }],
    ['error', { state: 'in-cluster', cluster: 'c' }],
  ] as const)('rejects %s -> %j', async (from, to) => {
    const store = newStore();
    const path: HostStatus[] = from === null ? [] : pathTo(from);
    for (const s of path) await store.transition({ host: 'n1', pool: 'p', to: s });
    const before = readState(store);
    const err = await store.transition({ host: 'n1', pool: 'p', to }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IllegalTransitionError);
    expect((err as Error).message).toMatch(from === null ? /host n1 is not registered and cannot go to/ : new RegExp(`host n1 is ${from} and cannot go to ${to.state} \\(from there: ${allowedNext(from).join(', ')}\\)`));
    expect(readState(store)).toBe(before);
  });

  it('checks the version the caller saw', async () => {
    const store = newStore();
    await store.transition({ host: 'n1', pool: 'p', to: { state: 'registered' }, expectedVersion: 0 });
    await expect(store.transition({ host: 'n1', pool: 'p', to: { state: 'registered' }, expectedVersion: 0 })).rejects.toThrow(VersionConflictError);
    await expect(store.transition({ host: 'n1', to: { state: 'provisioning' }, expectedVersion: 2 })).rejects.toThrow(/expected version 2, the store has 1/);
    expect((await store.transition({ host: 'n1', to: { state: 'provisioning' }, expectedVersion: 1 })).version).toBe(2);
  });

  it('needs a pool to register and keeps it', async () => {
    const store = newStore();
    await expect(store.transition({ host: 'n1', to: { state: 'registered' } })).rejects.toThrow(/needs its pool/);
    await store.transition({ host: 'n1', pool: 'a', to: { state: 'registered' } });
    await expect(store.transition({ host: 'n1', pool: 'b', to: { state: 'provisioning' } })).rejects.toThrow(/is in pool a in the state store, not b/);
  });

  it('needs a cluster for in-cluster and a reason for error', async () => {
    const store = newStore();
    await store.transition({ host: 'n1', pool: 'p', to: { state: 'registered' } });
    await expect(store.transition({ host: 'n1', to: { state: 'error', reason: '' } })).rejects.toThrow(/error needs a reason/);
  });

  it('withLock: several transitions in one write, none if the callback throws', async () => {
    const store = newStore();
    await store.withLock((tx) => {
      for (const host of ['a', 'b', 'c']) tx.transition({ host, pool: 'p', to: { state: 'registered' } });
      expect(tx.list().map((r) => r.host)).toEqual(['a', 'b', 'c']);
    });
    expect((await store.snapshot()).revision).toBe(1);
    const before = readState(store);
    await expect(
      store.withLock((tx) => {
        tx.transition({ host: 'a', to: { state: 'provisioning' } });
        throw new Error('picked the wrong host');
      }),
    ).rejects.toThrow('picked the wrong host');
    expect(readState(store)).toBe(before);
    expect((await store.get('a'))?.status.state).toBe('registered');
    expect(existsSync(store.lockPath)).toBe(false);
  });

  it('a transaction cannot be used after its callback', async () => {
    const store = newStore();
    let kept: Parameters<Parameters<FileHostStateStore['withLock']>[0]>[0] | undefined;
    await store.withLock((tx) => {
      kept = tx;
    });
    expect(() => kept?.list()).toThrow(StoreError);
  });

  it('a nested withLock fails at once instead of waiting for itself', async () => {
    const store = newStore({ lockTimeoutMs: 60_000 });
    const t0 = Date.now();
    await expect(store.withLock(() => store.transition({ host: 'n1', pool: 'p', to: { state: 'registered' } }))).rejects.toThrow(/not reentrant/);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(existsSync(store.lockPath)).toBe(false);
  });

  it('keeps the newest historyLimit transitions', async () => {
    const store = newStore({ historyLimit: 3 });
    for (const to of LIFECYCLE) await store.transition({ host: 'n1', pool: 'p', to });
    const rec = await store.get('n1');
    expect(rec?.history.map((h) => h.to.state)).toEqual(['ready', 'deprovisioning', 'registered']);
    expect(rec?.version).toBe(LIFECYCLE.length);
  });

  it('never writes a secret, and writes nothing when one is offered', async () => {
    const store = newStore();
    await store.transition({ host: 'n1', pool: 'p', to: { state: 'registered' } });
    const before = readState(store);
    const secret = new Secret('bmc-pa55word');
    const sneaky = { host: 'n1', to: { state: 'provisioning' as const }, reason: secret as unknown as string };
    await expect(store.transition(sneaky)).rejects.toThrow(SecretInStoreError);
    const object = { host: 'n1', to: { state: 'provisioning' as const }, runId: new (class BmcPassword {})() as unknown as string };
    await expect(store.transition(object)).rejects.toThrow(/refusing to write a BmcPassword at runId/);
    expect(readState(store)).toBe(before);
    expect(readState(store)).not.toContain('********');
  });

  it('refuses a file from a newer kplay, and one that is not a state file', async () => {
    const store = newStore();
    await store.transition({ host: 'n1', pool: 'p', to: { state: 'registered' } });
    const doc = JSON.parse(readState(store)) as Record<string, unknown>;
    writeFileSync(store.path, JSON.stringify({ ...doc, schemaVersion: SCHEMA_VERSION + 1 }));
    await expect(store.list()).rejects.toThrow(/schema version 2 is newer than this kplay reads \(1\)/);
    await expect(store.transition({ host: 'n1', to: { state: 'provisioning' } })).rejects.toThrow(StoreFormatError);
    writeFileSync(store.path, '{"hosts": {}}');
    await expect(store.list()).rejects.toThrow(/not a kplay host state file/);
  });

  it('an empty store lists nothing and leaves no temp files behind', async () => {
    const store = newStore();
    expect(await store.list()).toEqual([]);
    await store.transition({ host: 'n1', pool: 'p', to: { state: 'registered' } });
    expect(readdirSync(dirname(store.path))).toEqual(['hosts.json']);
  });
});

function pathTo(state: 'registered' | 'provisioning' | 'ready' | 'in-cluster' | 'error'): HostStatus[] {
  const all: HostStatus[] = [{ state: 'registered' }, { state: 'provisioning' }, { state: 'provisioned' }, { state: 'ready' }, { state: 'in-cluster', cluster: 'c' }];
  if (state === 'error') return [{ state: 'registered' }, { state: 'error', reason: 'x' }];
  return all.slice(0, all.findIndex((s) => s.state === state) + 1);
}

function readState(store: FileHostStateStore): string {
  return existsSync(store.path) ? readFileSync(store.path, 'utf8') : '(none)';
}
