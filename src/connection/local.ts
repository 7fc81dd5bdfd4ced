import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import type { Connection, ExecOptions, ExecResult } from './types.js';

/** `ansible_connection: local`: commands run on the controller. */
export class LocalConnection implements Connection {
  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      const timer = opts.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, opts.timeoutMs)
        : undefined;
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        const result: ExecResult = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code };
        if (timedOut) result.signal = 'TIMEOUT';
        else if (signal) result.signal = signal;
        resolve(result);
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.stdin ?? '');
    });
  }

  async putFile(path: string, data: Buffer, mode = 0o600): Promise<void> {
    await writeFile(path, data, { mode });
  }

  getFile(path: string): Promise<Buffer> {
    return readFile(path);
  }

  async close(): Promise<void> {}
}
