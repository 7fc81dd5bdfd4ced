import { readFileSync } from 'node:fs';
import { Secret } from '../../secrets/secret.js';
import { SecretInStoreError, StoreFormatError } from './errors.js';
import { HOST_STATES, type HostRecord, type HostStateName } from './model.js';

export const STATE_KIND = 'kplay-host-state';
/** Bump when the layout changes; an older kplay refuses a newer file instead of mangling it. */
export const SCHEMA_VERSION = 1;

export interface StateDocument {
  readonly kind: typeof STATE_KIND;
  readonly schemaVersion: number;
  /** Bumped by every write: a reader can tell two snapshots apart. */
  readonly revision: number;
  readonly updatedAt: string | null;
  readonly hosts: Readonly<Record<string, HostRecord>>;
}

export function emptyDocument(): StateDocument {
  return { kind: STATE_KIND, schemaVersion: SCHEMA_VERSION, revision: 0, updatedAt: null, hosts: {} };
}

/** The store file, or an empty store if there is none yet. */
export function readDocument(path: string): StateDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyDocument();
    throw new StoreFormatError(path, `cannot read: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new StoreFormatError(path, `not JSON (${(e as Error).message})`);
  }
  return checkDocument(path, data);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function checkDocument(path: string, data: unknown): StateDocument {
  if (!isObject(data) || data['kind'] !== STATE_KIND) throw new StoreFormatError(path, `not a kplay host state file`);
  const schema = data['schemaVersion'];
  if (typeof schema !== 'number' || schema > SCHEMA_VERSION) {
    throw new StoreFormatError(path, `schema version ${String(schema)} is newer than this kplay reads (${SCHEMA_VERSION}); upgrade kplay`);
  }
  const revision = data['revision'];
  const hosts = data['hosts'];
  if (typeof revision !== 'number' || !isObject(hosts)) throw new StoreFormatError(path, 'revision or hosts missing');
  for (const [name, rec] of Object.entries(hosts)) checkRecord(path, name, rec);
  const updatedAt = typeof data['updatedAt'] === 'string' ? data['updatedAt'] : null;
  return { kind: STATE_KIND, schemaVersion: schema, revision, updatedAt, hosts: hosts as Record<string, HostRecord> };
}

function checkRecord(path: string, name: string, rec: unknown): void {
  const bad = (what: string): never => {
    throw new StoreFormatError(path, `host ${name}: ${what}`);
  };
  if (!isObject(rec)) return bad('not an object');
  if (rec['host'] !== name || typeof rec['pool'] !== 'string') bad('host or pool field wrong');
  if (typeof rec['version'] !== 'number' || typeof rec['since'] !== 'string' || !Array.isArray(rec['history'])) bad('version, since or history missing');
  const status = rec['status'];
  if (!isObject(status) || !HOST_STATES.includes(status['state'] as HostStateName)) bad(`unknown state`);
}

/**
 * JSON of the document. Only plain values pass: a Secret, a vault value or any class
 * instance anywhere in it throws SecretInStoreError, so a credential cannot reach disk by
 * way of a `reason` or a stray object.
 */
export function serializeDocument(doc: StateDocument): string {
  return `${JSON.stringify(doc, assertPlain, 2)}\n`;
}

function assertPlain(this: unknown, key: string, value: unknown): unknown {
  // `this[key]` is the value before toJSON ran: a Secret would already be masked in `value`.
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Secret) throw new SecretInStoreError(key || '(root)', 'a Secret');
  if (raw !== null && typeof raw === 'object') {
    const proto = Object.getPrototypeOf(raw) as unknown;
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
      const ctor = (raw as { constructor?: { name?: string } }).constructor?.name ?? 'an object';
      throw new SecretInStoreError(key || '(root)', `a ${ctor}`);
    }
  }
  if (typeof raw === 'function' || typeof raw === 'symbol' || typeof raw === 'bigint') throw new SecretInStoreError(key, typeof raw);
  return value;
}
