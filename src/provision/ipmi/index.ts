export { IpmiSession, bmcLabel, DEFAULT_IPMI_PORT, DEFAULT_TIMEOUT_MS, DEFAULT_ATTEMPTS, type IpmiSessionOptions } from './session.js';
export type { IpmiTrace } from './handshake.js';
export { CIPHER_SUITES, DEFAULT_CIPHER_SUITE, isSupportedCipherSuite, type CipherSuite, type CipherSuiteId } from './cipher-suites.js';
export * from './errors.js';
export { describeCompletionCode, describeRmcpStatus, RMCP_STATUS } from './codes.js';
export type { IpmiRequest, IpmiResponse } from './ipmi-message.js';
export { PRIVILEGE, type IpmiCommandRunner, type PrivilegeName } from './commands/runner.js';
export { getDeviceId, parseDeviceId, type DeviceId } from './commands/app.js';
export { getChassisStatus, chassisControl, parseChassisStatus, CHASSIS_CONTROL, type ChassisStatus, type ChassisControlAction } from './commands/chassis.js';
export {
  setBootDevice,
  getBootFlags,
  encodeBootFlags,
  decodeBootFlags,
  BOOT_DEVICE_SELECTORS,
  type BootDevice,
  type BootDeviceRequest,
  type BootFlags,
  type BootFlagsReading,
} from './commands/boot-options.js';
export { presencePing } from './presence.js';
