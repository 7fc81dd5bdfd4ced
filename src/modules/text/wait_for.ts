// Follows ansible.builtin.wait_for (ansible-core 2.14 modules/wait_for.py). The loop runs on the
// controller; each probe is one command on the host (bash's /dev/tcp for ports, /proc/net/tcp*
// for drained), so no Python is needed there.
import { shellQuote } from '../../connection/quote.js';
import type { Connection } from '../../connection/types.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { shellPath } from './find-listing.js';
import { pathInfo } from './path-info.js';
import { compilePyRegex, PyRegexError, pySearch } from './py-regex.js';

const spec: ModuleSpec = {
  supportsCheckMode: false,
  options: {
    host: { type: 'str', default: '127.0.0.1' },
    timeout: { type: 'int', default: 300 },
    connect_timeout: { type: 'int', default: 5 },
    delay: { type: 'int', default: 0 },
    port: { type: 'int' },
    active_connection_states: { type: 'list', elements: 'str', default: ['ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'SYN_RECV', 'SYN_SENT', 'TIME_WAIT'] },
    path: { type: 'path' },
    search_regex: { type: 'str' },
    state: { type: 'str', default: 'started', choices: ['absent', 'drained', 'present', 'started', 'stopped'] },
    exclude_hosts: { type: 'list', elements: 'str' },
    sleep: { type: 'int', default: 1 },
    msg: { type: 'str' },
  },
};

const STATE_IDS: Record<string, string> = { ESTABLISHED: '01', SYN_SENT: '02', SYN_RECV: '03', FIN_WAIT1: '04', FIN_WAIT2: '05', TIME_WAIT: '06' };
const sleep = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000));

/** Connects to host:port from the host, optionally reading the server's first chunk (one recv) for up to `readFor` seconds. */
async function probePort(conn: Connection, host: string, port: number, connectTimeout: number, readFor: number): Promise<{ open: boolean; data: string }> {
  const target = shellQuote(`/dev/tcp/${host}/${port}`);
  const body = readFor > 0 ? `exec 3<>${target} || exit 3; timeout ${readFor} dd bs=1024 count=1 <&3 2>/dev/null | base64 -w0; exit 0` : `exec 3<>${target} || exit 3; exit 0`;
  const r = await conn.exec(`timeout ${Math.max(1, connectTimeout) + readFor} bash -c ${shellQuote(body)} 2>/dev/null`);
  return { open: r.code === 0, data: r.stdout };
}

/* /proc/net/tcp keeps IPv4 addresses as little-endian hex words. */
function hexIPv4(ip: string): string {
  return ip
    .split('.')
    .map((o) => Number(o).toString(16).toUpperCase().padStart(2, '0'))
    .reverse()
    .join('');
}

