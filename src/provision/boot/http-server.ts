import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ANSWER_CONTENT_TYPES, renderAnswerFile } from './answer-file.js';
import type { DeployRamdisk } from '../pools/provisioning.js';
import type { Booter } from './booter.js';
import { parseCallbackOutcome, readBody } from './callback-outcome.js';
import { bootFiles, hostUrls, hostVars } from './host-vars.js';
import { genericIpxeScript, hostIpxeScript } from './ipxe-script.js';

export interface BootHttpOptions {
  readonly booter: Booter;
  /** Only this address is listened on (the provisioning interface's). */
  readonly address: string;
  /** 0: any free port. */
  readonly port: number;
  /** Problems serving a request (never secrets: tokens are cut from URLs). */
  readonly log?: (line: string) => void;
  /** What `image` profiles netboot to write their image (provisioning.deployKernel/deployRamdisk). */
  readonly deploy?: DeployRamdisk;
}

/**
 * kplay's boot HTTP server:
 *   GET /boot.ipxe                    the generic script DHCP hands to iPXE
 *   GET /ipxe/<mac>                   the script of an armed host (404 otherwise)
 *   GET /files/<host>/kernel|initrd   an armed host's profile's local kernel and initrd
 *                                     (an image profile's: the deploy ramdisk's)
 *   GET /files/<host>/image           an armed host's image profile's local image
 *   GET /answer/<host>/<token>        the rendered answer file
 *   GET|POST /done/<host>/<token>     the installer's callback: once (410 after); with
 *                                     `status=failed&reason=...` (query or POST body) it
 *                                     reports that the install failed
 */
export class BootHttpServer {
  readonly #server: Server;
  readonly #o: BootHttpOptions;
  #url = '';

  constructor(o: BootHttpOptions) {
    this.#o = o;
    this.#server = createServer((req, res) => {
      try {
        this.#route(req, res);
      } catch (e) {
        this.#o.log?.(`http: ${redact(req.url ?? '')}: ${(e as Error).message}`);
        if (!res.headersSent) send(res, 500, 'internal error\n');
        else res.destroy();
      }
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#o.port, this.#o.address, () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.#url = `http://${this.#o.address}:${port}`;
    return this.#url;
  }

  get url(): string {
    return this.#url;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #route(req: IncomingMessage, res: ServerResponse): void {
    const from = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '?';
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const [first, a, b] = parts;
    const booter = this.#o.booter;
    if (req.method === 'POST' && first === 'done' && a && b && parts.length === 3) return this.#donePost(req, res, a, b, from);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    if (path === '/boot.ipxe') return send(res, 200, genericIpxeScript(this.#url), 'text/plain');
    if (first === 'ipxe' && a && parts.length === 2) {
      const armed = booter.byMac(a);
      if (!armed) return send(res, 404, `no installation pending for ${a}\n`);
      const urls = hostUrls(this.#url, armed.host, armed.token, this.#o.deploy);
      if (!bootFiles(armed.host, this.#o.deploy)) {
        this.#o.log?.(`http: ${armed.host.name}: profile ${armed.host.profile.name} writes an image, and provisioning has no deployKernel/deployRamdisk to write it with`);
        return send(res, 404, `no deploy ramdisk for ${armed.host.name}\n`);
      }
      booter.emit({ host: armed.host.name, kind: 'ipxe-script', at: Date.now(), from });
      return send(res, 200, hostIpxeScript(armed.host, urls, hostVars(armed.host, urls), this.#o.deploy), 'text/plain');
    }
    if (first === 'files' && a && (b === 'kernel' || b === 'initrd' || b === 'image') && parts.length === 3) return this.#file(req, res, a, b, from);
    if (first === 'answer' && a && b && parts.length === 3) {
      const armed = booter.authorized(a, b);
      if (!armed) return send(res, 403, 'forbidden\n');
      const p = armed.host.profile;
      if (!p.answerFile) return send(res, 404, `profile ${p.name} has no answer file\n`);
      const urls = hostUrls(this.#url, armed.host, armed.token, this.#o.deploy);
      const body = renderAnswerFile(p.answerFile.template, hostVars(armed.host, urls));
      booter.emit({ host: a, kind: 'answer-file', at: Date.now(), from });
      return send(res, 200, body, ANSWER_CONTENT_TYPES[p.answerFile.kind]);
    }
    if (first === 'done' && a && b && parts.length === 3) {
      // A HEAD (a link checker, a proxy's probe) must not use up the one-time callback.
      if (req.method === 'HEAD') return send(res, 405, 'method not allowed\n');
      return this.#done(res, a, b, from, new URL(req.url ?? '/', 'http://x').searchParams, '', undefined);
    }
    send(res, 404, 'not found\n');
  }

  #donePost(req: IncomingMessage, res: ServerResponse, host: string, token: string, from: string): void {
    readBody(req)
      .then((body) => {
        if (body === undefined) return send(res, 413, 'callback body too large\n');
        this.#done(res, host, token, from, new URL(req.url ?? '/', 'http://x').searchParams, body, req.headers['content-type']);
      })
      .catch(() => res.destroy());
  }

  #done(res: ServerResponse, host: string, token: string, from: string, query: URLSearchParams, body: string, contentType: string | undefined): void {
    // The token first: without it nobody learns anything, not even whether the body made sense.
    if (!this.#o.booter.authorized(host, token)) return send(res, 403, 'forbidden\n');
    const outcome = parseCallbackOutcome(query, body, contentType);
    if ('invalid' in outcome) return send(res, 400, `${outcome.invalid}\n`);
    const r = this.#o.booter.complete(host, token, from, outcome.ok ? undefined : outcome.reason);
    if (r === 'ok') return send(res, 200, outcome.ok ? 'ok\n' : 'failure recorded\n');
    if (r === 'used') return send(res, 410, 'callback already used\n');
    send(res, 403, 'forbidden\n');
  }

  #file(req: IncomingMessage, res: ServerResponse, hostName: string, what: 'kernel' | 'initrd' | 'image', from: string): void {
    const armed = this.#o.booter.armed(hostName);
    if (!armed) return send(res, 404, 'not found\n');
    const p = armed.host.profile;
    const path = what === 'image' ? (p.kind === 'image' ? p.image : undefined) : bootFiles(armed.host, this.#o.deploy)?.[what];
    if (path === undefined) return send(res, 404, 'not found\n');
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      this.#o.log?.(`http: ${hostName} ${what}: ${path} is missing`);
      return send(res, 404, 'not found\n');
    }
    this.#o.booter.emit({ host: armed.host.name, kind: what, at: Date.now(), from });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(path)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

/** Tokens are the last segment of /answer and /done URLs; a query (an installer's reason) is dropped too. */
export function redact(url: string): string {
  return url.replace(/\?.*$/s, '').replace(/^\/(answer|done)\/([^/]+)\/[^/?]+/, '/$1/$2/<token>');
}
