/**
 * IPMI failures, typed so the power stage can tell "wrong password" (stop, tell the user)
 * from "BMC not answering" (maybe retry later). `bmc` is `host:port`; no error ever
 * carries the password, and the messages name the BMC and the user, as Ansible's do.
 */
export class IpmiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly bmc: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** No answer after every attempt; `step` is what was asked (a command or a handshake message). */
export class IpmiTimeoutError extends IpmiError {
  constructor(
    bmc: string,
    readonly step: string,
    readonly attempts: number,
    readonly timeoutMs: number,
    detail = '',
  ) {
    super(
      `BMC ${bmc} did not answer ${step} after ${attempts} attempt${attempts === 1 ? '' : 's'} of ${timeoutMs} ms each` +
        `${detail ? ` (${detail})` : ''}; check the address, the port and that IPMI over LAN is enabled`,
      'KPLAY_IPMI_TIMEOUT',
      bmc,
    );
  }
}

/** The password (Kuid) does not match the BMC's: RAKP 2's HMAC or RAKP 4's check value failed. Final, never retried. */
export class IpmiAuthenticationError extends IpmiError {
  constructor(
    bmc: string,
    readonly username: string,
    readonly detail: string,
    hint = 'the password is wrong for this user',
  ) {
    super(
      `authentication to BMC ${bmc} as user '${username}' failed: ${detail}; ${hint}`,
      'KPLAY_IPMI_AUTH',
      bmc,
    );
  }
}

/** The BMC does not know the user name (RAKP 2 status "unauthorized name"). */
export class IpmiUnknownUserError extends IpmiError {
  constructor(
    bmc: string,
    readonly username: string,
  ) {
    super(`BMC ${bmc} has no user '${username}' (RAKP 2: unauthorized name); check bmc.username`, 'KPLAY_IPMI_USER', bmc);
  }
}

/** kplay or the BMC cannot use the requested cipher suite. */
export class IpmiCipherSuiteError extends IpmiError {
  constructor(
    bmc: string,
    readonly cipherSuite: number,
    detail: string,
  ) {
    super(`BMC ${bmc}: cipher suite ${cipherSuite} cannot be used: ${detail}`, 'KPLAY_IPMI_CIPHER', bmc);
  }
}

/** Session setup refused with an RMCP+ status code other than the ones above. */
export class IpmiSessionError extends IpmiError {
  constructor(
    bmc: string,
    readonly step: string,
    readonly status: number,
    description: string,
  ) {
    super(`BMC ${bmc} refused ${step}: RMCP+ status 0x${hex(status)} (${description})`, 'KPLAY_IPMI_SESSION', bmc);
  }
}

/** A command answered with a completion code other than 00h. */
export class IpmiCompletionCodeError extends IpmiError {
  constructor(
    bmc: string,
    readonly command: string,
    readonly completionCode: number,
    description: string,
  ) {
    super(`BMC ${bmc}: ${command} failed with completion code 0x${hex(completionCode)} (${description})`, 'KPLAY_IPMI_COMPLETION', bmc);
  }
}

/** A malformed or unexpected packet, or a peer that breaks the protocol. */
export class IpmiProtocolError extends IpmiError {
  constructor(bmc: string, detail: string) {
    super(`BMC ${bmc}: ${detail}`, 'KPLAY_IPMI_PROTOCOL', bmc);
  }
}

/** Bad input caught before anything is sent (user name too long, password too long, ...). */
export class IpmiUsageError extends IpmiError {
  constructor(bmc: string, detail: string) {
    super(`BMC ${bmc}: ${detail}`, 'KPLAY_IPMI_USAGE', bmc);
  }
}

/** A packet kplay could not parse; thrown by the pure decoders and caught by the session. */
export class IpmiDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpmiDecodeError';
  }
}

export function hex(n: number, width = 2): string {
  return n.toString(16).padStart(width, '0');
}
