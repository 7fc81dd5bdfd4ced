import type { Secret } from '../secrets/secret.js';
import { shellQuote } from './quote.js';
import type { Connection, ExecOptions, ExecResult } from './types.js';

export interface BecomeSpec {
  readonly method: 'sudo' | 'su';
  readonly user: string;
  readonly password: Secret | undefined;
  /** Extra flags for the method (become_flags); sudo's default is `-H -S -n`. */
  readonly flags: string | undefined;
}

/** Privilege escalation failed: the task fails (it is not an unreachable host). */
export class BecomeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BecomeError';
  }
}

const PROMPT = '[kplay-become-password]';

/**
 * Wraps every command in sudo. The password goes on stdin (sudo -S), never in argv;
 * a wrong or missing password is a clear failure, never a hang.
 */
export class BecomeConnection implements Connection {
  constructor(
    private readonly inner: Connection,
    private readonly spec: BecomeSpec,
  ) {
    if (spec.method !== 'sudo') throw new BecomeError(`become method '${spec.method}' is not supported yet`);
  }

  private wrap(command: string): string {
    const base = this.spec.flags ?? '-H -S -n';
    const flags = this.spec.password ? base.replace(/(^|\s)-n(?=\s|$)/, ' ').trim() : base;
    return `sudo ${flags} -p ${shellQuote(PROMPT)} -u ${shellQuote(this.spec.user)} /bin/sh -c ${shellQuote(command)}`;
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const pw = this.spec.password ? this.spec.password.reveal() + '\n' : '';
    const input = opts.stdin === undefined ? (pw ? pw : undefined) : Buffer.concat([Buffer.from(pw), Buffer.isBuffer(opts.stdin) ? opts.stdin : Buffer.from(opts.stdin)]);
    const { pty: _pty, ...rest } = opts;
    const r = await this.inner.exec(this.wrap(command), input === undefined ? rest : { ...rest, stdin: input });
    const stderr = r.stderr.split(PROMPT).join('');
    if (r.code !== 0) {
      if (/a password is required|a terminal is required/.test(stderr)) throw new BecomeError('Missing sudo password');
      if (/incorrect password attempt|Sorry, try again/.test(stderr)) throw new BecomeError('Incorrect sudo password');
      if (/is not in the sudoers file|not allowed to execute/.test(stderr)) throw new BecomeError(stderr.trim());
    }
    return { ...r, stderr };
  }

  async putFile(path: string, data: Buffer, mode = 0o600): Promise<void> {
    const r = await this.exec(`umask 077 && cat > ${shellQuote(path)} && chmod ${mode.toString(8)} ${shellQuote(path)}`, { stdin: data });
    if (r.code !== 0) throw new Error(`could not write ${path}: ${r.stderr.trim()}`);
  }

  async getFile(path: string): Promise<Buffer> {
    const r = await this.exec(`base64 < ${shellQuote(path)}`);
    if (r.code !== 0) throw new Error(`could not read ${path}: ${r.stderr.trim()}`);
    return Buffer.from(r.stdout.replace(/\s+/g, ''), 'base64');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
