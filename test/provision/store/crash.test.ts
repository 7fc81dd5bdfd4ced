/**
 * kill -9 of a writer at random moments, again and again: the store is always a valid
 * file holding either the old or the new state, the next process takes the dead
 * writer's lock over, and the temp files it left are cleaned up.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FileHostStateStore, readDocument } from '../../../src/provision/store/index.js';
import { startWorker, tempStorePath } from './helpers.js';

const ROUNDS = 40;

describe('kill -9 while writing', () => {
  it(`leaves a valid store in ${ROUNDS} random kills`, async () => {
    const store = new FileHostStateStore(tempStorePath());
    await store.withLock((tx) => {
      tx.transition({ host: 'h', pool: 'p', to: { state: 'registered' } });
      tx.transition({ host: 'h', to: { state: 'provisioning' } });
      tx.transition({ host: 'h', to: { state: 'provisioned' } });
      tx.transition({ host: 'h', to: { state: 'ready' } });
    });
    let lastRevision = 1;
    let staleLocks = 0;
    let leftTemps = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const w = startWorker([store.path, 'forever', 'h']);
      await w.waitFor('tick');
      await sleep(Math.random() * 40);
      w.child.kill('SIGKILL');
      const exit = await w.exited;
      expect(exit.signal).toBe('SIGKILL');

      // Readable as it is, without the lock (what a reader sees after the crash).
      const doc = readDocument(store.path);
      const rec = doc.hosts['h'];
      expect(['ready', 'in-cluster']).toContain(rec?.status.state);
      // One write is one record version and one file revision: never half of one.
      expect((rec?.version ?? 0) - doc.revision).toBe(3);
      expect(rec?.history.at(-1)?.to).toEqual(rec?.status);
      expect(doc.revision).toBeGreaterThan(lastRevision);
      lastRevision = doc.revision;
      if (existsSync(store.lockPath)) staleLocks++;
      if (readdirSync(dirname(store.path)).some((n) => n.endsWith('.tmp'))) leftTemps++;
    }
    // The kills did land inside the lock, so the workers above took dead locks over.
    expect(staleLocks).toBeGreaterThan(0);

    const rec = await store.get('h');
    const next = await store.transition({ host: 'h', to: rec?.status.state === 'ready' ? { state: 'in-cluster', cluster: 'c' } : { state: 'ready' }, expectedVersion: rec?.version ?? 0 });
    expect(next.version).toBe((rec?.version ?? 0) + 1);
    expect(existsSync(store.lockPath)).toBe(false);
    expect(readdirSync(dirname(store.path)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    console.log(`kill -9 x${ROUNDS}: ${staleLocks} dead locks taken over, ${leftTemps} rounds left temp files, final revision ${lastRevision}`);
  });
});
