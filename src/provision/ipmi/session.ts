import type { Secret } from '../../secrets/secret.js';
import { cipherSuite, DEFAULT_CIPHER_SUITE, isSupportedCipherSuite, type CipherSuiteId } from './cipher-suites.js';
import { describeCompletionCode } from './codes.js';
import { closeSessionRequest, setSessionPrivilegeRequest } from './commands/app.js';
import { PRIVILEGE, PRIVILEGE_BY_NAME, type IpmiCommandRunner, type PrivilegeName } from './commands/runner.js';
import { IpmiCipherSuiteError, IpmiCompletionCodeError, IpmiTimeoutError, IpmiUsageError } from './errors.js';
import { establishSession, type EstablishedSession, type IpmiTrace } from './handshake.js';
import { answers, decodeResponse, encodeRequest, type IpmiRequest, type IpmiResponse } from './ipmi-message.js';
import { decodeRmcp, RMCP_CLASS_IPMI } from './rmcp.js';
import { InboundSequenceWindow, nextOutbound } from './seq-window.js';
import { decodeV20, encodeV20, PAYLOAD_TYPE } from './session-v20.js';
import { UdpChannel, type Attempts } from './udp-channel.js';

export const DEFAULT_IPMI_PORT = 623;
export const DEFAULT_TIMEOUT_MS = 1000;
export const DEFAULT_ATTEMPTS = 3;

export interface IpmiSessionOptions {
  readonly host: string;
  readonly port?: number;
  readonly username: string;
  readonly password: Secret;
  /** BMC key for two-key login; most BMCs have none. */
  readonly kg?: Secret;
  /** 3 (default) or 17. */
  readonly cipherSuite?: number;
  readonly privilege?: PrivilegeName;
  /** Per attempt. */
  readonly timeoutMs?: number;
  /** Sends of one request before giving up (default 3). */
  readonly attempts?: number;
  readonly trace?: IpmiTrace;
}

/** `host:port`, IPv6 in brackets: how errors name a BMC. */
export function bmcLabel(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * An IPMI v2.0 (RMCP+) session with one BMC, "lanplus" in ipmitool's words: every packet
 * is encrypted with AES-CBC-128 and authenticated with the suite's HMAC. One request is
 * in flight at a time; a request is sent again, with a new session sequence number, when
 * no valid answer comes within the timeout.
 */
export class IpmiSession implements IpmiCommandRunner {
  readonly #channel: UdpChannel;
  readonly #s: EstablishedSession;
  readonly #limits: Attempts;
  readonly #trace: IpmiTrace;
  readonly #inbound = new InboundSequenceWindow();
  #outbound = 0;
  #rqSeq = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(
    readonly bmc: string,
    readonly cipherSuite: CipherSuiteId,
    channel: UdpChannel,
    established: EstablishedSession,
    limits: Attempts,
    trace: IpmiTrace,
  ) {
    this.#channel = channel;
    this.#s = established;
    this.#limits = limits;
    this.#trace = trace;
  }

  get bmcSessionId(): number {
    return this.#s.bmcSessionId;
  }

  static async open(o: IpmiSessionOptions): Promise<IpmiSession> {
    const port = o.port ?? DEFAULT_IPMI_PORT;
    const bmc = bmcLabel(o.host, port);
    const id = o.cipherSuite ?? DEFAULT_CIPHER_SUITE;
    if (!isSupportedCipherSuite(id)) throw new IpmiCipherSuiteError(bmc, id, 'kplay speaks cipher suites 3 and 17');
    const limits = { attempts: Math.max(1, o.attempts ?? DEFAULT_ATTEMPTS), timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS };
    const trace = o.trace ?? (() => undefined);
    const privilege = PRIVILEGE_BY_NAME[o.privilege ?? 'administrator'];
    const channel = await UdpChannel.connect(o.host, port);
    let session: IpmiSession | undefined;
    try {
      const established = await establishSession(channel, {
        bmc,
        username: o.username,
        password: o.password,
        ...(o.kg ? { kg: o.kg } : {}),
        suite: cipherSuite(id),
        privilege,
        limits,
        trace,
      });
      session = new IpmiSession(bmc, id, channel, established, limits, trace);
      // Sessions start at User level (IPMI v2.0 §13.14); chassis control needs Operator or more.
      if (privilege > PRIVILEGE.USER) await session.command(setSessionPrivilegeRequest(privilege));
      return session;
    } catch (e) {
      if (session) await session.close();
      else channel.close();
      throw e;
    }
  }

  command(req: IpmiRequest): Promise<Buffer> {
    return this.send(req).then((res) => {
      if (res.completionCode !== 0) {
        throw new IpmiCompletionCodeError(this.bmc, req.name, res.completionCode, describeCompletionCode(res.completionCode, req.completionCodes));
      }
      return res.data;
    });
  }

  send(req: IpmiRequest): Promise<IpmiResponse> {
    const run = this.#queue.then(() => this.#exchange(req, this.#limits));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #exchange(req: IpmiRequest, limits: Attempts): Promise<IpmiResponse> {
    if (this.#closed) throw new IpmiUsageError(this.bmc, `the session is closed; cannot send ${req.name}`);
    this.#rqSeq = (this.#rqSeq % 63) + 1;
    const rqSeq = this.#rqSeq;
    const message = encodeRequest(req, rqSeq);
    this.#trace(`-> ${req.name} (rqSeq ${rqSeq})`);
    const out = await this.#channel.exchange(
      () => {
        this.#outbound = nextOutbound(this.#outbound);
        return encodeV20({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: this.#s.bmcSessionId, sequence: this.#outbound, payload: message }, this.#s.protection);
      },
      (d) => this.#accept(d, req, rqSeq),
      limits,
    );
    if (!out.value) {
      const detail = out.ignored ? `${out.ignored} answers failed the integrity, sequence or request checks` : '';
      throw new IpmiTimeoutError(this.bmc, req.name, out.sent, limits.timeoutMs, detail);
    }
    this.#trace(`<- ${req.name}, completion code 0x${out.value.completionCode.toString(16)}`);
    return out.value;
  }

  /** Integrity first, then the replay window, then "is this the answer to my request". */
  #accept(datagram: Buffer, req: IpmiRequest, rqSeq: number): IpmiResponse | undefined {
    try {
      const frame = decodeRmcp(datagram);
      if (frame.messageClass !== RMCP_CLASS_IPMI || frame.body[0] !== 0x06) return undefined;
      const packet = decodeV20(frame.body, this.#s.protection);
      if (packet.sessionId !== this.#s.consoleSessionId || packet.payloadType !== PAYLOAD_TYPE.IPMI) return undefined;
      if (!this.#inbound.accept(packet.sequence)) return undefined;
      const res = decodeResponse(packet.payload);
      return answers(res, req, rqSeq) ? res : undefined;
    } catch {
      return undefined;
    }
  }

  /** Sends Close Session once (a lost answer does no harm: the BMC times the session out) and frees the socket. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#queue;
      await this.#exchange(closeSessionRequest(this.#s.bmcSessionId), { attempts: 1, timeoutMs: this.#limits.timeoutMs });
    } catch {
      // Closing is best effort.
    } finally {
      this.#closed = true;
      this.#channel.close();
    }
  }
}
