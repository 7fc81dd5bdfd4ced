import { readFileSync } from 'node:fs';
import { SshConnection } from '../src/connection/ssh.js';
import type { Connection } from '../src/connection/types.js';

interface Recorded {
  host: string;
  kind: 'exec' | 'put' | 'get';
  command?: string;
  path?: string;
  stdinBytes?: number;
  bytes?: number;
}

export interface FloorTarget {
  readonly address: string;
  readonly keyFile: string;
}

/**
 * The transport floor: the same remote operations kplay sent (recorded with KPLAY_BENCH_RECORD),
 * replayed over already-open ssh2 connections — each host's in order, all hosts in parallel.
 */
export async function replayFloor(recordFile: string, targets: readonly FloorTarget[]): Promise<{ connectSeconds: number; replaySeconds: number; operations: number }> {
  const records = readFileSync(recordFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Recorded);
  const byHost = new Map<string, Recorded[]>();
  for (const r of records) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r]);
  const conns = new Map<string, Connection>();
  const t0 = performance.now();
  await Promise.all(
    targets.map(async (t) => {
      const c = new SshConnection({ host: t.address, port: 22, user: 'root', privateKeyFile: t.keyFile, connectTimeoutMs: 30_000, hostKeyChecking: false });
      await c.exec('true');
      conns.set(t.address, c);
    }),
  );
  const t1 = performance.now();
  await Promise.all(
    [...byHost].map(async ([host, ops]) => {
      const c = conns.get(host);
      if (!c) return;
      for (const op of ops) {
        if (op.kind === 'exec') await c.exec(op.command ?? 'true', op.stdinBytes ? { stdin: stdinLike(op.stdinBytes) } : {});
        else if (op.kind === 'put') await c.putFile(`/tmp/kplay-floor-${Math.random().toString(36).slice(2)}`, Buffer.alloc(op.bytes ?? 0, 0x61));
        else await c.getFile(op.path ?? '/etc/hostname').catch(() => undefined);
      }
    }),
  );
  const t2 = performance.now();
  await Promise.all([...conns.values()].map((c) => c.close()));
  return { connectSeconds: (t1 - t0) / 1000, replaySeconds: (t2 - t1) / 1000, operations: records.length };
}

/* Text of the recorded length, ending in a newline as kplay's stdin (passwords, file content) does. */
function stdinLike(bytes: number): string {
  return `${'a'.repeat(Math.max(0, bytes - 1))}\n`;
}
