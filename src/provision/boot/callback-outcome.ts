import type { IncomingMessage } from 'node:http';

/** Largest callback body read: a reason is cut to a few hundred characters anyway. */
export const MAX_CALLBACK_BODY = 8192;

const SUCCESS = ['', 'ok', 'success', 'succeeded', 'done'];
const FAILURE = ['failed', 'failure', 'error'];

/** What an installer's callback says: success, a failure with its raw reason, or nonsense (400). */
export type CallbackOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string } | { readonly invalid: string };

/**
 * `/done/<host>/<token>[?status=failed&reason=...]`, and for a POST the same fields in the
 * body: `application/x-www-form-urlencoded` (busybox `wget --post-data`, curl `-d`) or JSON
 * `{"status": "failed", "reason": "..."}`. The body wins over the query string.
 */
export function parseCallbackOutcome(query: URLSearchParams, body: string, contentType: string | undefined): CallbackOutcome {
  let fields: { status?: string | null; reason?: string | null } = { status: query.get('status'), reason: query.get('reason') };
  if (body.trim() !== '') {
    if (/^application\/json\b/i.test(contentType ?? '')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return { invalid: 'the body is not JSON' };
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { invalid: 'the JSON body is no object' };
      const o = parsed as Record<string, unknown>;
      const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
      fields = { status: str(o['status']) ?? fields.status ?? null, reason: str(o['reason']) ?? fields.reason ?? null };
    } else {
      const form = new URLSearchParams(body);
      fields = { status: form.get('status') ?? fields.status ?? null, reason: form.get('reason') ?? fields.reason ?? null };
    }
  }
  const status = (fields.status ?? '').trim().toLowerCase();
  if (SUCCESS.includes(status)) return { ok: true };
  if (FAILURE.includes(status)) return { ok: false, reason: fields.reason ?? '' };
  return { invalid: `unknown status (expected ok or failed)` };
}

/** The request body, up to `max` bytes; undefined when it is larger. */
export function readBody(req: IncomingMessage, max = MAX_CALLBACK_BODY): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
