import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runPoolCli } from '../../../src/cli/pool-command.js';
import { parsePoolArgs } from '../../../src/cli/pool-args.js';

describe('kplay pool command line', () => {
  let stderr = '';
  beforeEach(() => {
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it('parses flags with and without values, in any position', () => {
    const a = parsePoolArgs(['pools.yml', '--force', 'node1', '--concurrency', '3', '--timeout=60', 'node2'], ['concurrency', 'timeout'], ['force']);
    expect(a.positional).toEqual(['pools.yml', 'node1', 'node2']);
    expect(Object.fromEntries(a.flags)).toEqual({ force: true, concurrency: '3', timeout: '60' });
  });

  it('bad usage exits 5 with a message, before reading any file', async () => {
    expect(await runPoolCli(['provision'])).toBe(5);
    expect(stderr).toContain('usage: kplay pool provision POOLS.yml');
    expect(await runPoolCli(['provision', 'p.yml', '--forse'])).toBe(5);
    expect(stderr).toContain('unknown option --forse');
    expect(await runPoolCli(['power', 'explode', 'p.yml'])).toBe(5);
    expect(stderr).toContain('usage: kplay pool power on|off|cycle|reset|soft|status');
    expect(await runPoolCli(['provision', 'p.yml', '--concurrency', 'x'])).toBe(5);
    expect(stderr).toContain('--concurrency must be a positive number, got x');
  });

  it('an unknown action prints the usage and exits 2', async () => {
    expect(await runPoolCli(['bogus'])).toBe(2);
    expect(stderr).toMatch(/kplay pool release POOLS.yml/);
  });
});
