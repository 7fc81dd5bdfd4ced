import { RunError } from '../../errors/source-error.js';

/** One host's provisioning failed at `phase`; the message is what the store records as the reason. */
export class ProvisionStepError extends RunError {
  readonly code = 'KPLAY_PROVISION';
  constructor(
    readonly host: string,
    readonly phase: string,
    detail: string,
  ) {
    super(`${phase}: ${detail}`);
    this.name = 'ProvisionStepError';
  }
}

export class InterruptedError extends RunError {
  readonly code = 'KPLAY_INTERRUPTED';
  constructor(what = 'interrupted') {
    super(what);
    this.name = 'InterruptedError';
  }
}

/** Resolves with `p`, or rejects at `ms` (TimeoutError text names `what`) or when `signal` aborts. */
export function within<T>(p: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(interrupted(signal));
    const timer = setTimeout(() => done(() => reject(new Error(`${what}: no answer within ${Math.round(ms / 1000)} s`))), ms);
    const onAbort = (): void => done(() => reject(interrupted(signal)));
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (f: () => void): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    p.then(
      (v) => done(() => resolve(v)),
      (e: unknown) => done(() => reject(e)),
    );
  });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return within(new Promise<void>(() => undefined), ms, 'sleep', signal).catch((e: unknown) => {
    if (e instanceof InterruptedError) throw e;
  });
}

/** The abort's reason when it is a message (Ctrl-C, boot services died), else "interrupted". */
export function interrupted(signal: AbortSignal | undefined): InterruptedError {
  const r: unknown = signal?.reason;
  return new InterruptedError(typeof r === 'string' ? r : 'interrupted');
}
