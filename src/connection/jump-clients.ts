import type { Client } from 'ssh2';

interface Shared {
  readonly client: Promise<Client>;
  users: number;
}

/*
 * Targets behind the same bastion share one connection to it: a fleet of 100 hosts behind one
 * jump host opens 100 forwarded channels, not 100 SSH handshakes (which OpenSSH's MaxStartups
 * would drop).
 */
const shared = new Map<string, Shared>();

/** The client for a hop chain (`key` names every hop up to this one), opened once and counted. */
export function acquireJumpClient(key: string, open: () => Promise<Client>): Promise<Client> {
  let entry = shared.get(key);
  if (!entry) {
    const client = open();
    const created: Shared = { client, users: 0 };
    entry = created;
    shared.set(key, created);
    client.then(
      (c) => c.once('close', () => shared.get(key) === created && shared.delete(key)),
      () => shared.get(key) === created && shared.delete(key),
    );
  }
  entry.users += 1;
  return entry.client;
}

/** One user is done with the hop; the last one closes it. */
export function releaseJumpClient(key: string): void {
  const entry = shared.get(key);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  shared.delete(key);
  void entry.client.then((c) => c.end(), () => undefined);
}
