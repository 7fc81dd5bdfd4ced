/**
 * The store's lock file: a dead holder's lock is taken over, a live holder is waited for
 * (up to a timeout that names it), and locks that cannot be judged are left alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileHostStateStore, LockTimeoutError } from '../../../src/provision/store/index.js';
import { startWorker, tempStorePath } from './helpers.js';

/** A PID that was just in use and is not any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

function writeLock(path: string, owner: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ nonce: 'old', acquiredAt: '2024-01-01T00:00:00Z', startTime: null, hostname: hostname(), ...owner }));
}

function newStore(timeoutMs: number): FileHostStateStore {
  return new FileHostStateStore(tempStorePath(), { lockTimeoutMs: timeoutMs, staleLockGraceMs: 500 });
}

const REGISTER = { host: 'n1', pool: 'p', to: { state: 'registered' } } as const;

describe('store lock', () => {
  it('takes over the lock of a dead process', async () => {
    const store = newStore(2_000);
    writeLock(store.lockPath, { pid: deadPid() });
    const t0 = Date.now();
    await store.transition(REGISTER);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(existsSync(store.lockPath)).toBe(false);
  });

  it('takes over a lock whose PID now belongs to another process (start time differs)', async () => {
    const store = newStore(2_000);
    writeLock(store.lockPath, { pid: process.pid, startTime: '1' });
    await store.transition(REGISTER);
    expect((await store.get('n1'))?.version).toBe(1);
  });

  it('takes over the lock of a writer killed with SIGKILL while holding it', async () => {
    const store = newStore(5_000);
    await store.transition(REGISTER);
    const w = startWorker([store.path, 'hold', '60000']);
    await w.waitFor('locked');
    const holder = JSON.parse(readFileSync(store.lockPath, 'utf8')) as { pid: number };
    expect(holder.pid).toBe(w.child.pid);
    w.child.kill('SIGKILL');
    await w.exited;
    await store.transition({ host: 'n1', to: { state: 'provisioning' } });
    expect((await store.get('n1'))?.version).toBe(2);
  });

  it('waits for a live holder, and gives up after the timeout naming it', async () => {
    const store = newStore(300);
    const w = startWorker([store.path, 'hold', '1500']);
    await w.waitFor('locked');
    const err = await store.transition(REGISTER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toMatch(new RegExp(`hosts\\.json\\.lock is held by pid ${w.child.pid} on ${hostname()}.*gave up after \\d+ ms`));

    const patient = new FileHostStateStore(store.path, { lockTimeoutMs: 10_000 });
    await patient.transition(REGISTER);
    const exit = await w.exited;
    expect(exit.code).toBe(0);
    expect((await patient.get('n1'))?.version).toBe(1);
  });

  it('waits for a lock file without an owner while it is fresh, takes it once it is old', async () => {
    const store = newStore(200);
    mkdirSync(dirname(store.lockPath), { recursive: true });
    writeFileSync(store.lockPath, '');
    await expect(store.transition(REGISTER)).rejects.toThrow(/no readable owner/);
    const old = new Date(Date.now() - 10_000);
    utimesSync(store.lockPath, old, old);
    await store.transition(REGISTER);
  });

  it('never takes over a lock from another machine', async () => {
    const store = newStore(200);
    writeLock(store.lockPath, { pid: deadPid(), hostname: 'some-other-operator-box' });
    await expect(store.transition(REGISTER)).rejects.toThrow(/held by pid \d+ on some-other-operator-box/);
    expect(existsSync(store.lockPath)).toBe(true);
  });

  it('gets past a takeover lock left by a process that died taking over', async () => {
    const store = newStore(2_000);
    writeLock(store.lockPath, { pid: deadPid() });
    writeLock(`${store.lockPath}.takeover`, { pid: deadPid(), nonce: 'other' });
    await store.transition(REGISTER);
    expect(existsSync(`${store.lockPath}.takeover`)).toBe(false);
    expect(existsSync(store.lockPath)).toBe(false);
  });

  it('two stores in one process take turns', async () => {
    const a = newStore(5_000);
    const b = new FileHostStateStore(a.path, { lockTimeoutMs: 5_000 });
    await a.transition(REGISTER);
    const order: string[] = [];
    await Promise.all([
      a.withLock(async (tx) => {
        order.push('a-in');
        await new Promise((r) => setTimeout(r, 100));
        tx.transition({ host: 'n1', to: { state: 'provisioning' } });
        order.push('a-out');
      }),
      new Promise((r) => setTimeout(r, 20)).then(() =>
        b.withLock((tx) => {
          order.push('b-in');
          tx.transition({ host: 'n1', to: { state: 'provisioned' } });
        }),
      ),
    ]);
    expect(order).toEqual(['a-in', 'a-out', 'b-in']);
    expect((await a.get('n1'))?.status.state).toBe('provisioned');
  });
});
