/**
 * Executable dynamic inventory (ansible/plugins/inventory/script.py): `<script> --list`
 * prints JSON groups; host variables come from `_meta.hostvars`, or from one
 * `<script> --host <name>` per host when `_meta.hostvars` is absent.
 */
import { spawn } from 'node:child_process';
import { SourceError } from '../../errors/source-error.js';
import { InventoryError } from '../errors.js';
import { pyRepr } from '../py-repr.js';
import { executable, hasShebang, readable } from './fs-checks.js';
import type { InventoryPlugin, SourceContext } from './plugin.js';
import { parseData, parseJson } from './read.js';

interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  ENOEXEC: [8, 'Exec format error'],
};

function run(cmd: string[], ctx: SourceContext): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ctx.cwd, env: ctx.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      const [no, text] = ERRNO[e.code ?? ''] ?? [0, e.message];
      reject(new InventoryError(`problem running ${cmd.join(' ')} ([Errno ${no}] ${text}: '${cmd[0]}')`));
    });
    child.on('close', (code) => resolvePromise({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
  });
}

function utf8(buf: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch (e) {
    throw new InventoryError(`Inventory ${path} contained characters that cannot be interpreted as UTF-8: ${(e as Error).message}`);
  }
}

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => v !== null && typeof v === 'object' && !Array.isArray(v);

class ScriptGroups {
  readonly hosts = new Set<string>();
  constructor(private readonly ctx: SourceContext) {}

  parseGroup(name: string, raw: unknown): void {
    const inv = this.ctx.inventory;
    const group = inv.addGroup(name);
    let data: Mapping;
    if (!isMapping(raw)) data = { hosts: raw };
    else if (!['hosts', 'vars', 'children'].some((k) => k in raw)) data = { hosts: [group], vars: raw };
    else data = raw;
    if ('hosts' in data) {
      const hosts = data['hosts'];
      if (!Array.isArray(hosts)) throw new InventoryError(`You defined a group '${group}' with bad data for the host list:\n ${pyRepr(data)}`);
      for (const h of hosts) {
        if (typeof h !== 'string') throw new InventoryError(`Invalid host name supplied, expected a string but got ${typeof h} for ${pyRepr(h)}`);
        this.hosts.add(h);
        inv.addHostTo(h, group);
      }
    }
    if ('vars' in data) {
      const vars = data['vars'];
      if (!isMapping(vars)) throw new InventoryError(`You defined a group '${group}' with bad data for variables:\n ${pyRepr(data)}`);
      for (const [k, v] of Object.entries(vars)) inv.setVariable(group, k, v);
    }
    if ('children' in data) {
      const children = data['children'];
      const names = Array.isArray(children) ? children : isMapping(children) ? Object.keys(children) : typeof children === 'string' ? [...children] : [];
      for (const c of names) inv.addChild(group, inv.addGroup(String(c)));
    }
  }
}

async function hostVarsFromScript(path: string, host: string, ctx: SourceContext): Promise<unknown> {
  const cmd = [path, '--host', host];
  const r = await run(cmd, ctx);
  const out = r.stdout.toString('utf8');
  // Ansible compares the bytes output with '' (never equal), so empty output is read as
  // YAML: None, which then fails the source
  try {
    return parseData(out, path);
  } catch {
    throw new InventoryError(`could not parse post variable response: ${pyRepr(cmd)}, ${pyRepr(out)}`);
  }
}

async function parseScript(path: string, ctx: SourceContext): Promise<void> {
  const r = await run([path, '--list'], ctx);
  let err = r.stderr.toString('utf8');
  if (err && !err.endsWith('\n')) err += '\n';
  if (r.code !== 0) throw new InventoryError(`Inventory script (${path}) had an execution error: ${err} `);
  const text = utf8(r.stdout, path);
  let processed: unknown;
  try {
    processed = parseJson(text);
  } catch (e) {
    throw new InventoryError(`failed to parse executable inventory script results from ${path}: ${(e as Error).message}\n${err}`);
  }
  if (err) ctx.scriptStderr(path, err);
  if (!isMapping(processed)) throw new InventoryError(`failed to parse executable inventory script results from ${path}: needs to be a json dict\n${err}`);
  const groups = new ScriptGroups(ctx);
  let fromMeta: unknown;
  let haveMeta = false;
  for (const [group, gdata] of Object.entries(processed)) {
    if (group === '_meta') {
      if (isMapping(gdata) && 'hostvars' in gdata) {
        fromMeta = gdata['hostvars'];
        haveMeta = true;
      }
    } else {
      groups.parseGroup(group, gdata);
    }
  }
  for (const host of groups.hosts) {
    let got: unknown;
    if (!haveMeta) got = await hostVarsFromScript(path, host, ctx);
    else if (isMapping(fromMeta)) got = fromMeta[host] ?? {};
    else throw new InventoryError(`Improperly formatted host information for ${host}: '${typeof fromMeta}' object has no attribute 'get'`);
    if (!isMapping(got)) throw new InventoryError(`Invalid data from file, expected dictionary and got:\n\n${pyRepr(got)}`);
    for (const [k, v] of Object.entries(got)) ctx.inventory.setVariable(host, k, v);
  }
}

export const scriptPlugin: InventoryPlugin = {
  name: 'script',
  verify: (source) => readable(source) && (executable(source) || hasShebang(source)),
  async parse(source, ctx) {
    try {
      await parseScript(source, ctx);
    } catch (e) {
      if (e instanceof InventoryError) throw new SourceError(e.message, { code: 'KPLAY_INVENTORY_SCRIPT' });
      throw e;
    }
  },
};
