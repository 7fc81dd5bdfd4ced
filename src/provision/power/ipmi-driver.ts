import type { Secret } from '../../secrets/secret.js';
import {
  chassisControl,
  getBootFlags,
  getChassisStatus,
  getDeviceId,
  IpmiDecodeError,
  IpmiProtocolError,
  IpmiSession,
  IpmiUsageError,
  bmcLabel,
  DEFAULT_IPMI_PORT,
  setBootDevice,
  type BootDevice,
  type DeviceId,
  type IpmiSessionOptions,
} from '../ipmi/index.js';
import { parseBmcAddress } from '../pools/values.js';
import type { BootDeviceOptions, BootOverride, BootTarget, PowerAction, PowerDriver, PowerState } from './driver.js';

/** The driver takes exactly the session's options: it opens one session per operation. */
export type IpmiDriverOptions = IpmiSessionOptions;

const KPLAY_TO_IPMI_BOOT: Readonly<Record<BootTarget, BootDevice>> = { pxe: 'pxe', disk: 'disk', bios: 'bios', none: 'none' };

/**
 * The IPMI v2.0 "lanplus" power driver. Each operation opens its own session and closes
 * it, as `ipmitool -I lanplus` does, so no session idles out on the BMC between stages.
 */
export class IpmiLanplusDriver implements PowerDriver {
  readonly kind = 'ipmi';
  readonly bmc: string;
  readonly #options: IpmiSessionOptions;

  constructor(o: IpmiDriverOptions) {
    this.bmc = bmcLabel(o.host, o.port ?? DEFAULT_IPMI_PORT);
    this.#options = { ...o, cipherSuite: o.cipherSuite ?? 3 };
  }

  /** From pools.yml's spelling: `host`, `host:port`, `[v6]:port` or `ipmi://host[:port]`. */
  static fromAddress(address: string, credentials: { username: string; password: Secret }, options: Omit<IpmiDriverOptions, 'host' | 'port' | 'username' | 'password'> = {}): IpmiLanplusDriver {
    const parsed = parseBmcAddress(address);
    if (!parsed.ok) throw new IpmiUsageError(address, `not a BMC address: ${parsed.error}`);
    if (parsed.value.driver === 'redfish') throw new IpmiUsageError(address, 'is a Redfish address, not an IPMI one');
    return new IpmiLanplusDriver({ ...options, ...credentials, host: parsed.value.host, ...(parsed.value.port ? { port: parsed.value.port } : {}) });
  }

  get cipherSuite(): number {
    return this.#options.cipherSuite ?? 3;
  }

  async withSession<T>(work: (session: IpmiSession) => Promise<T>): Promise<T> {
    const session = await IpmiSession.open(this.#options);
    try {
      return await work(session);
    } catch (e) {
      if (e instanceof IpmiDecodeError) throw new IpmiProtocolError(this.bmc, e.message);
      throw e;
    } finally {
      await session.close();
    }
  }

  powerStatus(): Promise<PowerState> {
    return this.withSession(async (s) => ((await getChassisStatus(s)).powerOn ? 'on' : 'off'));
  }

  setPower(action: PowerAction): Promise<void> {
    return this.withSession((s) => chassisControl(s, action));
  }

  setBootDevice(device: BootTarget, options: BootDeviceOptions = {}): Promise<void> {
    return this.withSession((s) => setBootDevice(s, { device: KPLAY_TO_IPMI_BOOT[device], persistent: options.oneShot === false, efi: options.efi === true }));
  }

  bootDevice(): Promise<BootOverride> {
    return this.withSession(async (s) => {
      const { flags } = await getBootFlags(s);
      const device = flags.device && (Object.hasOwn(KPLAY_TO_IPMI_BOOT, flags.device) ? (flags.device as BootTarget) : undefined);
      return { device, persistent: flags.persistent, efi: flags.efi, pending: flags.valid };
    });
  }

  deviceId(): Promise<DeviceId> {
    return this.withSession((s) => getDeviceId(s));
  }
}
