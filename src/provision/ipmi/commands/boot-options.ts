import { IpmiDecodeError } from '../errors.js';
import { NETFN, type IpmiRequest } from '../ipmi-message.js';
import type { IpmiCommandRunner } from './runner.js';

/*
 * System boot options (IPMI v2.0 §28.12-28.13, Table 28-14). Parameter 5, the boot flags:
 *   byte 1: bit 7 valid, bit 6 persistent (else next boot only), bit 5 EFI (else legacy)
 *   byte 2: bits 5:2 boot device selector
 *   bytes 3-5: console redirection, BIOS overrides, all left at 0 ("BIOS default").
 */

export const BOOT_DEVICE_SELECTORS = {
  none: 0x00,
  pxe: 0x04,
  disk: 0x08,
  safe: 0x0c,
  diag: 0x10,
  cdrom: 0x14,
  bios: 0x18,
  floppy: 0x3c,
} as const;
export type BootDevice = keyof typeof BOOT_DEVICE_SELECTORS;

export const BOOT_PARAM = { SET_IN_PROGRESS: 0, INFO_ACK: 4, BOOT_FLAGS: 5 } as const;
const SET_COMPLETE = 0x00;
const SET_IN_PROGRESS = 0x01;
const COMMIT_WRITE = 0x02;

const SET_BOOT_OPTION_CODES = {
  0x80: 'parameter not supported',
  0x81: "attempt to set 'set in progress' while not in 'set complete' state",
  0x82: 'attempt to write a read-only parameter',
} as const;

export interface BootDeviceRequest {
  readonly device: BootDevice;
  /** Keep the device for every boot; by default it applies to the next boot only. */
  readonly persistent?: boolean;
  /** Ask for an EFI boot instead of a legacy (PC compatible) one. */
  readonly efi?: boolean;
}

export interface BootFlags {
  readonly valid: boolean;
  readonly persistent: boolean;
  readonly efi: boolean;
  /** Undefined when the selector is none kplay has a name for. */
  readonly device: BootDevice | undefined;
  readonly selector: number;
}

export function encodeBootFlags(r: BootDeviceRequest): Buffer {
  return Buffer.from([0x80 | (r.persistent ? 0x40 : 0) | (r.efi ? 0x20 : 0), BOOT_DEVICE_SELECTORS[r.device], 0, 0, 0]);
}

export function decodeBootFlags(d: Uint8Array): BootFlags {
  if (d.length < 2) throw new IpmiDecodeError(`boot flags of ${d.length} bytes are too short`);
  const b1 = d[0] ?? 0;
  const selector = (d[1] ?? 0) & 0x3c;
  const device = (Object.keys(BOOT_DEVICE_SELECTORS) as BootDevice[]).find((k) => BOOT_DEVICE_SELECTORS[k] === selector);
  return { valid: (b1 & 0x80) !== 0, persistent: (b1 & 0x40) !== 0, efi: (b1 & 0x20) !== 0, device, selector };
}

export function setBootOptionRequest(parameter: number, data: Uint8Array): IpmiRequest {
  return {
    netFn: NETFN.CHASSIS,
    cmd: 0x08,
    data: Buffer.concat([Buffer.from([parameter & 0x7f]), data]),
    name: `Set System Boot Options (parameter ${parameter})`,
    completionCodes: SET_BOOT_OPTION_CODES,
  };
}

export function getBootOptionRequest(parameter: number): IpmiRequest {
  return {
    netFn: NETFN.CHASSIS,
    cmd: 0x09,
    data: Buffer.from([parameter & 0x7f, 0x00, 0x00]),
    name: `Get System Boot Options (parameter ${parameter})`,
    completionCodes: { 0x80: 'parameter not supported' },
  };
}

/**
 * Sets the boot device the way `ipmitool chassis bootdev` does: mark the parameters "set
 * in progress" (a BMC that refuses is used without it), clear the BIOS boot-info
 * acknowledge bit, write the flags, "commit write", and always end with "set complete"
 * so no half-written state is left locked.
 */
export async function setBootDevice(runner: IpmiCommandRunner, r: BootDeviceRequest): Promise<void> {
  const progress = await runner.send(setBootOptionRequest(BOOT_PARAM.SET_IN_PROGRESS, Buffer.from([SET_IN_PROGRESS])));
  const useProgress = progress.completionCode === 0;
  let failed = true;
  try {
    // Boot info acknowledge, mask 01h data 01h: "BIOS/POST has not yet handled the flags". Some BMCs refuse it; ipmitool goes on.
    await runner.send(setBootOptionRequest(BOOT_PARAM.INFO_ACK, Buffer.from([0x01, 0x01])));
    await runner.command(setBootOptionRequest(BOOT_PARAM.BOOT_FLAGS, encodeBootFlags(r)));
    if (useProgress) await runner.send(setBootOptionRequest(BOOT_PARAM.SET_IN_PROGRESS, Buffer.from([COMMIT_WRITE])));
    failed = false;
  } finally {
    if (useProgress) {
      const complete = runner.send(setBootOptionRequest(BOOT_PARAM.SET_IN_PROGRESS, Buffer.from([SET_COMPLETE])));
      // When the write failed, that error is the one to report, not a second one from cleaning up.
      await (failed ? complete.catch(() => undefined) : complete);
    }
  }
}

export interface BootFlagsReading {
  /** Byte 2 bit 7 clear: the parameter is valid / unlocked. */
  readonly parameterValid: boolean;
  readonly flags: BootFlags;
}

export async function getBootFlags(runner: IpmiCommandRunner): Promise<BootFlagsReading> {
  const d = await runner.command(getBootOptionRequest(BOOT_PARAM.BOOT_FLAGS));
  if (d.length < 3) throw new IpmiDecodeError(`Get System Boot Options answer of ${d.length} bytes is too short`);
  return { parameterValid: ((d[1] ?? 0) & 0x80) === 0, flags: decodeBootFlags(d.subarray(2)) };
}
