import { Client, type ClientChannel, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Secret } from '../secrets/secret.js';
import { shellQuote } from './quote.js';
import { KnownHosts, type HostKeyVerdict } from './known-hosts.js';
import { authMethods } from './ssh-auth.js';
import { acquireJumpClient, releaseJumpClient } from './jump-clients.js';
import { ShellGoneError, ShellSession } from './shell-session.js';
import type { JumpHost } from './ssh-config.js';
import type { Duplex } from 'node:stream';
import { UnreachableError, type Connection, type ExecOptions, type ExecResult } from './types.js';

export interface SshTarget {
  host: string;
  port: number;
  user: string;
  privateKeyFile?: string;
  password?: Secret;
  /** ansible_ssh_private_key_passphrase: unlocks an encrypted private key. */
  keyPassphrase?: Secret;
  connectTimeoutMs: number;
  /** host_key_checking: verify the server key against known_hosts. */
  hostKeyChecking: boolean;
  knownHosts?: KnownHosts;
  /** IdentityFile entries from ~/.ssh/config, tried when no key is named. */
  identityFiles?: readonly string[];
  /** ProxyJump hops, outermost first. */
  jumps?: readonly JumpHost[];
}

const DIAL_ATTEMPTS = 5;
const DROPPED_EARLY = /ECONNRESET|Connection lost before handshake|kex_exchange_identification|before handshake/i;

/*
 * OpenSSH's default MaxSessions is 10; stay below so parallel work on one host never fails:
 * long-lived shells, plus exec channels for what a shell cannot carry, plus SFTP.
 */
const MAX_SHELLS = 3;
const MAX_CHANNELS = 5;

/** One ssh2 client per host for the whole run; channels multiplexed over it. */
export class SshConnection implements Connection {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private sftp: Promise<SFTPWrapper> | undefined;
  private broken: Error | undefined;
  private readonly channels: LimitFunction = pLimit(MAX_CHANNELS);
  private hostKeyVerdict: HostKeyVerdict | undefined;
  private readonly jumpKeys: string[] = [];
  private readonly shells = new Set<ShellSession>();
  private readonly idleShells: ShellSession[] = [];
  private opening = 0;
  /** The host cannot keep a shell (no writable temp dir): every command gets its own channel. */
  private shellsUnusable = false;

  constructor(private readonly target: SshTarget) {}

  private describe(): string {
    return `ssh: connect to host ${this.target.host} port ${this.target.port}`;
  }

  private async config(host: string, port: number, user: string, verify: boolean): Promise<ConnectConfig> {
    const methods = await authMethods({
      user,
      ...(this.target.privateKeyFile ? { privateKeyFile: this.target.privateKeyFile } : {}),
      ...(this.target.identityFiles ? { identityFiles: this.target.identityFiles } : {}),
      ...(this.target.password ? { password: this.target.password } : {}),
      ...(this.target.keyPassphrase ? { keyPassphrase: this.target.keyPassphrase } : {}),
    });
    const cfg: ConnectConfig = {
      host,
      port,
      username: user,
      readyTimeout: this.target.connectTimeoutMs,
      keepaliveInterval: 15_000,
      keepaliveCountMax: 4,
      authHandler: methods as unknown as ConnectConfig['authHandler'],
    };
    if (verify && this.target.hostKeyChecking) {
      const known = this.target.knownHosts ?? new KnownHosts();
      cfg.hostVerifier = (key: Buffer): boolean => {
        this.hostKeyVerdict = known.verify(host, port, key);
        return this.hostKeyVerdict === 'match';
      };
    }
    return cfg;
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    // The connection dropped between commands (the host rebooted): dial again, as ssh does per task.
    if (this.broken && !this.connecting) {
      this.broken = undefined;
      this.sftp = undefined;
    }
    if (!this.connecting) {
      this.connecting = this.open().then(
        (c) => {
          this.client = c;
          return c;
        },
        (e: Error) => {
          this.connecting = undefined;
          throw e;
        },
      );
    }
    return this.connecting;
  }

