// Follows ansible.builtin.uri (ansible-core 2.14 modules/uri.py): the request is made on the host
// (curl there, see http-client.ts), result keys are fetch_url's info plus the response headers.
import { shellQuote } from '../../connection/quote.js';
import { pyJsonDumps } from '../../callback/py-json.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { shellPath } from './find-listing.js';
import { formUrlencode, httpRequest } from './http-client.js';
import { pathInfo } from './path-info.js';

export const urlOptions: ModuleSpec['options'] = {
  url: { type: 'str', required: true },
  force: { type: 'bool', default: false },
  http_agent: { type: 'str', default: 'ansible-httpget' },
  use_proxy: { type: 'bool', default: true },
  validate_certs: { type: 'bool', default: true },
  url_username: { type: 'str', aliases: ['user'] },
  url_password: { type: 'str', aliases: ['password'], noLog: true },
  force_basic_auth: { type: 'bool', default: false },
  client_cert: { type: 'path' },
  client_key: { type: 'path' },
  use_gssapi: { type: 'bool', default: false },
  timeout: { type: 'int', default: 30 },
  headers: { type: 'dict', default: {} },
  unredirected_headers: { type: 'list', elements: 'str', default: [] },
  decompress: { type: 'bool', default: true },
  ciphers: { type: 'list', elements: 'str' },
  use_netrc: { type: 'bool', default: true },
  ca_path: { type: 'path' },
};

export const fileCommonOptions: ModuleSpec['options'] = {
  mode: { type: 'raw' },
  owner: { type: 'str' },
  group: { type: 'str' },
  seuser: { type: 'str' },
  serole: { type: 'str' },
  setype: { type: 'str' },
  selevel: { type: 'str' },
  unsafe_writes: { type: 'bool', default: false },
  attributes: { type: 'str', aliases: ['attr'] },
};

const spec: ModuleSpec = {
  supportsCheckMode: false,
  mutuallyExclusive: [['body', 'src']],
  options: {
    ...urlOptions,
    ...fileCommonOptions,
    dest: { type: 'path' },
    body: { type: 'raw' },
    body_format: { type: 'str', default: 'raw', choices: ['form-urlencoded', 'json', 'raw', 'form-multipart'] },
    src: { type: 'path' },
    method: { type: 'str', default: 'GET' },
    return_content: { type: 'bool', default: false },
    follow_redirects: { type: 'str', default: 'safe', choices: ['all', 'no', 'none', 'safe', 'urllib2', 'yes'] },
    creates: { type: 'path' },
    removes: { type: 'path' },
    status_code: { type: 'list', elements: 'int', default: [200] },
    unix_socket: { type: 'path' },
    remote_src: { type: 'bool', default: false },
  },
};

const JSON_CANDIDATES = new Set(['json', 'javascript']);

