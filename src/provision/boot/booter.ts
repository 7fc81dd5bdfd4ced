import { randomBytes } from 'node:crypto';
import type { PoolHost } from '../pools/model.js';
import { sanitizeInstallerReason } from './installer-reason.js';

/** What the boot services saw of one host, for progress output and phase timing. */
export type BootEventKind = 'ipxe-script' | 'kernel' | 'initrd' | 'answer-file' | 'image' | 'callback' | 'failure';

export interface BootEvent {
  readonly host: string;
  readonly kind: BootEventKind;
  readonly at: number;
  /** Address the request came from. */
  readonly from: string;
}

export interface InstallCallback {
  /** The installer's address as kplay saw it: where the host answers when ssh.address is not set. */
  readonly remoteAddress: string;
  readonly at: number;
  /** The installer reported that it failed: its reason, sanitized (printable ASCII, one line, bounded). */
  readonly failure?: string;
}

/** A host kplay is installing right now: only armed hosts get boot files. */
export interface ArmedHost {
  readonly host: PoolHost;
  /** One-time secret in the answer file and callback URLs. */
  readonly token: string;
  /** Resolves at the first valid callback. */
  readonly callback: Promise<InstallCallback>;
}

interface Entry extends ArmedHost {
  resolve(cb: InstallCallback): void;
  used: boolean;
}

/**
 * Decides what to serve to whom (pixiecore's Booter): a boot MAC maps to the host being
 * installed, or to nothing. The servers ask it and know nothing of pools.
 */
export class Booter {
  readonly #byName = new Map<string, Entry>();
  readonly #byMac = new Map<string, Entry>();
  readonly #listeners: Array<(e: BootEvent) => void> = [];

  arm(host: PoolHost): ArmedHost {
    this.disarm(host.name);
    let resolve!: (cb: InstallCallback) => void;
    const callback = new Promise<InstallCallback>((r) => (resolve = r));
    const entry: Entry = { host, token: randomBytes(16).toString('hex'), callback, resolve, used: false };
    this.#byName.set(host.name, entry);
    this.#byMac.set(host.bootMACAddress, entry);
    return entry;
  }

  disarm(name: string): void {
    const e = this.#byName.get(name);
    if (!e) return;
    this.#byName.delete(name);
    this.#byMac.delete(e.host.bootMACAddress);
  }

  byMac(mac: string): ArmedHost | undefined {
    return this.#byMac.get(mac.toLowerCase().replaceAll('-', ':'));
  }

  /** The armed host when `token` is its token. */
  authorized(name: string, token: string): ArmedHost | undefined {
    const e = this.#byName.get(name);
    return e && e.token.length === token.length && timingSafe(e.token, token) ? e : undefined;
  }

  /**
   * The installer's callback: success, or (`failure`: its raw reason) failure. 'ok' once per
   * arming; 'used' after that (the token is one-time, whichever the outcome); 'denied' for a
   * bad name or token.
   */
  complete(name: string, token: string, remoteAddress: string, failure?: string): 'ok' | 'used' | 'denied' {
    const e = this.#byName.get(name);
    if (!e || !this.authorized(name, token)) return 'denied';
    if (e.used) return 'used';
    e.used = true;
    const at = Date.now();
    if (failure === undefined) {
      this.emit({ host: name, kind: 'callback', at, from: remoteAddress });
      e.resolve({ remoteAddress, at });
    } else {
      this.emit({ host: name, kind: 'failure', at, from: remoteAddress });
      e.resolve({ remoteAddress, at, failure: sanitizeInstallerReason(failure, e.token) });
    }
    return 'ok';
  }

  /** Returns the function that removes the listener. */
  onEvent(listener: (e: BootEvent) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  emit(e: BootEvent): void {
    for (const l of this.#listeners) l(e);
  }

  /** Boot files are served only to hosts being installed. */
  armed(name: string): ArmedHost | undefined {
    return this.#byName.get(name);
  }
}

function timingSafe(a: string, b: string): boolean {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
