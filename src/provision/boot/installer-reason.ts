/** Longest reason kept from an installer's failure callback (the state file and `status` show it). */
export const MAX_REASON_LENGTH = 200;
/** Longest raw reason looked at: a larger one is cut before any work. */
const MAX_RAW_LENGTH = 4096;

/**
 * An installer's failure reason, made safe to store, log and print: it comes from the
 * provisioning network, so anything but printable ASCII (control characters and escape
 * sequences, C1 controls, bidi overrides, zero-width characters) becomes '?', line breaks
 * and runs of spaces one space (one log line, always), `secret` (the callback token)
 * `<token>`, and the whole is cut at MAX_REASON_LENGTH with '...'.
 */
export function sanitizeInstallerReason(raw: string, secret?: string): string {
  let s = raw.slice(0, MAX_RAW_LENGTH);
  if (secret) s = s.split(secret).join('<token>');
  s = s
    .replace(/[\t\n\r\v\f]+/g, ' ')
    .replace(/[^\x20-\x7e]/gu, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (s === '') return 'no reason given';
  return s.length > MAX_REASON_LENGTH ? `${s.slice(0, MAX_REASON_LENGTH - 3)}...` : s;
}
