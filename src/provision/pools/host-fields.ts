import type { SourcePos } from '../../errors/source-error.js';
import { isMap, type Checker, type YamlMap } from './checker.js';
import { BMC_DRIVERS, CIPHER_SUITES, HOST_ROLES, type BmcDriver, type CipherSuite, type HostRole, type OsProfile } from './model.js';
import { parsePassword, type BmcPassword, type PasswordSources } from './password.js';
import { resolvePath } from './paths.js';
import type { ParsedProfiles } from './profiles.js';
import { isDnsSubdomain, isHostOrIp, parseBmcAddress, parseMac, type BmcEndpoint } from './values.js';

export interface Located<T> {
  readonly value: T;
  readonly pos: SourcePos;
}

/** One host entry or a pool's `defaults`, as written: every field optional until merged. */
export interface HostFields {
  /** Dotted keys written in the entry, valid or not (`bmc.address`): absent ones are "missing". */
  readonly written: ReadonlySet<string>;
  readonly name?: Located<string>;
  readonly bootMACAddress?: Located<string>;
  readonly order?: Located<number>;
  readonly role?: HostRole;
  readonly profile?: OsProfile;
  readonly bmc: {
    readonly address?: Located<BmcEndpoint & { readonly text: string }>;
    readonly driver?: Located<BmcDriver>;
    readonly username?: string;
    readonly password?: BmcPassword;
    readonly cipherSuite?: CipherSuite;
  };
  readonly ssh: {
    readonly user?: string;
    readonly port?: number;
    readonly privateKeyFile?: string;
    readonly address?: string;
  };
}

export interface FieldContext {
  readonly baseDir: string;
  readonly sources: PasswordSources;
  readonly profiles: ParsedProfiles;
  /** `defaults` may not set what must differ from host to host. */
  readonly defaults: boolean;
}

const HOST_KEYS = ['name', 'bmc', 'bootMACAddress', 'order', 'role', 'profile', 'ssh'] as const;
const BMC_KEYS = ['address', 'username', 'password', 'driver', 'cipherSuite'] as const;
const SSH_KEYS = ['user', 'port', 'privateKeyFile', 'address'] as const;
const PER_HOST = new Set(['name', 'bootMACAddress', 'order', 'bmc.address', 'ssh.address']);

const BMC_HINTS = {
  port: 'put the port in bmc.address: host:port',
  credentialsName: 'set bmc.username and bmc.password ({env}, {file} or !vault) instead',
};

export function parseHostFields(c: Checker, m: YamlMap, path: string, ctx: FieldContext): HostFields {
  c.keys(m, HOST_KEYS, path);
  for (const key of Object.keys(m)) perHostOnly(c, m, key, key, ctx);
  const name = c.string(m, 'name', path);
  if (name !== undefined && !isDnsSubdomain(name)) {
    c.fail(`${path}.name '${name}' is not a valid host name (lower-case letters, digits, '-' and '.', as Kubernetes node names)`, c.at(m, 'name'));
  }
  const mac = m['bootMACAddress'] == null ? undefined : parseMac(m['bootMACAddress']);
  if (mac && !mac.ok) c.fail(`${path}.bootMACAddress ${mac.error}`, c.at(m, 'bootMACAddress'));
  const order = c.integer(m, 'order', path, 0, 1_000_000);
  const role = c.choice(m, 'role', path, HOST_ROLES);
  const written = new Set(Object.keys(m).filter((k) => m[k] != null));
  for (const sub of ['bmc', 'ssh'] as const) {
    const inner = m[sub];
    if (isMap(inner)) for (const k of Object.keys(inner)) if (inner[k] != null) written.add(`${sub}.${k}`);
  }
  return {
    written,
    ...(name !== undefined ? { name: { value: name, pos: c.at(m, 'name') } } : {}),
    ...(mac?.ok ? { bootMACAddress: { value: mac.value, pos: c.at(m, 'bootMACAddress') } } : {}),
    ...(order !== undefined ? { order: { value: order, pos: c.at(m, 'order') } } : {}),
    ...(role !== undefined ? { role } : {}),
    ...profileRef(c, m, path, ctx),
    bmc: parseBmc(c, m, path, ctx),
    ssh: parseSsh(c, m, path, ctx),
  };
}

