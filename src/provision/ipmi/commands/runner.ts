import type { IpmiRequest, IpmiResponse } from '../ipmi-message.js';

/**
 * What the commands need from a session: send one request, get its answer. Commands are
 * written against this, so they run the same over the real session and over a fake.
 */
export interface IpmiCommandRunner {
  /** The response data after a 00h completion code; any other code throws IpmiCompletionCodeError. */
  command(req: IpmiRequest): Promise<Buffer>;
  /** The response whatever its completion code, for commands where some codes are expected. */
  send(req: IpmiRequest): Promise<IpmiResponse>;
}

export const PRIVILEGE = { CALLBACK: 0x01, USER: 0x02, OPERATOR: 0x03, ADMINISTRATOR: 0x04 } as const;
export type PrivilegeName = 'user' | 'operator' | 'administrator';
export const PRIVILEGE_BY_NAME: Readonly<Record<PrivilegeName, number>> = {
  user: PRIVILEGE.USER,
  operator: PRIVILEGE.OPERATOR,
  administrator: PRIVILEGE.ADMINISTRATOR,
};
