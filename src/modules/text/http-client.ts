/*
 * HTTP requests made ON THE HOST, as Ansible's uri and get_url make them (there with Python's
 * urllib, here with the host's curl). Everything that could be secret — the URL (it may carry
 * user:password@), headers, credentials — goes to curl as a config file on stdin (`-K -`), never
 * in argv; a request body goes through a temporary file the connection writes.
 */
import { shellQuote } from '../../connection/quote.js';
import type { Connection } from '../../connection/types.js';

export interface HttpRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly timeoutSeconds: number;
  readonly username?: string;
  readonly password?: string;
  readonly forceBasicAuth: boolean;
  /** Ansible's follow_redirects: safe = only GET/HEAD. */
  readonly followRedirects: string;
  readonly validateCerts: boolean;
  readonly userAgent: string;
  readonly decompress: boolean;
  /** Only send the request when the resource is newer (If-Modified-Since), as urllib's last_mod_time. */
  readonly ifModifiedSince?: number;
  /** Leave the body in this file on the host instead of returning it (get_url). */
  readonly outputFile?: string;
}

export interface HttpResponse {
  /** -1 when no HTTP response came back. */
  readonly status: number;
  readonly reason: string;
  /** Final response's headers, lower-cased names, repeated ones joined with ', ' (fetch_url's info). */
  readonly headers: Record<string, string>;
  readonly cookies: Array<[string, string]>;
  readonly url: string;
  readonly body: Buffer;
  /** urllib's wording for a failure without a response. */
  readonly error?: string;
}

/* curl's config syntax: a double-quoted string with backslash escapes. */
function configString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') + '"';
}

export function curlConfig(req: HttpRequest, bodyFile: string | undefined): string {
  const lines = [`url = ${configString(req.url)}`, `request = ${configString(req.method)}`, `user-agent = ${configString(req.userAgent)}`, `max-time = ${req.timeoutSeconds}`, 'silent', 'show-error'];
  const follow = req.followRedirects === 'all' || req.followRedirects === 'yes' || (req.followRedirects === 'safe' && (req.method === 'GET' || req.method === 'HEAD'));
  if (follow) lines.push('location', 'max-redirs = 10');
  if (!req.validateCerts) lines.push('insecure');
  if (req.decompress) lines.push('compressed');
  if (req.method === 'HEAD') lines.push('head');
  for (const [k, v] of Object.entries(req.headers)) lines.push(`header = ${configString(`${k}: ${v}`)}`);
  if (req.username !== undefined) {
    lines.push(`user = ${configString(`${req.username}:${req.password ?? ''}`)}`);
    lines.push(req.forceBasicAuth ? 'basic' : 'anyauth');
  }
  if (req.ifModifiedSince !== undefined) lines.push(`header = ${configString(`If-Modified-Since: ${new Date(req.ifModifiedSince * 1000).toUTCString()}`)}`);
  if (bodyFile !== undefined) lines.push(`data-binary = ${configString('@' + bodyFile)}`);
  return lines.join('\n') + '\n';
}

/* The last response in curl's -D dump (one block per redirect hop). */
function parseHeaderDump(dump: string): { status: number; reason: string; headers: Record<string, string>; cookies: Array<[string, string]> } {
  const blocks = dump.split(/\r?\n\r?\n/).filter((b) => /^HTTP\//.test(b.trim()));
  const cookies: Array<[string, string]> = [];
  let last = { status: -1, reason: '', headers: {} as Record<string, string> };
  for (const block of blocks) {
    const [statusLine = '', ...rest] = block.trim().split(/\r?\n/);
    const m = /^HTTP\/[\d.]+ (\d+) ?(.*)$/.exec(statusLine);
    const headers: Record<string, string> = {};
    for (const line of rest) {
      const i = line.indexOf(':');
      if (i <= 0) continue;
      const name = line.slice(0, i).trim().toLowerCase();
      const value = line.slice(i + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
      if (name === 'set-cookie') {
        const c = /^([^=;]+)=([^;]*)/.exec(value);
        if (c) cookies.push([c[1]!.trim(), c[2]!]);
      }
    }
    last = { status: m ? Number(m[1]) : -1, reason: m?.[2] ?? '', headers };
  }
  return { ...last, cookies };
}

const CURL_ERRORS: Record<number, string> = {
  6: 'Request failed: <urlopen error [Errno -2] Name or service not known>',
  7: 'Request failed: <urlopen error [Errno 111] Connection refused>',
  28: 'Connection failure: timed out',
  35: 'Request failed: <urlopen error SSL handshake failed>',
  60: 'Request failed: <urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed>',
};

/** Makes one request from the host with its curl; fails only when curl is missing. */
export async function httpRequest(conn: Connection, req: HttpRequest): Promise<HttpResponse> {
  const made = await conn.exec('command -v curl >/dev/null || { echo NOCURL; exit 0; }; mktemp -d');
  if (made.stdout.includes('NOCURL')) throw new Error('curl is required on the host for HTTP requests (kplay runs no Python there)');
  const dir = made.stdout.trim();
  try {
    const bodyFile = req.body !== undefined ? `${dir}/request` : undefined;
    if (bodyFile !== undefined) await conn.putFile(bodyFile, req.body!, 0o600);
    const out = req.outputFile ?? `${dir}/response`;
    const d = shellQuote(dir);
    const script =
      `curl -K - -o ${shellQuote(out)} -D ${d}/headers -w '%{url_effective}' > ${d}/url 2> ${d}/err; echo "@@RC $?"; cat ${d}/url; echo; echo @@ERR; cat ${d}/err; echo @@HEADERS; cat ${d}/headers 2>/dev/null; echo @@BODY; ` +
      (req.outputFile ? '' : `base64 -w0 < ${d}/response 2>/dev/null`);
    const r = await conn.exec(script, { stdin: curlConfig(req, bodyFile) });
    const text = r.stdout;
    const rc = Number(/@@RC (\d+)/.exec(text)?.[1] ?? '-1');
    const url = text.slice(text.indexOf('\n', text.indexOf('@@RC')) + 1, text.indexOf('\n@@ERR'));
    const err = text.slice(text.indexOf('@@ERR\n') + 6, text.indexOf('@@HEADERS\n')).trim();
    const dump = text.slice(text.indexOf('@@HEADERS\n') + 10, text.indexOf('@@BODY\n'));
    const body = Buffer.from(text.slice(text.indexOf('@@BODY\n') + 7).trim(), 'base64');
    const parsed = parseHeaderDump(dump);
    if (rc !== 0 && parsed.status === -1) {
      return { status: -1, reason: '', headers: {}, cookies: [], url: req.url, body: Buffer.alloc(0), error: CURL_ERRORS[rc] ?? `Request failed: <urlopen error ${err.replace(/^curl: \(\d+\) /, '')}>` };
    }
    return { ...parsed, url: url || req.url, body };
  } finally {
    await conn.exec(`rm -rf ${shellQuote(dir)}`);
  }
}

/** Python's urllib.parse.urlencode for a flat dict or list of pairs (form-urlencoded bodies). */
export function formUrlencode(body: unknown): string {
  const pairs: Array<[string, unknown]> = Array.isArray(body) ? (body as Array<[string, unknown]>) : Object.entries(body as Record<string, unknown>);
  const quote = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*~]/g, (c) => (c === '~' ? c : '%' + c.charCodeAt(0).toString(16).toUpperCase()));
  const str = (v: unknown): string => (typeof v === 'boolean' ? (v ? 'True' : 'False') : v === null ? 'None' : String(v));
  return pairs.map(([k, v]) => `${quote(str(k))}=${quote(str(v))}`).join('&');
}
