import { IpmiDecodeError } from './errors.js';

/*
 * RMCP (DMTF ASF 2.0 §3.2.2) framing: every IPMI-over-LAN datagram starts with a 4-byte
 * RMCP header. IPMI rides in class 07h; the ASF class (06h) carries the presence ping.
 */

export const RMCP_VERSION = 0x06;
/** "No RMCP ACK": IPMI messages are never acknowledged at the RMCP level. */
export const RMCP_SEQ_NO_ACK = 0xff;
export const RMCP_CLASS_ASF = 0x06;
export const RMCP_CLASS_IPMI = 0x07;

const ASF_IANA = 0x000011be;
const ASF_PRESENCE_PING = 0x80;
const ASF_PRESENCE_PONG = 0x40;

export interface RmcpFrame {
  readonly messageClass: number;
  readonly body: Buffer;
}

export function encodeRmcp(messageClass: number, body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([RMCP_VERSION, 0x00, RMCP_SEQ_NO_ACK, messageClass]), body]);
}

export function decodeRmcp(datagram: Buffer): RmcpFrame {
  if (datagram.length < 4) throw new IpmiDecodeError(`datagram of ${datagram.length} bytes is shorter than an RMCP header`);
  if (datagram[0] !== RMCP_VERSION) throw new IpmiDecodeError(`RMCP version 0x${datagram[0]?.toString(16)} is not 0x06`);
  // Bit 7 of the class byte flags an RMCP ACK; the class itself is the low 5 bits.
  return { messageClass: (datagram[3] ?? 0) & 0x1f, body: datagram.subarray(4) };
}

/** An ASF Presence Ping: asks "is something RMCP-aware at this address?" without a session. */
export function encodePresencePing(tag: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(ASF_IANA, 0);
  body[4] = ASF_PRESENCE_PING;
  body[5] = tag & 0xff;
  return encodeRmcp(RMCP_CLASS_ASF, body);
}

export interface PresencePong {
  readonly tag: number;
  /** Bit 7 of the supported-entities byte: the device speaks IPMI. */
  readonly supportsIpmi: boolean;
}

/** Undefined when the datagram is no Presence Pong. */
export function decodePresencePong(datagram: Buffer): PresencePong | undefined {
  const frame = decodeRmcp(datagram);
  const b = frame.body;
  if (frame.messageClass !== RMCP_CLASS_ASF || b.length < 8) return undefined;
  if (b.readUInt32BE(0) !== ASF_IANA || b[4] !== ASF_PRESENCE_PONG) return undefined;
  // Pong data: IANA (4), OEM (4), supported entities (1), interactions (1), reserved (6).
  return { tag: b[5] ?? 0, supportsIpmi: ((b[16] ?? 0) & 0x80) !== 0 };
}
