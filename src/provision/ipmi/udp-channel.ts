import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';

/*
 * One UDP socket connected to one BMC. The kernel then drops datagrams from anyone else,
 * and an ICMP "port unreachable" shows up as ECONNREFUSED, which is noted (for the
 * timeout message) but not trusted to end the wait: a BMC that is rebooting refuses too.
 */

export interface Attempts {
  /** How many times a request is sent before giving up (at least 1). */
  readonly attempts: number;
  /** How long each attempt waits for its answer. */
  readonly timeoutMs: number;
}

export interface ExchangeOutcome<T> {
  /** Undefined when no acceptable answer came in any attempt. */
  readonly value: T | undefined;
  readonly sent: number;
  /** Datagrams that came but were not accepted (stale answers, failed integrity checks). */
  readonly ignored: number;
  readonly refused: boolean;
}

type Waiter = (datagram: Buffer) => void;

export class UdpChannel {
  readonly #socket: Socket;
  #waiter: Waiter | undefined;
  #refused = false;
  #closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('message', (m) => this.#waiter?.(m));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') this.#refused = true;
    });
  }

  static async connect(host: string, port: number): Promise<UdpChannel> {
    const { address, family } = await lookup(host);
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, address, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new UdpChannel(socket);
  }

  send(datagram: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.#socket.send(datagram, (e) => (e ? reject(e) : resolve())));
  }

  /**
   * Sends `build(attempt)` and waits up to `timeoutMs` for a datagram that `accept` maps to
   * a value; tries `attempts` times in all. `accept` returns undefined for "not mine" and
   * may throw to end the exchange at once (a final answer such as "unauthorized name").
   */
  async exchange<T>(build: (attempt: number) => Buffer, accept: (datagram: Buffer) => T | undefined, limits: Attempts): Promise<ExchangeOutcome<T>> {
    let ignored = 0;
    let sent = 0;
    this.#refused = false;
    for (let attempt = 1; attempt <= Math.max(1, limits.attempts); attempt++) {
      if (this.#closed) break;
      const answer = this.#wait(accept, limits.timeoutMs, () => ignored++);
      try {
        await this.send(build(attempt));
      } catch (e) {
        // A send error (no route, refused) is one failed attempt: wait it out, try again.
        if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED') this.#refused = true;
      }
      sent++;
      const value = await answer;
      if (value !== undefined) return { value, sent, ignored, refused: this.#refused };
    }
    return { value: undefined, sent, ignored, refused: this.#refused };
  }

  #wait<T>(accept: (datagram: Buffer) => T | undefined, timeoutMs: number, onIgnored: () => void): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiter = undefined;
      };
      const timer = setTimeout(() => {
        done();
        resolve(undefined);
      }, timeoutMs);
      this.#waiter = (datagram) => {
        let value: T | undefined;
        try {
          value = accept(datagram);
        } catch (e) {
          done();
          reject(e);
          return;
        }
        if (value === undefined) return onIgnored();
        done();
        resolve(value);
      };
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiter = undefined;
    this.#socket.close();
  }
}
