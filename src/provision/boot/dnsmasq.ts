import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { RunError } from '../../errors/source-error.js';

export class DnsmasqError extends RunError {
  readonly code = 'KPLAY_DNSMASQ';
  constructor(message: string) {
    super(message);
    this.name = 'DnsmasqError';
  }
}

export interface DnsmasqOptions {
  readonly configFile: string;
  /** Everything dnsmasq prints goes here (DHCP and TFTP transactions with log-dhcp). */
  readonly logFile: string;
  readonly binary?: string;
  readonly readyTimeoutMs?: number;
  /** Called if dnsmasq dies while it should be serving. */
  readonly onUnexpectedExit?: (detail: string) => void;
}

/** The lines that say dnsmasq has bound its sockets and serves. */
const READY = /^dnsmasq-(dhcp|tftp)(\[\d+\])?: |TFTP root is /m;

/**
 * One dnsmasq child, supervised: started in the foreground with kplay's config, its output
 * kept in a log file, stopped by its PID. It gets an empty environment (PATH only) so no
 * credential kplay holds in its own environment reaches it.
 */
export class DnsmasqProcess {
  readonly #child: ChildProcess;
  readonly #log: WriteStream;
  readonly #exited: Promise<void>;
  #tail = '';
  #stopping = false;

  private constructor(o: DnsmasqOptions) {
    this.#log = createWriteStream(o.logFile, { flags: 'a', mode: 0o600 });
    this.#child = spawn(o.binary ?? 'dnsmasq', ['--keep-in-foreground', `--conf-file=${o.configFile}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
    });
    const keep = (d: Buffer): void => {
      this.#log.write(d);
      this.#tail = (this.#tail + d.toString()).slice(-4000);
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    this.#exited = new Promise((resolve) => {
      this.#child.once('error', (e) => {
        this.#tail += `\n${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'dnsmasq is not installed (apt-get install dnsmasq-base)' : e.message}`;
        resolve();
      });
      this.#child.once('exit', () => resolve());
    });
    void this.#exited.then(() => {
      if (!this.#stopping) o.onUnexpectedExit?.(this.lastLines());
    });
  }

  static async start(o: DnsmasqOptions): Promise<DnsmasqProcess> {
    const p = new DnsmasqProcess(o);
    const deadline = Date.now() + (o.readyTimeoutMs ?? 10_000);
    let gone = false;
    void p.#exited.then(() => (gone = true));
    while (!READY.test(p.#tail)) {
      if (gone) {
        p.#stopping = true;
        throw new DnsmasqError(`dnsmasq did not start: ${p.lastLines()}`);
      }
      if (Date.now() > deadline) {
        await p.stop();
        throw new DnsmasqError(`dnsmasq did not report ready within ${o.readyTimeoutMs ?? 10_000} ms: ${p.lastLines()}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return p;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  lastLines(n = 5): string {
    return this.#tail.trim().split('\n').slice(-n).join(' | ') || '(no output)';
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const pid = this.#child.pid;
    if (pid !== undefined && this.#child.exitCode === null && this.#child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (this.#child.exitCode === null && this.#child.signalCode === null) process.kill(pid, 'SIGKILL');
      }, 2000);
      await this.#exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => this.#log.end(() => resolve()));
  }
}
