/** Waiting until a host's sshd accepts TCP and sends its banner. */
import { connect } from 'node:net';
import { sleep } from './proc.js';

function probe(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: address, port });
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), 2000);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => finish(d.startsWith('SSH-')));
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
  });
}

/**
 * Resolves once sshd answers with an SSH banner; rejects at the deadline or as soon as
 * `alive()` says the host has died.
 */
export async function waitForSsh(address: string, port: number, timeoutMs: number, alive: () => boolean): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await probe(address, port)) return Date.now() - t0;
    if (!alive()) throw new Error(`host ${address} died before its sshd answered`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`sshd on ${address}:${port} did not answer within ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** Resolves once nothing answers on address:port any more. */
export async function waitForSshGone(address: string, port: number, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (await probe(address, port)) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`sshd on ${address}:${port} still answers`);
    await sleep(25);
  }
}
