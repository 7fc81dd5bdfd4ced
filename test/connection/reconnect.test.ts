import { describe, expect, it } from 'vitest';
import { UnreachableError } from '../../src/connection/types.js';
import { useLabConnection } from './lab-connection.js';

const root = process.getuid?.() === 0;

describe.skipIf(!root)('a connection that drops', () => {
  const { conn } = useLabConnection();

  it('fails the command it was running as unreachable, then dials again for the next one', async () => {
    // The sshd process serving this connection: the nearest ancestor named sshd.
    const findSession = 'p=$$; while [ "$p" -gt 1 ]; do c=$(cat /proc/$p/comm); [ "$c" = sshd ] && break; p=$(awk \'{print $4}\' /proc/$p/stat); done; echo $p';
    const first = await conn().exec(findSession);
    const sessionPid = first.stdout.trim();
    expect(Number(sessionPid)).toBeGreaterThan(1);
    // Kill this connection's sshd session process (the listener stays): what a reboot looks like mid-command.
    const killed = await conn().exec(`kill -9 ${sessionPid}; sleep 5`).catch((e: unknown) => e);
    expect(killed).toBeInstanceOf(UnreachableError);
    const again = await conn().exec(findSession);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).not.toBe(sessionPid);
    await conn().putFile('/tmp/after-reconnect', Buffer.from('ok'));
    expect((await conn().getFile('/tmp/after-reconnect')).toString()).toBe('ok');
  });
});
