import { IpmiDecodeError } from '../errors.js';
import { NETFN } from '../ipmi-message.js';
import type { IpmiCommandRunner } from './runner.js';

/* Chassis netFn commands (IPMI v2.0 §28): status and power control. */

export const RESTORE_POLICIES = ['always-off', 'previous', 'always-on', 'unknown'] as const;
export type RestorePolicy = (typeof RESTORE_POLICIES)[number];

export interface ChassisStatus {
  readonly powerOn: boolean;
  readonly powerOverload: boolean;
  readonly powerInterlock: boolean;
  readonly mainPowerFault: boolean;
  readonly powerControlFault: boolean;
  readonly restorePolicy: RestorePolicy;
  /** Byte 2 as sent: the cause of the last power event (bit 4 "power on by IPMI command"). */
  readonly lastPowerEvent: number;
  readonly chassisIntrusion: boolean;
  readonly frontPanelLockout: boolean;
  readonly driveFault: boolean;
  readonly coolingFault: boolean;
}

export function parseChassisStatus(d: Buffer): ChassisStatus {
  if (d.length < 3) throw new IpmiDecodeError(`Get Chassis Status answer of ${d.length} bytes is too short`);
  const power = d[0] ?? 0;
  const misc = d[2] ?? 0;
  return {
    powerOn: (power & 0x01) !== 0,
    powerOverload: (power & 0x02) !== 0,
    powerInterlock: (power & 0x04) !== 0,
    mainPowerFault: (power & 0x08) !== 0,
    powerControlFault: (power & 0x10) !== 0,
    restorePolicy: RESTORE_POLICIES[(power >> 5) & 0x03] ?? 'unknown',
    lastPowerEvent: d[1] ?? 0,
    chassisIntrusion: (misc & 0x01) !== 0,
    frontPanelLockout: (misc & 0x02) !== 0,
    driveFault: (misc & 0x04) !== 0,
    coolingFault: (misc & 0x08) !== 0,
  };
}

export async function getChassisStatus(runner: IpmiCommandRunner): Promise<ChassisStatus> {
  return parseChassisStatus(await runner.command({ netFn: NETFN.CHASSIS, cmd: 0x01, name: 'Get Chassis Status' }));
}

/** Chassis Control (§28.3) actions, by ipmitool's names for them. */
export const CHASSIS_CONTROL = {
  off: 0x00,
  on: 0x01,
  cycle: 0x02,
  reset: 0x03,
  diag: 0x04,
  soft: 0x05,
} as const;
export type ChassisControlAction = keyof typeof CHASSIS_CONTROL;

const CONTROL_NAMES: Readonly<Record<ChassisControlAction, string>> = {
  off: 'power down',
  on: 'power up',
  cycle: 'power cycle',
  reset: 'hard reset',
  diag: 'pulse diagnostic interrupt',
  soft: 'soft shutdown (ACPI)',
};

export async function chassisControl(runner: IpmiCommandRunner, action: ChassisControlAction): Promise<void> {
  await runner.command({
    netFn: NETFN.CHASSIS,
    cmd: 0x02,
    data: Buffer.from([CHASSIS_CONTROL[action]]),
    name: `Chassis Control (${CONTROL_NAMES[action]})`,
  });
}
