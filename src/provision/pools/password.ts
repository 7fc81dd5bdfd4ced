import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { SourceError, type SourcePos } from '../../errors/source-error.js';
import { Secret } from '../../secrets/secret.js';
import { VaultText } from '../../yaml/tags.js';
import { isMap, typeName, type Checker, type YamlMap } from './checker.js';
import { resolvePath } from './paths.js';

export interface PasswordSources {
  /** Read when a password is resolved, not when pools.yml is loaded. Default: process.env. */
  readonly env?: () => Readonly<Record<string, string | undefined>>;
  /** Decrypts an inline `!vault` value (the vault module provides it). */
  readonly decrypt?: (v: VaultText) => string;
}

type Origin = { readonly from: 'env'; readonly name: string } | { readonly from: 'file'; readonly path: string } | { readonly from: 'vault'; readonly text: VaultText };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Where a BMC password comes from. It is read only by `resolve()`, so commands that never
 * talk to a BMC (status, inventory) need neither the variable, the file nor the vault
 * password. Printing or serialising it shows the source, never the value.
 */
export class BmcPassword {
  readonly #origin: Origin;
  readonly #sources: PasswordSources;
  #cached: Secret | undefined;

  constructor(
    origin: Origin,
    sources: PasswordSources,
    /** Position of the `password` key, for errors. */
    readonly pos: SourcePos,
    /** Dotted path in pools.yml, for errors. */
    readonly path: string,
  ) {
    this.#origin = origin;
    this.#sources = sources;
  }

  get from(): Origin['from'] {
    return this.#origin.from;
  }

  describe(): string {
    const o = this.#origin;
    if (o.from === 'env') return `environment variable ${o.name}`;
    if (o.from === 'file') return `file ${o.path}`;
    return 'inline !vault value';
  }

  /** The password; throws a SourceError (naming the source, never the value) when it cannot be had. */
  resolve(): Secret {
    if (this.#cached) return this.#cached;
    const value = this.read();
    if (value === '') throw this.error(`is empty`);
    this.#cached = new Secret(value);
    return this.#cached;
  }

  private read(): string {
    const o = this.#origin;
    if (o.from === 'env') {
      const v = (this.#sources.env ?? (() => process.env))()[o.name];
      if (v === undefined) throw this.error('is not set');
      return v;
    }
    if (o.from === 'file') {
      try {
        // One trailing newline is the editor's, not the password's.
        return readFileSync(o.path, 'utf8').replace(/\r?\n$/, '');
      } catch (e) {
        throw this.error(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    if (!this.#sources.decrypt) throw this.error('needs a vault password (--vault-password-file or --ask-vault-pass)');
    try {
      return this.#sources.decrypt(o.text);
    } catch (e) {
      throw this.error(`cannot be decrypted: ${(e as Error).message}`);
    }
  }

  private error(what: string): SourceError {
    return new SourceError(`${this.path} (${this.describe()}) ${what}`, { code: 'KPLAY_POOLS_SECRET', pos: this.pos });
  }

  toJSON(): Record<string, string> {
    const o = this.#origin;
    if (o.from === 'env') return { env: o.name };
    if (o.from === 'file') return { file: o.path };
    return { vault: '<vaulted>' };
  }

  toString(): string {
    return `<password from ${this.describe()}>`;
  }

  [inspect.custom](): string {
    return `BmcPassword(${this.describe()})`;
  }
}

/** Reads `bmc.password`; plain text is refused (and its line kept out of error snippets). */
export function parsePassword(c: Checker, bmc: YamlMap, path: string, baseDir: string, sources: PasswordSources): BmcPassword | undefined {
  const v = bmc['password'];
  const where = `${path}.password`;
  const pos = c.at(bmc, 'password');
  if (v === undefined || v === null) return undefined;
  if (v instanceof VaultText) return new BmcPassword({ from: 'vault', text: v }, sources, pos, where);
  if (!isMap(v)) {
    if (!Array.isArray(v)) c.hide(pos);
    const got = Array.isArray(v) ? typeName(v) : 'plain text';
    c.fail(`${where} must not be ${got}: use {env: NAME}, {file: PATH} or an inline !vault value (ansible-vault encrypt_string)`, pos);
    return undefined;
  }
  c.keys(v, ['env', 'file'], where);
  const env = c.string(v, 'env', where);
  const file = c.string(v, 'file', where);
  if (env !== undefined && file !== undefined) {
    c.fail(`${where} takes one of env or file, not both`, pos);
    return undefined;
  }
  if (env !== undefined) {
    if (ENV_NAME.test(env)) return new BmcPassword({ from: 'env', name: env }, sources, pos, where);
    c.fail(`${where}.env must be an environment variable name, got '${env}'`, c.at(v, 'env'));
    return undefined;
  }
  if (file !== undefined) return new BmcPassword({ from: 'file', path: resolvePath(baseDir, file) }, sources, pos, where);
  if (v['env'] == null && v['file'] == null) c.fail(`${where} needs env or file`, pos);
  return undefined;
}
