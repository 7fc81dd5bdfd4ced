/** IPMI v2.0 §13.24, Table 13-15: RMCP+ and RAKP message status codes. */
export const RMCP_STATUS = {
  NO_ERRORS: 0x00,
  INSUFFICIENT_RESOURCES: 0x01,
  INVALID_SESSION_ID: 0x02,
  INVALID_PAYLOAD_TYPE: 0x03,
  INVALID_AUTH_ALGORITHM: 0x04,
  INVALID_INTEGRITY_ALGORITHM: 0x05,
  NO_MATCHING_AUTH_PAYLOAD: 0x06,
  NO_MATCHING_INTEGRITY_PAYLOAD: 0x07,
  INACTIVE_SESSION_ID: 0x08,
  INVALID_ROLE: 0x09,
  UNAUTHORIZED_ROLE: 0x0a,
  INSUFFICIENT_RESOURCES_FOR_ROLE: 0x0b,
  INVALID_NAME_LENGTH: 0x0c,
  UNAUTHORIZED_NAME: 0x0d,
  UNAUTHORIZED_GUID: 0x0e,
  INVALID_INTEGRITY_CHECK_VALUE: 0x0f,
  INVALID_CONFIDENTIALITY_ALGORITHM: 0x10,
  NO_CIPHER_SUITE_MATCH: 0x11,
  ILLEGAL_PARAMETER: 0x12,
} as const;

const RMCP_STATUS_TEXT: Readonly<Record<number, string>> = {
  0x00: 'no errors',
  0x01: 'insufficient resources to create a session',
  0x02: 'invalid session ID',
  0x03: 'invalid payload type',
  0x04: 'invalid authentication algorithm',
  0x05: 'invalid integrity algorithm',
  0x06: 'no matching authentication payload',
  0x07: 'no matching integrity payload',
  0x08: 'inactive session ID',
  0x09: 'invalid role',
  0x0a: 'unauthorized role or privilege level requested',
  0x0b: 'insufficient resources to create a session at the requested role',
  0x0c: 'invalid name length',
  0x0d: 'unauthorized name',
  0x0e: 'unauthorized GUID',
  0x0f: 'invalid integrity check value',
  0x10: 'invalid confidentiality algorithm',
  0x11: 'no cipher suite match with proposed security algorithms',
  0x12: 'illegal or unrecognized parameter',
};

export function describeRmcpStatus(status: number): string {
  return RMCP_STATUS_TEXT[status] ?? 'reserved status code';
}

/** Statuses that mean "this BMC does not do the algorithms of that cipher suite". */
export const CIPHER_REFUSALS: ReadonlySet<number> = new Set([
  RMCP_STATUS.INVALID_AUTH_ALGORITHM,
  RMCP_STATUS.INVALID_INTEGRITY_ALGORITHM,
  RMCP_STATUS.NO_MATCHING_AUTH_PAYLOAD,
  RMCP_STATUS.NO_MATCHING_INTEGRITY_PAYLOAD,
  RMCP_STATUS.INVALID_CONFIDENTIALITY_ALGORITHM,
  RMCP_STATUS.NO_CIPHER_SUITE_MATCH,
]);

/** IPMI v2.0 §5.2, Table 5-2: generic completion codes. */
const COMPLETION_TEXT: Readonly<Record<number, string>> = {
  0x00: 'command completed normally',
  0xc0: 'node busy',
  0xc1: 'invalid command',
  0xc2: 'command invalid for given LUN',
  0xc3: 'timeout while processing command',
  0xc4: 'out of space',
  0xc5: 'reservation canceled or invalid reservation ID',
  0xc6: 'request data truncated',
  0xc7: 'request data length invalid',
  0xc8: 'request data field length limit exceeded',
  0xc9: 'parameter out of range',
  0xca: 'cannot return number of requested data bytes',
  0xcb: 'requested sensor, data, or record not present',
  0xcc: 'invalid data field in request',
  0xcd: 'command illegal for specified sensor or record type',
  0xce: 'command response could not be provided',
  0xcf: 'cannot execute duplicated request',
  0xd0: 'SDR repository in update mode',
  0xd1: 'device in firmware update mode',
  0xd2: 'BMC initialization or initialization agent in progress',
  0xd3: 'destination unavailable',
  0xd4: 'insufficient privilege level',
  0xd5: 'command not supported in present state',
  0xd6: 'command sub-function has been disabled or is unavailable',
  0xff: 'unspecified error',
};

/**
 * Text for a completion code. Codes 80h-BEh mean something different per command, so a
 * command may pass its own table (Set System Boot Options: 80h "parameter not supported").
 */
export function describeCompletionCode(code: number, specific: Readonly<Record<number, string>> = {}): string {
  const text = specific[code] ?? COMPLETION_TEXT[code];
  if (text) return text;
  if (code >= 0x01 && code <= 0x7e) return 'device-specific (OEM) completion code';
  if (code >= 0x80 && code <= 0xbe) return 'command-specific completion code';
  return 'reserved completion code';
}
