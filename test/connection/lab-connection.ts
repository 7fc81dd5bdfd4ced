import { afterAll, beforeAll } from 'vitest';
import { SshConnection } from '../../src/connection/ssh.js';
import { startLab, type Lab } from '../lab/index.js';

/** A one-host lab and a root connection to it for the enclosing describe block; closed after it. */
export function useLabConnection(): { lab: () => Lab; conn: () => SshConnection } {
  let lab: Lab | undefined;
  let conn: SshConnection | undefined;
  beforeAll(async () => {
    lab = await startLab({ hosts: 1 });
    const h = lab.hosts[0]!;
    conn = new SshConnection({ host: h.address, port: 22, user: 'root', privateKeyFile: lab.keyFile, connectTimeoutMs: 10_000, hostKeyChecking: false });
  });
  afterAll(async () => {
    await conn?.close();
    await lab?.stop();
  });
  return { lab: () => lab!, conn: () => conn! };
}
