import type { HostStateName } from './model.js';

/** A state store failure; `code` is stable for the CLI and tests. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class IllegalTransitionError extends StoreError {
  constructor(
    readonly host: string,
    readonly from: HostStateName | null,
    readonly to: HostStateName,
    allowed: readonly HostStateName[],
  ) {
    const where = from === null ? 'is not registered' : `is ${from}`;
    super(`host ${host} ${where} and cannot go to ${to} (from there: ${allowed.join(', ') || 'nothing'})`, 'KPLAY_STATE_TRANSITION');
  }
}

export class VersionConflictError extends StoreError {
  constructor(
    readonly host: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`host ${host} changed meanwhile: expected version ${expected}, the store has ${actual}; read it again`, 'KPLAY_STATE_CONFLICT');
  }
}

export class LockTimeoutError extends StoreError {
  constructor(
    readonly lockPath: string,
    holder: string,
    waitedMs: number,
  ) {
    super(`${lockPath} is held by ${holder}; gave up after ${waitedMs} ms`, 'KPLAY_STATE_LOCKED');
  }
}

/** The lock was taken from under us (only if this process was thought dead): nothing was written. */
export class LockLostError extends StoreError {
  constructor(readonly lockPath: string) {
    super(`lost ${lockPath} before writing; nothing was written, run again`, 'KPLAY_STATE_LOCK_LOST');
  }
}

export class StoreFormatError extends StoreError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`, 'KPLAY_STATE_FORMAT');
  }
}

/** Something that is not plain data (a Secret above all) was about to be written. */
export class SecretInStoreError extends StoreError {
  constructor(where: string, what: string) {
    super(`refusing to write ${what} at ${where} to the state store: it holds plain data only, never credentials`, 'KPLAY_STATE_SECRET');
  }
}
