import { LocalConnection } from './local.js';
import { SshConnection, type SshTarget } from './ssh.js';
import type { Connection } from './types.js';
import { RecordingConnection } from './recording.js';

export type ConnectionSpec = ({ kind: 'ssh' } & SshTarget) | { kind: 'local' };

function keyOf(spec: ConnectionSpec): string {
  if (spec.kind === 'local') return 'local';
  return `ssh|${spec.user}@${spec.host}:${spec.port}|${spec.privateKeyFile ?? ''}`;
}

/** One connection per distinct target for the whole run, opened on first use. */
export class ConnectionPool {
  private readonly open = new Map<string, Connection>();

  get(spec: ConnectionSpec): Connection {
    const key = keyOf(spec);
    let c = this.open.get(key);
    if (!c) {
      c = spec.kind === 'local' ? new LocalConnection() : new SshConnection(spec);
      const record = process.env['KPLAY_BENCH_RECORD'];
      if (record) c = new RecordingConnection(c, spec.kind === 'local' ? 'local' : spec.host, record);
      this.open.set(key, c);
    }
    return c;
  }

  /** Drops a connection (reset_connection, or after it broke) so the next use reconnects. */
  async reset(spec: ConnectionSpec): Promise<void> {
    const key = keyOf(spec);
    const c = this.open.get(key);
    this.open.delete(key);
    await c?.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((c) => c.close().catch(() => undefined)));
  }
}
