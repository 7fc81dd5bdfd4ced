import { RunError, SourceError } from '../../errors/source-error.js';
import type { OsProfile, Pool, PoolHost } from './model.js';
import type { ProvisioningNetwork } from './provisioning.js';
import { parseMac } from './values.js';

/** A pool or host name that pools.yml does not have (a command-line argument, a store record). */
export class PoolLookupError extends RunError {
  constructor(
    readonly kind: 'pool' | 'host',
    readonly key: string,
    known: readonly string[],
    file: string,
  ) {
    super(`${file} has no ${kind} named '${key}'${known.length ? ` (${kind}s: ${known.join(', ')})` : ''}`);
    this.name = 'PoolLookupError';
  }
}

/** A loaded, valid pools.yml. Pools keep the file's order; hosts within a pool go by `order`. */
export class Pools {
  readonly #pools: ReadonlyMap<string, Pool>;
  readonly #byName = new Map<string, PoolHost>();
  readonly #byMac = new Map<string, PoolHost>();

  constructor(
    readonly file: string,
    readonly profiles: ReadonlyMap<string, OsProfile>,
    pools: ReadonlyMap<string, Pool>,
    /** The `provisioning:` section: where the boot services answer (absent: none configured). */
    readonly provisioning?: ProvisioningNetwork,
  ) {
    this.#pools = pools;
    for (const pool of pools.values()) {
      for (const host of pool.hosts) {
        this.#byName.set(host.name, host);
        this.#byMac.set(host.bootMACAddress, host);
      }
    }
  }

  poolNames(): string[] {
    return [...this.#pools.keys()];
  }

  pool(name: string): Pool {
    const pool = this.#pools.get(name);
    if (!pool) throw new PoolLookupError('pool', name, this.poolNames(), this.file);
    return pool;
  }

  /** All hosts, or one pool's (unknown pool: PoolLookupError). */
  hosts(poolName?: string): PoolHost[] {
    if (poolName !== undefined) return [...this.pool(poolName).hosts];
    return [...this.#pools.values()].flatMap((p) => p.hosts);
  }

  host(name: string): PoolHost {
    const host = this.#byName.get(name);
    if (!host) throw new PoolLookupError('host', name, [...this.#byName.keys()], this.file);
    return host;
  }

  findHost(name: string): PoolHost | undefined {
    return this.#byName.get(name);
  }

  /** The host that boots from this MAC, in any spelling parseMac accepts. */
  hostByMAC(mac: string): PoolHost | undefined {
    const parsed = parseMac(mac);
    return parsed.ok ? this.#byMac.get(parsed.value) : undefined;
  }

  /**
   * Resolves the BMC passwords of `hosts` (default: all) and returns what failed, so a
   * command can refuse to start before it touches the first host.
   */
  checkPasswords(hosts: readonly PoolHost[] = this.hosts()): SourceError[] {
    const errors: SourceError[] = [];
    const seen = new Set<object>();
    for (const host of hosts) {
      if (seen.has(host.bmc.password)) continue;
      seen.add(host.bmc.password);
      try {
        host.bmc.password.resolve();
      } catch (e) {
        if (!(e instanceof SourceError)) throw e;
        errors.push(e);
      }
    }
    return errors;
  }

  toJSON(): { file: string; profiles: Record<string, OsProfile>; pools: Record<string, Pool> } {
    return { file: this.file, profiles: Object.fromEntries(this.profiles), pools: Object.fromEntries(this.#pools) };
  }
}
