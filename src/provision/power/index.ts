export * from './driver.js';
export { IpmiLanplusDriver, type IpmiDriverOptions } from './ipmi-driver.js';
export { FakePowerDriver, type FakePowerCall } from './fake-driver.js';
export { powerDriverFor, PowerDriverUnavailableError } from './drivers.js';
