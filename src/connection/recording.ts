import { appendFileSync } from 'node:fs';
import type { Connection, ExecOptions, ExecResult } from './types.js';

/**
 * Benchmarking aid (bench/ replays what kplay sent to measure the transport floor): appends
 * every command line a host is sent to a file. Only enabled by KPLAY_BENCH_RECORD; the file
 * is created 0600 and holds command lines, never stdin (where passwords travel).
 */
export class RecordingConnection implements Connection {
  constructor(
    private readonly inner: Connection,
    private readonly host: string,
    private readonly file: string,
  ) {}

  private record(kind: string, payload: Record<string, unknown>): void {
    appendFileSync(this.file, JSON.stringify({ t: Date.now(), host: this.host, kind, ...payload }) + '\n', { mode: 0o600 });
  }

  exec(command: string, opts?: ExecOptions): Promise<ExecResult> {
    this.record('exec', { command, stdinBytes: opts?.stdin === undefined ? 0 : Buffer.byteLength(opts.stdin) });
    return this.inner.exec(command, opts);
  }

  putFile(path: string, data: Buffer, mode?: number): Promise<void> {
    this.record('put', { path, bytes: data.length });
    return this.inner.putFile(path, data, mode);
  }

  getFile(path: string): Promise<Buffer> {
    this.record('get', { path });
    return this.inner.getFile(path);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
