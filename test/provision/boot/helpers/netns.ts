/**
 * A provisioning network for tests, entirely inside network namespaces the test creates
 * (never the machine's own network): namespace `server` holds bridge br0 (10.77.0.1/24,
 * fd77::1/64), where kplay's boot services run; each client is its own namespace with a
 * veth on the bridge and a chosen MAC; taps on the bridge are for QEMU. Removed by name.
 */
import { spawnSync } from 'node:child_process';

export interface TestNet {
  readonly server: string;
  readonly clients: readonly string[];
  readonly taps: readonly string[];
  readonly address: string;
  /** A client on a second bridge (br1, 10.78.0.1/24) that kplay is not told to serve. */
  readonly outsider?: string;
  destroy(): void;
}

function ip(args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export function createTestNet(prefix: string, opts: { clientMacs?: readonly string[]; taps?: number; outsiderMac?: string } = {}): TestNet {
  const tag = `${prefix}${process.pid % 100000}`;
  const server = `${tag}s`;
  const clients: string[] = [];
  const taps: string[] = [];
  let outsider: string | undefined;
  const created: string[] = [];
  const destroy = (): void => {
    for (const ns of created.reverse()) spawnSync('ip', ['netns', 'del', ns]);
    created.length = 0;
  };
  try {
    ip(['netns', 'add', server]);
    created.push(server);
    const S = ['-n', server];
    ip([...S, 'link', 'set', 'lo', 'up']);
    ip([...S, 'link', 'add', 'br0', 'type', 'bridge', 'forward_delay', '0']);
    ip([...S, 'addr', 'add', '10.77.0.1/24', 'dev', 'br0']);
    ip([...S, '-6', 'addr', 'add', 'fd77::1/64', 'dev', 'br0', 'nodad']);
    ip([...S, 'link', 'set', 'br0', 'up']);
    (opts.clientMacs ?? []).forEach((mac, i) => {
      const ns = `${tag}c${i}`;
      ip(['netns', 'add', ns]);
      created.push(ns);
      ip([...S, 'link', 'add', `c${i}p`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      ip([...S, 'link', 'set', `c${i}p`, 'master', 'br0', 'up']);
      ip(['-n', ns, 'link', 'set', 'eth0', 'address', mac]);
      ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      clients.push(ns);
    });
    if (opts.outsiderMac) {
      const ns = `${tag}x`;
      ip(['netns', 'add', ns]);
      created.push(ns);
      ip([...S, 'link', 'add', 'br1', 'type', 'bridge', 'forward_delay', '0']);
      ip([...S, 'addr', 'add', '10.78.0.1/24', 'dev', 'br1']);
      ip([...S, 'link', 'set', 'br1', 'up']);
      ip([...S, 'link', 'add', 'xp', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      ip([...S, 'link', 'set', 'xp', 'master', 'br1', 'up']);
      ip(['-n', ns, 'link', 'set', 'eth0', 'address', opts.outsiderMac]);
      ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
      outsider = ns;
    }
    for (let i = 1; i <= (opts.taps ?? 0); i++) {
      ip([...S, 'tuntap', 'add', `tap${i}`, 'mode', 'tap']);
      ip([...S, 'link', 'set', `tap${i}`, 'master', 'br0', 'up']);
      taps.push(`tap${i}`);
    }
  } catch (e) {
    destroy();
    throw e;
  }
  return { server, clients, taps, address: '10.77.0.1', ...(outsider ? { outsider } : {}), destroy };
}
