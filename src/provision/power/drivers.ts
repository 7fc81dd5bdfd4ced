import type { BmcConfig, BmcDriver } from '../pools/model.js';
import type { PowerDriver } from './driver.js';
import { IpmiLanplusDriver, type IpmiDriverOptions } from './ipmi-driver.js';

/** No driver for this BMC kind yet (Redfish): named, so pools.yml can say redfish:// today. */
export class PowerDriverUnavailableError extends Error {
  readonly code = 'KPLAY_POWER_DRIVER';
  constructor(
    readonly driver: string,
    readonly bmc: string,
  ) {
    super(`BMC ${bmc}: the ${driver} power driver is not available yet; use an ipmi:// address (IPMI lanplus)`);
    this.name = 'PowerDriverUnavailableError';
  }
}

type Tuning = Pick<IpmiDriverOptions, 'timeoutMs' | 'attempts' | 'trace'>;

const DRIVERS = {
  ipmi: (bmc: BmcConfig, tuning: Tuning): PowerDriver =>
    new IpmiLanplusDriver({ host: bmc.host, port: bmc.port, username: bmc.username, password: bmc.password.resolve(), cipherSuite: bmc.cipherSuite, ...tuning }),
  redfish: (bmc: BmcConfig): PowerDriver => {
    throw new PowerDriverUnavailableError('redfish', bmc.address);
  },
} satisfies Record<BmcDriver, (bmc: BmcConfig, tuning: Tuning) => PowerDriver>;

/** The driver for a host's `bmc:` block in pools.yml. The password is resolved here, when a BMC is about to be asked. */
export function powerDriverFor(bmc: BmcConfig, tuning: Tuning = {}): PowerDriver {
  return DRIVERS[bmc.driver](bmc, tuning);
}
