import { IpmiDecodeError } from './errors.js';

/*
 * The IPMI LAN message carried in a session payload (IPMI v2.0 §13.8, Table 13-8):
 *   rsAddr | netFn/rsLUN | chk1 | rqAddr | rqSeq/rqLUN | cmd | data... | chk2
 * The response swaps the addresses and puts the completion code first in the data.
 */

/** The BMC's slave address on IPMB. */
export const BMC_SLAVE_ADDRESS = 0x20;
/** "Remote console software ID 1": what ipmitool and pyghmi put in rqAddr. */
export const REMOTE_CONSOLE_SWID = 0x81;

export const NETFN = {
  CHASSIS: 0x00,
  APP: 0x06,
} as const;

export interface IpmiRequest {
  /** Request netFn (even). */
  readonly netFn: number;
  readonly cmd: number;
  readonly data?: Uint8Array;
  /** For messages and errors: "Get Chassis Status". */
  readonly name: string;
  /** This command's meaning of completion codes 80h-BEh, for error messages. */
  readonly completionCodes?: Readonly<Record<number, string>>;
}

export interface IpmiResponse {
  readonly netFn: number;
  readonly cmd: number;
  readonly rqSeq: number;
  readonly completionCode: number;
  /** The bytes after the completion code. */
  readonly data: Buffer;
}

/** Two's complement of the byte sum, so that the bytes plus the checksum sum to zero. */
export function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return (0x100 - sum) & 0xff;
}

export function encodeRequest(req: IpmiRequest, rqSeq: number): Buffer {
  const data = req.data ?? new Uint8Array(0);
  const head = Buffer.from([BMC_SLAVE_ADDRESS, (req.netFn << 2) & 0xfc]);
  const body = Buffer.concat([Buffer.from([REMOTE_CONSOLE_SWID, (rqSeq & 0x3f) << 2, req.cmd]), data]);
  return Buffer.concat([head, Buffer.from([checksum(head)]), body, Buffer.from([checksum(body)])]);
}

export function decodeResponse(msg: Buffer): IpmiResponse {
  if (msg.length < 8) throw new IpmiDecodeError(`IPMI response of ${msg.length} bytes is too short`);
  if (checksum(msg.subarray(0, 3)) !== 0) throw new IpmiDecodeError('IPMI response header checksum is wrong');
  if (checksum(msg.subarray(3)) !== 0) throw new IpmiDecodeError('IPMI response data checksum is wrong');
  return {
    netFn: (msg[1] ?? 0) >> 2,
    rqSeq: (msg[4] ?? 0) >> 2,
    cmd: msg[5] ?? 0,
    completionCode: msg[6] ?? 0,
    data: msg.subarray(7, msg.length - 1),
  };
}

/** Whether `res` answers a request for `req` sent with `rqSeq`. */
export function answers(res: IpmiResponse, req: IpmiRequest, rqSeq: number): boolean {
  return res.netFn === (req.netFn | 1) && res.cmd === req.cmd && res.rqSeq === (rqSeq & 0x3f);
}

/** The BMC side, for fakes: decode a request and build its response. */
export interface DecodedRequest {
  readonly netFn: number;
  readonly cmd: number;
  readonly rqSeq: number;
  readonly rqAddr: number;
  readonly data: Buffer;
}

export function decodeRequest(msg: Buffer): DecodedRequest {
  if (msg.length < 7) throw new IpmiDecodeError(`IPMI request of ${msg.length} bytes is too short`);
  if (checksum(msg.subarray(0, 3)) !== 0 || checksum(msg.subarray(3)) !== 0) throw new IpmiDecodeError('IPMI request checksum is wrong');
  return { netFn: (msg[1] ?? 0) >> 2, rqAddr: msg[3] ?? 0, rqSeq: (msg[4] ?? 0) >> 2, cmd: msg[5] ?? 0, data: msg.subarray(6, msg.length - 1) };
}

export function encodeResponse(req: DecodedRequest, completionCode: number, data: Uint8Array = new Uint8Array(0)): Buffer {
  const head = Buffer.from([req.rqAddr, ((req.netFn | 1) << 2) & 0xfc]);
  const body = Buffer.concat([Buffer.from([BMC_SLAVE_ADDRESS, (req.rqSeq & 0x3f) << 2, req.cmd, completionCode]), data]);
  return Buffer.concat([head, Buffer.from([checksum(head)]), body, Buffer.from([checksum(body)])]);
}
