import { readFileSync } from 'node:fs';
import { Client } from 'ssh2';
import { interrupted, sleep } from './errors.js';

export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKeyFile?: string;
}

export interface SshIdentity {
  /** Lower-case MACs of the host's interfaces. */
  readonly macs: string[];
  readonly hostname: string;
}

/** Reads the host's interface MACs and hostname in one round trip. */
const PROBE = 'cat /sys/class/net/*/address; echo "--"; hostname';

/** One SSH login that runs PROBE; rejects on any failure. */
export function probeSsh(t: SshTarget, timeoutMs: number): Promise<SshIdentity> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    let out = '';
    const fail = (e: Error): void => {
      c.end();
      reject(e);
    };
    c.on('error', fail);
    c.on('ready', () => {
      c.exec(PROBE, (err, stream) => {
        if (err) return fail(err);
        stream.on('data', (d: Buffer) => (out += d.toString()));
        stream.stderr.on('data', () => undefined);
        stream.on('close', () => {
          c.end();
          const [macs = '', hostname = ''] = out.split('--\n');
          resolve({ macs: macs.split('\n').map((m) => m.trim().toLowerCase()).filter(Boolean), hostname: hostname.trim() });
        });
      });
    });
    c.connect({
      host: t.host,
      port: t.port,
      username: t.username,
      readyTimeout: timeoutMs,
      ...(t.privateKeyFile ? { privateKey: readFileSync(t.privateKeyFile) } : {}),
      // A host that was just installed has a new host key: nothing to check it against yet.
      hostVerifier: () => true,
    });
  });
}

/** Retries probeSsh until it answers or `deadline` (ms since epoch); the last error is in the rejection. */
export async function waitForSsh(t: SshTarget, deadline: number, signal?: AbortSignal, intervalMs = 1000): Promise<SshIdentity> {
  let last = 'no attempt';
  while (Date.now() < deadline) {
    if (signal?.aborted) throw interrupted(signal);
    try {
      return await probeSsh(t, Math.min(5000, Math.max(1000, deadline - Date.now())));
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(intervalMs, signal);
  }
  throw new Error(`no SSH login as ${t.username} on ${t.host}:${t.port} (last error: ${last})`);
}
