/**
 * Two real kplay processes write the same store at the same time: no update is lost,
 * neither under withLock nor with optimistic versions and retries.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileHostStateStore } from '../../../src/provision/store/index.js';
import { startWorker, tempStorePath } from './helpers.js';

async function registerReady(store: FileHostStateStore, host: string): Promise<void> {
  await store.withLock((tx) => {
    tx.transition({ host, pool: 'p', to: { state: 'registered' } });
    tx.transition({ host, to: { state: 'provisioning' } });
    tx.transition({ host, to: { state: 'provisioned' } });
    tx.transition({ host, to: { state: 'ready' } });
  });
}

/** Starts workers that wait on a go-file, then lets them all go at once. */
async function runTogether(store: FileHostStateStore, argsList: readonly (readonly string[])[]): Promise<string[]> {
  const go = join(dirname(store.path), 'go');
  const workers = argsList.map((args) => startWorker([store.path, ...args], { KPLAY_WORKER_GO: go, KPLAY_WORKER_HISTORY: '1000' }));
  await Promise.all(workers.map((w) => w.waitFor('ready')));
  writeFileSync(go, '');
  const results = await Promise.all(workers.map((w) => w.exited));
  for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return results.map((r) => r.stdout);
}

describe('two processes, one store', () => {
  it('withLock: every toggle of a shared host counts', async () => {
    const store = new FileHostStateStore(tempStorePath());
    await registerReady(store, 'shared');
    const N = 150;
    await runTogether(store, [
      ['toggle', 'shared', String(N)],
      ['toggle', 'shared', String(N)],
    ]);
    const doc = await store.snapshot();
    const rec = doc.hosts['shared'];
    expect(rec?.version).toBe(4 + 2 * N);
    expect(doc.revision).toBe(1 + 2 * N);
    expect(rec?.history).toHaveLength(4 + 2 * N);
    // Even count of flips from ready: ready again.
    expect(rec?.status).toEqual({ state: 'ready' });
    // The two really ran at the same time, and the lock is fair: their writes interleave.
    const writers = (rec?.history ?? []).slice(4).map((h) => h.reason);
    console.log(`withLock x${2 * N}: writer switched ${writers.filter((w, i) => i > 0 && w !== writers[i - 1]).length} times`);
    const switches = writers.filter((w, i) => i > 0 && w !== writers[i - 1]).length;
    expect(new Set(writers).size).toBe(2);
    expect(switches).toBeGreaterThan(30);
  });

  it('optimistic versions: conflicts are retried, none is lost', async () => {
    const store = new FileHostStateStore(tempStorePath());
    await registerReady(store, 'shared');
    const N = 60;
    const out = await runTogether(store, [
      ['optimistic', 'shared', String(N)],
      ['optimistic', 'shared', String(N)],
    ]);
    const rec = await store.get('shared');
    expect(rec?.version).toBe(4 + 2 * N);
    expect(out.every((o) => /conflicts \d+/.test(o))).toBe(true);
  });
});
