import { IpmiDecodeError } from '../errors.js';
import { NETFN, type IpmiRequest } from '../ipmi-message.js';
import type { IpmiCommandRunner } from './runner.js';

/* Application netFn commands (IPMI v2.0 §20, §22). */

/** Get Channel Authentication Capabilities (§22.13), for "this channel" with IPMI v2.0 data asked for. */
export function getChannelAuthCapabilitiesRequest(privilege: number): IpmiRequest {
  return { netFn: NETFN.APP, cmd: 0x38, data: Buffer.from([0x80 | 0x0e, privilege & 0x0f]), name: 'Get Channel Authentication Capabilities' };
}

export interface ChannelAuthCapabilities {
  readonly channel: number;
  /** Bit 7 of byte 2 and bit 1 of byte 4: the channel speaks RMCP+. */
  readonly ipmi20: boolean;
  readonly anonymousLogin: boolean;
  readonly nullUsers: boolean;
  readonly nonNullUsers: boolean;
  readonly kgSet: boolean;
}

export function parseChannelAuthCapabilities(d: Buffer): ChannelAuthCapabilities {
  if (d.length < 8) throw new IpmiDecodeError(`Get Channel Authentication Capabilities answer of ${d.length} bytes is too short`);
  const b2 = d[1] ?? 0;
  const b3 = d[2] ?? 0;
  const b4 = d[3] ?? 0;
  return {
    channel: (d[0] ?? 0) & 0x0f,
    ipmi20: (b2 & 0x80) !== 0 && (b4 & 0x02) !== 0,
    kgSet: (b3 & 0x20) !== 0,
    nonNullUsers: (b3 & 0x08) !== 0,
    nullUsers: (b3 & 0x02) !== 0,
    anonymousLogin: (b3 & 0x01) !== 0,
  };
}

export function setSessionPrivilegeRequest(privilege: number): IpmiRequest {
  return {
    netFn: NETFN.APP,
    cmd: 0x3b,
    data: Buffer.from([privilege & 0x0f]),
    name: 'Set Session Privilege Level',
    completionCodes: {
      0x80: 'requested level not available for this user',
      0x81: 'requested level exceeds the channel or user privilege limit',
      0x82: 'cannot disable user level authentication',
    },
  };
}

export function closeSessionRequest(bmcSessionId: number): IpmiRequest {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(bmcSessionId >>> 0);
  return { netFn: NETFN.APP, cmd: 0x3c, data, name: 'Close Session', completionCodes: { 0x87: 'invalid session ID', 0x88: 'invalid session handle' } };
}

export interface DeviceId {
  readonly deviceId: number;
  readonly deviceRevision: number;
  readonly providesSdrs: boolean;
  /** "9.08": major, then the BCD minor as two digits, the way ipmitool prints it. */
  readonly firmwareRevision: string;
  readonly deviceAvailable: boolean;
  /** "2.0", "1.5". */
  readonly ipmiVersion: string;
  readonly additionalDeviceSupport: number;
  /** IANA enterprise number (20 bits). */
  readonly manufacturerId: number;
  readonly productId: number;
  readonly auxFirmwareRevision?: Buffer;
}

export function parseDeviceId(d: Buffer): DeviceId {
  if (d.length < 11) throw new IpmiDecodeError(`Get Device ID answer of ${d.length} bytes is too short`);
  const byte = (i: number): number => d[i] ?? 0;
  return {
    deviceId: byte(0),
    deviceRevision: byte(1) & 0x0f,
    providesSdrs: (byte(1) & 0x80) !== 0,
    firmwareRevision: `${byte(2) & 0x7f}.${byte(3).toString(16).padStart(2, '0')}`,
    deviceAvailable: (byte(2) & 0x80) === 0,
    ipmiVersion: `${byte(4) & 0x0f}.${byte(4) >> 4}`,
    additionalDeviceSupport: byte(5),
    manufacturerId: byte(6) | (byte(7) << 8) | ((byte(8) & 0x0f) << 16),
    productId: byte(9) | (byte(10) << 8),
    ...(d.length >= 15 ? { auxFirmwareRevision: Buffer.from(d.subarray(11, 15)) } : {}),
  };
}

export async function getDeviceId(runner: IpmiCommandRunner): Promise<DeviceId> {
  return parseDeviceId(await runner.command({ netFn: NETFN.APP, cmd: 0x01, name: 'Get Device ID' }));
}