function perHostOnly(c: Checker, m: YamlMap, key: string, dotted: string, ctx: FieldContext): void {
  if (ctx.defaults && PER_HOST.has(dotted)) {
    c.fail(`${dotted} cannot be a pool default: it must differ from host to host`, c.at(m, key));
  }
}

function profileRef(c: Checker, m: YamlMap, path: string, ctx: FieldContext): { profile?: OsProfile } {
  const name = c.string(m, 'profile', path);
  if (name === undefined) return {};
  const profile = ctx.profiles.valid.get(name);
  if (profile) return { profile };
  if (!ctx.profiles.declared.has(name)) {
    const known = [...ctx.profiles.declared];
    const list = known.length ? `profiles are: ${known.join(', ')}` : 'pools file has no profiles';
    c.fail(`${path}.profile '${name}' is not defined under profiles (${list})`, c.at(m, 'profile'));
  }
  return {};
}

function parseBmc(c: Checker, m: YamlMap, path: string, ctx: FieldContext): HostFields['bmc'] {
  if (m['bmc'] == null) return {};
  const where = `${path}.bmc`;
  const bmc = c.mapping(m['bmc'], c.at(m, 'bmc'), where);
  if (!bmc) return {};
  c.keys(bmc, BMC_KEYS, where, BMC_HINTS);
  for (const key of Object.keys(bmc)) perHostOnly(c, bmc, key, `bmc.${key}`, ctx);
  const text = c.string(bmc, 'address', where);
  const endpoint = text === undefined ? undefined : parseBmcAddress(text);
  if (endpoint && !endpoint.ok) c.fail(`${where}.address ${endpoint.error}`, c.at(bmc, 'address'));
  const driver = c.choice(bmc, 'driver', where, BMC_DRIVERS);
  const username = typeof bmc['username'] === 'string' ? bmc['username'] : c.string(bmc, 'username', where);
  const password = parsePassword(c, bmc, where, ctx.baseDir, ctx.sources);
  const cipherSuite = c.choice(bmc, 'cipherSuite', where, CIPHER_SUITES);
  return {
    ...(text !== undefined && endpoint?.ok ? { address: { value: { ...endpoint.value, text }, pos: c.at(bmc, 'address') } } : {}),
    ...(driver !== undefined ? { driver: { value: driver, pos: c.at(bmc, 'driver') } } : {}),
    // An empty user name is IPMI's anonymous login, so '' is kept.
    ...(username !== undefined ? { username } : {}),
    ...(password ? { password } : {}),
    ...(cipherSuite !== undefined ? { cipherSuite } : {}),
  };
}

function parseSsh(c: Checker, m: YamlMap, path: string, ctx: FieldContext): HostFields['ssh'] {
  if (m['ssh'] == null) return {};
  const where = `${path}.ssh`;
  const ssh = c.mapping(m['ssh'], c.at(m, 'ssh'), where);
  if (!ssh) return {};
  c.keys(ssh, SSH_KEYS, where);
  for (const key of Object.keys(ssh)) perHostOnly(c, ssh, key, `ssh.${key}`, ctx);
  const user = c.string(ssh, 'user', where);
  const port = c.integer(ssh, 'port', where, 1, 65535);
  const key = c.string(ssh, 'privateKeyFile', where);
  const address = c.string(ssh, 'address', where);
  if (address !== undefined && !isHostOrIp(address)) {
    c.fail(`${where}.address '${address}' is not a host name or IP address (the port goes in ssh.port)`, c.at(ssh, 'address'));
  }
  return {
    ...(user !== undefined ? { user } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(key !== undefined ? { privateKeyFile: resolvePath(ctx.baseDir, key) } : {}),
    ...(address !== undefined && isHostOrIp(address) ? { address } : {}),
  };
}