  /** Through each ProxyJump hop in turn: a direct-tcpip channel of one is the socket of the next. */
  private async open(): Promise<Client> {
    const hops = this.target.jumps ?? [];
    let chain = '';
    let previous: { client: Client; host: string } | undefined;
    for (const hop of hops) {
      const user = hop.user ?? this.target.user;
      chain += `${chain ? ',' : ''}${user}@${hop.host}:${hop.port}`;
      const below = previous;
      const client = await acquireJumpClient(chain, () =>
        this.dial(async () => {
          const cfg = await this.config(hop.host, hop.port, user, true);
          if (below) cfg.sock = await forward(below.client, below.host, hop.host, hop.port);
          return cfg;
        }, `jump host ${hop.host}:${hop.port}`),
      );
      this.jumpKeys.push(chain);
      previous = { client, host: hop.host };
    }
    const last = previous;
    return this.dial(async () => {
      const cfg = await this.config(this.target.host, this.target.port, this.target.user, true);
      if (last) cfg.sock = await forward(last.client, last.host, this.target.host, this.target.port);
      return cfg;
    }, undefined);
  }

  /**
   * A handshake, tried again when the server hung up before its banner: what OpenSSH's
   * MaxStartups does to connections beyond its limit of unauthenticated ones.
   */
  private async dial(makeConfig: () => Promise<ConnectConfig>, what: string | undefined): Promise<Client> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.handshake(await makeConfig(), what);
      } catch (e) {
        if (attempt >= DIAL_ATTEMPTS || !DROPPED_EARLY.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt * (0.5 + Math.random())));
      }
    }
  }

  private handshake(cfg: ConnectConfig, what: string | undefined): Promise<Client> {
    return new Promise<Client>((resolve, reject) => {
      const client = new Client();
      let ready = false;
      client.on('ready', () => {
        ready = true;
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string }) => {
        const who = `${String(cfg.username)}@${String(cfg.host)}`;
        const why = this.hostKeyProblem() ?? (err.level === 'client-authentication'
          ? `${who}: Permission denied (publickey,password).`
          : `${what ? `${what}: ` : ''}ssh: connect to host ${String(cfg.host)} port ${String(cfg.port)}: ${err.message}`);
        const failure = new UnreachableError(`Failed to connect to the host via ssh: ${why}`);
        if (!ready) reject(failure);
        else this.broken = failure;
      });
      client.on('close', () => {
        if (what) return;
        if (ready && !this.broken) this.broken = new Error(this.closedMessage());
        this.client = undefined;
        this.connecting = undefined;
        this.sftp = undefined;
      });
      client.connect(cfg);
    });
  }

  /** What Ansible's ssh says when the connection went away under a command. */
  private closedMessage(): string {
    return `Failed to connect to the host via ssh: Shared connection to ${this.target.host} closed.`;
  }

  private hostKeyProblem(): string | undefined {
    const where = `${this.target.host}:${this.target.port}`;
    switch (this.hostKeyVerdict) {
      case 'mismatch':
        return `WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! The host key of ${where} does not match known_hosts. Host key verification failed.`;
      case 'revoked':
        return `The host key of ${where} is marked as revoked. Host key verification failed.`;
      case 'unknown':
        return `No host key for ${where} is known (host_key_checking is on). Host key verification failed.`;
      default:
        return undefined;
    }
  }

  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const plain = (opts.stdin === undefined || ShellSession.carries(opts.stdin)) && !opts.pty && !opts.interact && !opts.timeoutMs;
    if (plain && !this.shellsUnusable) return this.execInShell(command, opts.stdin);
    return this.channels(() => this.execNow(command, opts));
  }

  private async execInShell(command: string, stdin: string | Buffer | undefined): Promise<ExecResult> {
    const shell = await this.takeShell();
    if (!shell) return this.channels(() => this.execNow(command, stdin === undefined ? {} : { stdin }));
    try {
      const result = await shell.run(command, stdin);
      this.giveBackShell(shell);
      return result;
    } catch (e) {
      this.shells.delete(shell);
      if (!(e instanceof ShellGoneError)) throw e;
      // Give the connection's own close/error event a moment to say whether the host went away.
      await new Promise((r) => setTimeout(r, 50));
      if (this.broken || !this.client) throw new UnreachableError(this.broken?.message ?? this.closedMessage());
      return { stdout: '', stderr: '', code: null, signal: 'KILL' };
    }
  }

  /** An idle shell, or a new one while fewer than MAX_SHELLS exist. */
  private async takeShell(): Promise<ShellSession | undefined> {
    for (let s = this.idleShells.pop(); s; s = this.idleShells.pop()) if (s.usable) return s;
    for (const s of this.shells) if (!s.usable) this.shells.delete(s);
    // Every shell is busy: this command gets a channel of its own rather than waiting.
    if (this.shells.size + this.opening >= MAX_SHELLS) return undefined;
    this.opening += 1;
    try {
      const client = await this.connect();
      const channel = await new Promise<ClientChannel>((resolve, reject) => {
        client.exec('/bin/sh', (err, ch) => (err ? reject(new UnreachableError(`Failed to connect to the host via ssh: ${err.message}`)) : resolve(ch)));
      });
      const shell = await ShellSession.open(channel).catch((e: unknown) => {
        channel.close();
        if (e instanceof ShellGoneError && this.client) {
          this.shellsUnusable = true;
          return undefined;
        }
        throw e;
      });
      if (shell) this.shells.add(shell);
      return shell;
    } finally {
      this.opening -= 1;
    }
  }

  private giveBackShell(shell: ShellSession): void {
    if (shell.usable) this.idleShells.push(shell);
  }

  private async execNow(command: string, opts: ExecOptions): Promise<ExecResult> {
    const client = await this.connect();
    const wrapped = `/bin/sh -c ${shellQuote(command)}`;
    return new Promise<ExecResult>((resolve, reject) => {
      client.exec(wrapped, opts.pty ? { pty: { term: 'xterm', rows: 24, cols: 80 } } : {}, (err: Error | undefined, channel: ClientChannel) => {
        if (err) {
          reject(new UnreachableError(`Failed to connect to the host via ssh: ${err.message}`));
          return;
        }
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let code: number | null = null;
        let signal: string | undefined;
        let timer: NodeJS.Timeout | undefined;
        if (opts.timeoutMs) {
          timer = setTimeout(() => {
            signal = 'TIMEOUT';
            channel.close();
          }, opts.timeoutMs);
        }
        channel.on('data', (d: Buffer) => {
          out.push(d);
          opts.interact?.(Buffer.concat(out).toString('utf8'), (s) => channel.write(s));
        });
        channel.stderr.on('data', (d: Buffer) => errOut.push(d));
        channel.on('exit', (c: number | null, sig?: string) => {
          code = c;
          if (sig) signal = sig;
        });
        channel.on('close', () => {
          if (timer) clearTimeout(timer);
          if (code === null && !signal && this.broken) {
            reject(new UnreachableError(this.broken.message));
            return;
          }
          const result: ExecResult = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8'), code };
          if (signal) result.signal = signal;
          resolve(result);
        });
        if (opts.interact) {
          if (opts.stdin !== undefined) channel.write(opts.stdin);
        } else if (opts.stdin !== undefined) channel.end(opts.stdin);
        else channel.end();
      });
    });
  }

  private getSftp(): Promise<SFTPWrapper> {
    if (!this.sftp) {
      this.sftp = this.connect().then(
        (client) =>
          new Promise<SFTPWrapper>((resolve, reject) => {
            client.sftp((err, sftp) => (err ? reject(new UnreachableError(`Failed to open SFTP: ${err.message}`)) : resolve(sftp)));
          }),
      );
      this.sftp.catch(() => (this.sftp = undefined));
    }
    return this.sftp;
  }

  async putFile(path: string, data: Buffer, mode = 0o600): Promise<void> {
    const sftp = await this.getSftp();
    await new Promise<void>((resolve, reject) => {
      sftp.writeFile(path, data, { mode }, (err) => (err ? reject(err) : resolve()));
    });
  }

  async getFile(path: string): Promise<Buffer> {
    const sftp = await this.getSftp();
    return new Promise<Buffer>((resolve, reject) => {
      sftp.readFile(path, (err: Error | undefined, data: Buffer) => (err ? reject(err) : resolve(data)));
    });
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.connecting = undefined;
    this.sftp = undefined;
    for (const shell of this.shells) shell.close();
    this.shells.clear();
    this.idleShells.length = 0;
    if (client) client.end();
    for (const key of this.jumpKeys.splice(0)) releaseJumpClient(key);
  }
}

/** A direct-tcpip channel through a jump host: the socket of the next hop. */
function forward(client: Client, via: string, host: string, port: number): Promise<Duplex> {
  return new Promise<Duplex>((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? reject(new UnreachableError(`Failed to connect to the host via ssh: jump host ${via} could not reach ${host}:${port}: ${err.message}`)) : resolve(stream)));
  });
}