async function activeConnections(conn: Connection, host: string, port: number, states: string[], exclude: string[]): Promise<number> {
  const r = await conn.exec('cat /proc/net/tcp 2>/dev/null; echo @@TCP6@@; cat /proc/net/tcp6 2>/dev/null');
  const [v4 = '', v6 = ''] = r.stdout.split('@@TCP6@@');
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const ids = new Set(states.map((s) => STATE_IDS[s]));
  const ip4 = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? hexIPv4(host) : '';
  const mine = new Set(ip4 ? [ip4, `0000000000000000FFFF0000${ip4}`] : []);
  const excluded = new Set(exclude.filter((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h)).flatMap((h) => [hexIPv4(h), `0000000000000000FFFF0000${hexIPv4(h)}`]));
  let count = 0;
  for (const [text, v6table] of [[v4, false], [v6, true]] as const) {
    for (const line of text.split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || f[1] === 'local_address' || !ids.has(f[3]!)) continue;
      const [lip = '', lport] = f[1]!.split(':');
      if (lport !== portHex) continue;
      if (excluded.has(f[2]!.split(':')[0]!)) continue;
      // 0.0.0.0 matches every IPv4 socket and every IPv4-mapped IPv6 one, as the module does.
      const anyV4 = host === '0.0.0.0' && (!v6table || lip.startsWith('0000000000000000FFFF0000'));
      if (mine.has(lip) || anyV4) count++;
    }
  }
  return count;
}

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const host = args['host'] as string;
  const timeout = args['timeout'] as number;
  const port = args['port'] as number | null;
  const path = args['path'] as string | null;
  const state = args['state'] as string;
  const regexText = args['search_regex'] as string | null;
  const userMsg = args['msg'] as string | null;
  const pause = args['sleep'] as number;
  let re: RegExp | undefined;
  try {
    re = regexText === null ? undefined : compilePyRegex(Buffer.from(regexText, 'utf8').toString('latin1'), { unicode: false, multiline: true });
  } catch (e) {
    if (e instanceof PyRegexError) return { failed: true, msg: `Invalid regular expression: ${e.message}` };
    throw e;
  }
  if (port && path) return { failed: true, msg: 'port and path parameter can not both be passed to wait_for', elapsed: 0 };
  if (path && state === 'stopped') return { failed: true, msg: 'state=stopped should only be used for checking a port in the wait_for module', elapsed: 0 };
  if (path && state === 'drained') return { failed: true, msg: 'state=drained should only be used for checking a port in the wait_for module', elapsed: 0 };
  if (args['exclude_hosts'] !== null && state !== 'drained') return { failed: true, msg: 'exclude_hosts should only be with state=drained', elapsed: 0 };
  for (const s of args['active_connection_states'] as string[]) {
    if (!(s in STATE_IDS)) return { failed: true, msg: `unknown active_connection_state (${s}) defined`, elapsed: 0 };
  }
  const conn = await ctx.connection();
  await conn.exec('true'); // the clock starts once the connection is up, as it does on the host in Ansible
  const start = Date.now();
  const elapsed = (): number => Math.floor((Date.now() - start) / 1000);
  const end = start + timeout * 1000;
  const fail = (text: string): ModuleResult => ({ failed: true, msg: userMsg || text, elapsed: elapsed() });
  let groups: unknown[] = [];
  let groupdict: Record<string, unknown> = {};
  if ((args['delay'] as number) > 0) await sleep(args['delay'] as number);
  const q = path === null ? '' : shellPath(path);

  if (!port && !path && state !== 'drained') await sleep(timeout);
  else if (state === 'absent' || state === 'stopped') {
    for (;;) {
      if (Date.now() >= end) return fail(port ? `Timeout when waiting for ${host}:${port} to stop.` : `Timeout when waiting for ${path} to be absent.`);
      if (path !== null) {
        if ((await conn.exec(`test -e ${q}`)).code !== 0) break;
      } else if (port && !(await probePort(conn, host, port, args['connect_timeout'] as number, 0)).open) break;
      await sleep(pause);
    }
  } else if (state === 'started' || state === 'present') {
    for (;;) {
      if (Date.now() >= end) {
        const where = port ? `${host}:${port}` : path!;
        return fail(regexText ? `Timeout when waiting for search string ${regexText} in ${where}` : port ? `Timeout when waiting for ${where}` : `Timeout when waiting for file ${where}`);
      }
      let text: string | undefined;
      if (path !== null) {
        if ((await conn.exec(`test -e ${q}`)).code === 0) {
          if (!re) break;
          text = (await conn.exec(`cat ${q} | base64 -w0`)).stdout;
        }
      } else if (port) {
        const remaining = Math.ceil((end - Date.now()) / 1000);
        const p = await probePort(conn, host, port, Math.min(args['connect_timeout'] as number, remaining), re ? 1 : 0);
        if (p.open && !re) break;
        if (p.open) text = p.data;
      }
      if (text !== undefined && re) {
        const m = pySearch(re, Buffer.from(text, 'base64').toString('latin1'));
        if (m) {
          const utf8 = (s: string | undefined): string | null => (s === undefined ? null : Buffer.from(s, 'latin1').toString('utf8'));
          groups = m.slice(1).map(utf8);
          groupdict = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, utf8(v)]));
          break;
        }
      }
      await sleep(pause);
    }
  } else if (state === 'drained') {
    for (;;) {
      if (Date.now() >= end) return fail(`Timeout when waiting for ${host}:${String(port)} to drain`);
      if ((await activeConnections(conn, host, port ?? 0, args['active_connection_states'] as string[], (args['exclude_hosts'] as string[] | null) ?? [])) === 0) break;
      await sleep(pause);
    }
  }
  const result: ModuleResult = { changed: false, state, port, search_regex: regexText, match_groups: groups, match_groupdict: groupdict, path, elapsed: elapsed() };
  return path === null ? result : { ...result, ...(await pathInfo(conn, path)) };
}

export const wait_for: ModuleDefinition = { name: 'wait_for', spec, run };
