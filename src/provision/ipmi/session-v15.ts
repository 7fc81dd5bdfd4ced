import { IpmiDecodeError } from './errors.js';
import { encodeRmcp, RMCP_CLASS_IPMI } from './rmcp.js';

/*
 * The IPMI v1.5 session header (IPMI v2.0 §13.6), used here only outside a session and
 * unauthenticated (auth type NONE), for Get Channel Authentication Capabilities:
 *   auth type (00h) | session seq (4) | session ID (4) | message length (1) | message
 */

export const AUTH_TYPE_NONE = 0x00;

export function encodeV15Sessionless(message: Uint8Array): Buffer {
  const header = Buffer.alloc(10);
  header[0] = AUTH_TYPE_NONE;
  header[9] = message.length;
  return encodeRmcp(RMCP_CLASS_IPMI, Buffer.concat([header, message]));
}

/** Undefined when the body is no v1.5 packet (e.g. an RMCP+ one); throws when it is one but broken. */
export function decodeV15(body: Buffer): Buffer | undefined {
  const authType = body[0];
  if (authType === undefined || authType === 0x06) return undefined;
  const headerLength = authType === AUTH_TYPE_NONE ? 10 : 26;
  const length = body[headerLength - 1];
  if (length === undefined || body.length < headerLength + length) throw new IpmiDecodeError('IPMI v1.5 packet is shorter than its length field says');
  return body.subarray(headerLength, headerLength + length);
}
