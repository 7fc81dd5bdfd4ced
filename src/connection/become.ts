import { randomBytes } from 'node:crypto';
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
 * Wraps every command in sudo (or su). The password goes on stdin (sudo -S) or at su's prompt, never in argv;
 * a wrong or missing password is a clear failure, never a hang.
 */
export class BecomeConnection implements Connection {
  constructor(
    private readonly inner: Connection,
    private readonly spec: BecomeSpec,
  ) {}

  private wrap(command: string): string {
    const base = this.spec.flags ?? '-H -S -n';
    const flags = this.spec.password ? base.replace(/(^|\s)-n(?=\s|$)/, ' ').trim() : base;
    return `sudo ${flags} -p ${shellQuote(PROMPT)} -u ${shellQuote(this.spec.user)} /bin/sh -c ${shellQuote(command)}`;
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    if (this.spec.method === 'su') return this.execSu(command, opts);
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

  /**
   * su reads its password from a terminal: the command runs on a PTY, the password is typed at
   * the prompt, and a marker line tells su's chatter from the command's output (stdout and stderr
   * arrive merged, as with Ansible's su).
   */
  private async execSu(command: string, opts: ExecOptions): Promise<ExecResult> {
    const marker = `KPLAY-BECOME-SUCCESS-${randomBytes(8).toString('hex')}`;
    // su's stdin is the terminal: input (a module's payload, a file's bytes) is staged in a
    // private temp file first and redirected into the command, which removes it.
    const staged = opts.stdin === undefined ? undefined : await this.stageForSu(opts.stdin);
    const run = staged === undefined ? command : `/bin/sh -c ${shellQuote(command)} < ${shellQuote(staged)}; kplay_rc=$?; rm -f ${shellQuote(staged)}; exit $kplay_rc`;
    const inner = `echo ${marker}; ${run}`;
    // Only su's own words are respaced: the command keeps its newlines (a Python bootstrap has them).
    const line = `${`su ${this.spec.flags ?? ''} ${shellQuote(this.spec.user)}`.replace(/\s+/g, ' ')} -c ${shellQuote(`/bin/sh -c ${shellQuote(inner)}`)}`;
    let typed = 0;
    let failure: string | undefined;
    const r = await this.inner.exec(line, {
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      pty: true,
      interact: (soFar, write) => {
        if (soFar.includes(marker)) return;
        const prompts = (soFar.match(/[Pp]assword[^:\n]*:\s*$/gm) ?? []).length;
        if (prompts > typed) {
          typed = prompts;
          const pw = this.spec.password;
          if (!pw) failure = 'Missing su password';
          else if (typed > 1) failure = 'Incorrect su password';
          write(failure || !pw ? '\x03' : pw.reveal() + '\n');
        }
      },
    });
    const out = r.stdout.replace(/\r\n/g, '\n');
    const at = out.indexOf(marker);
    // The command removes its input file unless su failed, or the target may not (sticky /tmp).
    if (staged !== undefined && (at < 0 || this.spec.user !== 'root')) await this.inner.exec(`rm -f ${shellQuote(staged)}`);
    if (at < 0) {
      if (failure) throw new BecomeError(failure);
      if (/Authentication failure|incorrect password/i.test(out)) throw new BecomeError('Incorrect su password');
      throw new BecomeError(`su failed: ${out.replace(/[Pp]assword:\s*/g, '').trim() || `exit ${String(r.code)}`}`);
    }
    return { ...r, stdout: out.slice(at + marker.length).replace(/^\n/, ''), stderr: '' };
  }

  /**
   * Writes su's input to a temp file of the login user that the target user can read (its own
   * when that is root; else an ACL, as Ansible's setfacl step — never world-readable).
   */
  private async stageForSu(input: string | Buffer): Promise<string> {
    const grant = this.spec.user === 'root' ? '' : ` && setfacl -m u:${shellQuote(this.spec.user)}:r -- "$f"`;
    const r = await this.inner.exec(`umask 077 && f=$(mktemp /tmp/.kplay-su-XXXXXXXX) && cat > "$f"${grant} && echo "$f"`, { stdin: input });
    const path = r.stdout.trim();
    if (r.code !== 0 || !path.startsWith('/tmp/.kplay-su-')) {
      if (path.startsWith('/tmp/.kplay-su-')) await this.inner.exec(`rm -f ${shellQuote(path)}`);
      throw new BecomeError(`Failed to set permissions on the temporary file kplay needs to become an unprivileged user with su: ${r.stderr.trim()}`);
    }
    return path;
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
