/*
 * Power drivers, as tiny capability interfaces (bmc-toolbox/bmclib's shape): a stage asks
 * for exactly what it needs (`PowerSetter & BootDeviceSetter` to netboot a host), and a
 * driver implements what its protocol can do. IPMI lanplus first; Redfish fits the same.
 */

export type PowerState = 'on' | 'off';

/** `soft` asks the OS for an ACPI shutdown; `off` cuts power at once; `reset` is a hard reset, power stays on. */
export const POWER_ACTIONS = ['on', 'off', 'cycle', 'reset', 'soft'] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];

export const BOOT_TARGETS = ['pxe', 'disk', 'bios', 'none'] as const;
/** `none` clears the override: the firmware's own boot order applies. */
export type BootTarget = (typeof BOOT_TARGETS)[number];

export interface BootDeviceOptions {
  /** Next boot only (default), or every boot from now on. */
  readonly oneShot?: boolean;
  /** UEFI boot instead of legacy BIOS. */
  readonly efi?: boolean;
}

export interface BootOverride {
  /** Undefined when the BMC reports a device kplay has no name for (cdrom, floppy, ...). */
  readonly device: BootTarget | undefined;
  readonly persistent: boolean;
  readonly efi: boolean;
  /** The BMC still holds the override (boot flags "valid"); it clears it after a one-shot boot. */
  readonly pending: boolean;
}

export interface PowerStatusGetter {
  powerStatus(): Promise<PowerState>;
}

export interface PowerSetter {
  setPower(action: PowerAction): Promise<void>;
}

export interface BootDeviceSetter {
  setBootDevice(device: BootTarget, options?: BootDeviceOptions): Promise<void>;
}

export interface BootDeviceGetter {
  bootDevice(): Promise<BootOverride>;
}

/** Everything a full driver does; stages should ask for the narrow interfaces instead. */
export interface PowerDriver extends PowerStatusGetter, PowerSetter, BootDeviceSetter, BootDeviceGetter {
  /** `ipmi`, `redfish`, `fake`. */
  readonly kind: string;
  /** `host:port`, for messages. */
  readonly bmc: string;
}
