import type { BootDeviceOptions, BootOverride, BootTarget, PowerAction, PowerDriver, PowerState } from './driver.js';

export type FakePowerCall = { readonly op: 'status' } | { readonly op: 'power'; readonly action: PowerAction } | { readonly op: 'boot'; readonly device: BootTarget; readonly oneShot: boolean; readonly efi: boolean } | { readonly op: 'get-boot' };

/**
 * An in-memory BMC for stages' tests: it keeps power and boot state the way a real one
 * does (a one-shot override is consumed by the next power-on), and records every call.
 */
export class FakePowerDriver implements PowerDriver {
  readonly kind = 'fake';
  readonly calls: FakePowerCall[] = [];
  state: PowerState;
  boot: BootOverride = { device: undefined, persistent: false, efi: false, pending: false };
  /** What the host booted from at its last power-on or reset. */
  lastBoot: BootTarget | undefined;
  /** Set to make every call fail with this error. */
  failWith: Error | undefined;

  constructor(
    readonly bmc = 'fake:623',
    initial: PowerState = 'off',
  ) {
    this.state = initial;
  }

  async powerStatus(): Promise<PowerState> {
    this.#record({ op: 'status' });
    return this.state;
  }

  async setPower(action: PowerAction): Promise<void> {
    this.#record({ op: 'power', action });
    const wasOn = this.state === 'on';
    if (action === 'off' || action === 'soft') this.state = 'off';
    else if (action === 'on' && !wasOn) {
      this.state = 'on';
      this.#booted();
    } else if ((action === 'cycle' || action === 'reset') && wasOn) this.#booted();
    // Like most BMCs: cycle and reset of a host that is off do nothing.
  }

  async setBootDevice(device: BootTarget, options: BootDeviceOptions = {}): Promise<void> {
    const oneShot = options.oneShot !== false;
    const efi = options.efi === true;
    this.#record({ op: 'boot', device, oneShot, efi });
    this.boot = { device, persistent: !oneShot, efi, pending: device !== 'none' };
  }

  async bootDevice(): Promise<BootOverride> {
    this.#record({ op: 'get-boot' });
    return this.boot;
  }

  #booted(): void {
    this.lastBoot = this.boot.pending ? this.boot.device : 'disk';
    if (!this.boot.persistent) this.boot = { ...this.boot, pending: false };
  }

  #record(call: FakePowerCall): void {
    this.calls.push(call);
    if (this.failWith) throw this.failWith;
  }
}
