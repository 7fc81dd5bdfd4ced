import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import { shellQuote } from './quote.js';
import type { ExecResult } from './types.js';

/*
 * Why a long-lived shell: every exec channel makes sshd fork a session, set up its
 * environment and run the user's shell, which costs 5–20× more than the command itself for
 * the short commands modules send. One `/bin/sh` per host reads command lines on its stdin
 * instead, and each command still runs as `/bin/sh -c CMD` with stdin from /dev/null, as an
 * exec channel would run it. Its output goes to files first (removed after each command), so a
 * background process the command leaves behind can never write into the next command's output.
 */

const PROLOGUE = [
  'T=$(mktemp -d "${TMPDIR:-/tmp}/.kplay-sh.XXXXXX") || exit 97',
  `trap 'rm -rf "$T"' EXIT`,
  `trap 'exit 129' HUP`,
  `trap 'exit 143' TERM`,
].join('; ');

interface Pending {
  readonly marker: string;
  readonly resolve: (r: ExecResult) => void;
  readonly reject: (e: Error) => void;
}

/** One `/bin/sh` on the host running command lines one at a time. */
export class ShellSession {
  private out: Buffer[] = [];
  private err: Buffer[] = [];
  private pending: Pending | undefined;
  private closed = false;

  private constructor(private readonly channel: ClientChannel) {
    channel.on('data', (d: Buffer) => {
      this.out.push(d);
      this.settle();
    });
    channel.stderr.on('data', (d: Buffer) => {
      this.err.push(d);
      this.settle();
    });
    channel.on('close', () => {
      this.closed = true;
      const p = this.pending;
      this.pending = undefined;
      p?.reject(new ShellGoneError());
    });
  }

  /** Starts the shell and checks that it can make its scratch directory. */
  static async open(channel: ClientChannel): Promise<ShellSession> {
    const session = new ShellSession(channel);
    channel.write(`${PROLOGUE}\n`);
    const ready = await session.run('true');
    if (ready.code !== 0) throw new ShellGoneError();
    return session;
  }

  get usable(): boolean {
    return !this.closed;
  }

  /**
   * Text a shell can carry as a here-document: ends in a newline, no NUL, not huge. Passwords
   * travel this way (in the shell's input stream, never in any process's arguments).
   */
  static carries(stdin: string | Buffer): boolean {
    const text = Buffer.isBuffer(stdin) ? stdin : Buffer.from(stdin);
    return text.length > 0 && text.length <= 1 << 20 && text[text.length - 1] === 0x0a && !text.includes(0) && Buffer.from(text.toString('utf8')).equals(text);
  }

  /** Runs one command line through `/bin/sh -c`, with no stdin or the given text as a here-document. */
  run(command: string, stdin?: string | Buffer): Promise<ExecResult> {
    if (this.closed) return Promise.reject(new ShellGoneError());
    if (this.pending) return Promise.reject(new Error('shell session is busy'));
    const marker = `KPLAY-${randomBytes(12).toString('hex')}`;
    this.out = [];
    this.err = [];
    const text = stdin === undefined ? undefined : Buffer.isBuffer(stdin) ? stdin.toString('utf8') : stdin;
    const input = text === undefined ? '</dev/null' : `<<'${marker}'`;
    const heredoc = text === undefined ? '' : `${text}${marker}\n`;
    const line =
      `/bin/sh -c ${shellQuote(command)} ${input} >"$T/o" 2>"$T/e"; r=$?; ` +
      `cat "$T/o"; printf '\\n%s %d\\n' ${marker} "$r"; cat "$T/e" >&2; printf '\\n%s\\n' ${marker} >&2; rm -f "$T/o" "$T/e"\n${heredoc}`;
    return new Promise<ExecResult>((resolve, reject) => {
      this.pending = { marker, resolve, reject };
      this.channel.write(line);
    });
  }

  close(): void {
    if (!this.closed) this.channel.end();
  }

  private settle(): void {
    const p = this.pending;
    if (!p) return;
    const out = Buffer.concat(this.out);
    const err = Buffer.concat(this.err);
    const outEnd = out.lastIndexOf(`\n${p.marker} `);
    const errEnd = err.lastIndexOf(`\n${p.marker}\n`);
    if (outEnd < 0 || errEnd < 0 || !out.subarray(outEnd + 1).includes('\n')) return;
    const tail = out.subarray(outEnd + 1).toString('utf8').trim().split(' ');
    this.pending = undefined;
    this.out = [];
    this.err = [];
    p.resolve({ stdout: out.subarray(0, outEnd).toString('utf8'), stderr: err.subarray(0, errEnd).toString('utf8'), code: Number(tail[1]) });
  }
}

/** The shell went away while or before running a command (the connection dropped, or it was killed). */
export class ShellGoneError extends Error {
  constructor() {
    super('the remote shell session ended');
    this.name = 'ShellGoneError';
  }
}