function contentType(headers: Record<string, string>): { full: string | undefined; sub: string; charset: string } {
  const full = headers['content-type'];
  const [type = '', ...params] = (full ?? 'application/octet-stream').split(';');
  const charset = params.map((p) => /^\s*charset=["']?([^"']+)/i.exec(p)?.[1]).find((c) => c) ?? 'utf-8';
  return { full, sub: type.trim().toLowerCase().split('/')[1] ?? '', charset };
}

/* Python's str(list) of ints: [200, 201]. */
const pyList = (xs: number[]): string => `[${xs.join(', ')}]`;

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const url = args['url'] as string;
  const method = (args['method'] as string).toUpperCase();
  const bodyFormat = (args['body_format'] as string).toLowerCase();
  const statusCodes = args['status_code'] as number[];
  const returnContent = args['return_content'] === true;
  const headers = { ...(args['headers'] as Record<string, unknown>) } as Record<string, string>;
  for (const k of Object.keys(headers)) headers[k] = String(headers[k]);
  if (!/^[A-Z]+$/.test(method)) return { failed: true, msg: "Parameter 'method' needs to be a single word in uppercase, like GET or POST." };
  let body = args['body'];
  const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  if (bodyFormat === 'json') {
    if (typeof body !== 'string' && body !== null) body = pyJsonDumps(body, undefined, false);
    if (!hasType) headers['Content-Type'] = 'application/json';
  } else if (bodyFormat === 'form-urlencoded') {
    if (typeof body !== 'string' && body !== null) body = formUrlencode(body);
    if (!hasType) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (bodyFormat === 'form-multipart') {
    return { failed: true, msg: 'kplay: body_format=form-multipart is not supported yet' };
  }
  const conn = await ctx.connection();
  const exists = async (p: string): Promise<boolean> => (await conn.exec(`test -e ${shellPath(p)}`)).code === 0;
  const creates = args['creates'] as string | null;
  const removes = args['removes'] as string | null;
  if (creates !== null && (await exists(creates))) return { changed: false, stdout: `skipped, since '${creates}' exists` };
  if (removes !== null && !(await exists(removes))) return { changed: false, stdout: `skipped, since '${removes}' does not exist` };

  const start = Date.now();
  const resp = await httpRequest(conn, {
    url,
    method,
    headers,
    ...(body !== null && body !== undefined ? { body: Buffer.from(typeof body === 'string' ? body : String(body), 'utf8') } : {}),
    timeoutSeconds: args['timeout'] as number,
    ...(args['url_username'] !== null ? { username: args['url_username'] as string, password: (args['url_password'] as string | null) ?? '' } : {}),
    forceBasicAuth: args['force_basic_auth'] === true,
    followRedirects: args['follow_redirects'] as string,
    validateCerts: args['validate_certs'] === true,
    userAgent: args['http_agent'] as string,
    decompress: args['decompress'] === true,
  });
  const elapsed = Math.floor((Date.now() - start) / 1000);
  const ct = contentType(resp.headers);
  const sub = ct.sub.includes('+') ? ct.sub.split('+')[1]! : ct.sub;
  const maybeJson = ct.full !== undefined && JSON_CANDIDATES.has(sub);
  const maybeOutput = maybeJson || returnContent || !statusCodes.includes(resp.status);

  const info: Record<string, unknown> = { url, status: resp.status };
  if (resp.error) info['msg'] = resp.error;
  else {
    Object.assign(info, resp.headers);
    // urllib raises HTTPError for anything outside 2xx: no cookies, the requested url, the body kept.
    if (resp.status < 200 || resp.status >= 300) Object.assign(info, { msg: `HTTP Error ${resp.status}: ${resp.reason}`, status: resp.status });
    else {
      info['cookies_string'] = resp.cookies.map(([k, v]) => `${k}=${v}`).join('; ');
      info['cookies'] = Object.fromEntries(resp.cookies);
      Object.assign(info, { msg: `OK (${resp.headers['content-length'] ?? 'unknown'} bytes)`, url: resp.url, status: resp.status });
    }
  }
  const result: Record<string, unknown> = { redirected: resp.url !== url, ...info, elapsed, changed: false };
  if (!maybeOutput && (resp.status < 200 || resp.status >= 300)) result['body'] = resp.body.toString('utf8');
  const dest = args['dest'] as string | null;
  if (dest !== null && !resp.error) {
    if (statusCodes.includes(resp.status) && resp.status !== 304) {
      await conn.putFile(dest, resp.body, 0o644);
      result['changed'] = true;
      if (args['mode'] !== null) await conn.exec(`chmod ${shellQuote(String(args['mode']))} ${shellQuote(dest)}`);
    }
    result['path'] = dest;
  }
  const uresp: ModuleResult = {};
  for (const [k, v] of Object.entries(result)) uresp[k.replace(/-/g, '_').toLowerCase()] = v;
  if (typeof uresp['location'] === 'string') uresp['location'] = new URL(uresp['location'], url).toString();
  const text = maybeOutput ? resp.body.toString(ct.charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1') : undefined;
  if (text !== undefined && maybeJson) {
    try {
      uresp['json'] = JSON.parse(text);
    } catch {
      /* not JSON after all: Ansible leaves `json` out */
    }
  }
  if (typeof uresp['path'] === 'string') Object.assign(uresp, await pathInfo(conn, uresp['path']));
  if (!statusCodes.includes(resp.status)) {
    uresp.msg = `Status code was ${resp.status} and not ${pyList(statusCodes)}: ${String(uresp.msg ?? '')}`;
    return { ...uresp, ...(returnContent ? { content: text } : {}), failed: true };
  }
  return returnContent ? { ...uresp, content: text } : uresp;
}

export const uri: ModuleDefinition = { name: 'uri', spec, run };
