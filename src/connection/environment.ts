import { shellQuote } from './quote.js';
import type { Connection, ExecOptions, ExecResult } from './types.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The task's `environment:` exported before every command (inside become, as Ansible does). */
export class EnvironmentConnection implements Connection {
  private readonly prefix: string;

  constructor(
    private readonly inner: Connection,
    env: Readonly<Record<string, unknown>>,
  ) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(env)) {
      if (!NAME.test(k)) throw new Error(`Invalid environment variable name: ${k}`);
      if (v === null || v === undefined) continue;
      parts.push(`${k}=${shellQuote(typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v))}; export ${k}; `);
    }
    this.prefix = parts.join('');
  }

  exec(command: string, opts?: ExecOptions): Promise<ExecResult> {
    return this.inner.exec(this.prefix + command, opts);
  }

  putFile(path: string, data: Buffer, mode?: number): Promise<void> {
    return this.inner.putFile(path, data, mode);
  }

  getFile(path: string): Promise<Buffer> {
    return this.inner.getFile(path);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
