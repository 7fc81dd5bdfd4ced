import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SourceError, formatPos, type SourcePos } from '../../errors/source-error.js';
import { parseYaml } from '../../yaml/load.js';
import { buildHost } from './build-host.js';
import { Checker, PoolsError, isMap, typeName, type YamlMap } from './checker.js';
import { parseHostFields, type FieldContext, type HostFields } from './host-fields.js';
import type { Pool, PoolHost } from './model.js';
import type { PasswordSources } from './password.js';
import { Pools } from './pools.js';
import { parseProfiles } from './profiles.js';
import { parseProvisioning } from './provisioning.js';
import { isDnsSubdomain } from './values.js';

export type LoadPoolsOptions = PasswordSources;

/**
 * Reads and validates pools.yml. Every problem in the file is collected first; if there is
 * any, a PoolsError (a SourceError: the first problem's position, `errors` for all) is
 * thrown and nothing else happens. Passwords are not read here (see BmcPassword).
 */
export function loadPools(path: string, opts: LoadPoolsOptions = {}): Pools {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SourceError(`Unable to read pools file ${path}: ${(e as Error).message}`, { code: 'KPLAY_FILE_READ' });
  }
  return parsePools(text, path, opts);
}

/** As loadPools, for text already read; relative paths in it are taken from `file`'s directory. */
export function parsePools(text: string, file: string, opts: LoadPoolsOptions = {}): Pools {
  const root = parseYaml(text, file);
  const c = new Checker(file, text);
  const baseDir = dirname(resolve(file));
  if (!isMap(root)) {
    c.fail(`a pools file must be a mapping with pools: (and profiles:), got ${typeName(root)}`, { file, line: 1, column: 1 });
    throw new PoolsError(c.errors());
  }
  c.keys(root, ['profiles', 'pools', 'provisioning'], 'the pools file');
  const profiles = parseProfiles(c, root, baseDir);
  const provisioning = parseProvisioning(c, root, baseDir);
  const ctx = { baseDir, sources: opts, profiles };
  const pools = new Map<string, Pool>();
  const entries: HostEntry[] = [];
  const rawPools = root['pools'] == null ? undefined : c.mapping(root['pools'], c.at(root, 'pools'), 'pools');
  if (root['pools'] == null) c.fail(`the pools file has no pools:`, c.at(root));
  for (const [name, value] of Object.entries(rawPools ?? {})) {
    const pool = parsePool(c, rawPools ?? {}, name, value, ctx, entries);
    if (pool) pools.set(name, pool);
  }
  checkUnique(c, entries);
  if (c.count > 0) throw new PoolsError(c.errors());
  return new Pools(file, profiles.valid, pools, provisioning);
}

interface HostEntry {
  readonly pool: string;
  readonly fields: HostFields;
  readonly host: PoolHost | undefined;
}

function parsePool(c: Checker, pools: YamlMap, name: string, value: unknown, ctx: Omit<FieldContext, 'defaults'>, entries: HostEntry[]): Pool | undefined {
  const path = `pools.${name}`;
  const pos = c.at(pools, name);
  const before = c.count;
  if (!isDnsSubdomain(name)) c.fail(`pool name '${name}' is not valid (lower-case letters, digits, '-' and '.')`, pos);
  const m = c.mapping(value, pos, path);
  if (!m) return undefined;
  c.keys(m, ['defaults', 'hosts'], path);
  const rawDefaults = m['defaults'] == null ? undefined : c.mapping(m['defaults'], c.at(m, 'defaults'), `${path}.defaults`);
  const defaults = rawDefaults ? parseHostFields(c, rawDefaults, `${path}.defaults`, { ...ctx, defaults: true }) : { written: new Set<string>(), bmc: {}, ssh: {} };
  if (m['hosts'] == null) {
    c.fail(`${path} has no hosts: (a list; it may be empty)`, pos);
    return undefined;
  }
  if (!Array.isArray(m['hosts'])) {
    c.fail(`${path}.hosts must be a list, got ${typeName(m['hosts'])}`, c.at(m, 'hosts'));
    return undefined;
  }
  const list: unknown[] = m['hosts'];
  const hosts: PoolHost[] = [];
  list.forEach((item, i) => {
    const itemPath = `${path}.hosts[${i}]`;
    const hm = c.mapping(item, c.at(list, i), itemPath);
    if (!hm) return;
    const fields = parseHostFields(c, hm, itemPath, { ...ctx, defaults: false });
    const host = buildHost(c, name, defaults, fields, itemPath, c.at(hm));
    entries.push({ pool: name, fields, host });
    if (host) hosts.push(host);
  });
  if (c.count > before) return undefined;
  return { name, hosts: hosts.sort((a, b) => a.order - b.order), pos };
}

/** Host names and boot MACs are unique across the file, BMC endpoints too, `order` within a pool. */
function checkUnique(c: Checker, entries: readonly HostEntry[]): void {
  const seen = new Map<string, SourcePos>();
  const once = (key: string, pos: SourcePos, message: string): void => {
    const first = seen.get(key);
    if (first) c.fail(`${message} (first at ${formatPos(first)})`, pos);
    else seen.set(key, pos);
  };
  for (const { pool, fields, host } of entries) {
    if (fields.name) once(`name ${fields.name.value}`, fields.name.pos, `duplicate host name '${fields.name.value}'`);
    const mac = fields.bootMACAddress;
    if (mac) once(`mac ${mac.value}`, mac.pos, `duplicate bootMACAddress ${mac.value}`);
    if (fields.order) once(`order ${pool} ${fields.order.value}`, fields.order.pos, `duplicate order ${fields.order.value} in pool '${pool}'`);
    const addr = fields.bmc.address;
    if (host && addr) {
      once(`bmc ${host.bmc.host.toLowerCase()} ${host.bmc.port}`, addr.pos, `duplicate bmc.address ${host.bmc.host}:${host.bmc.port}: two hosts would share one power switch`);
    }
  }
}
