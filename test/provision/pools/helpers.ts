import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SourceError } from '../../../src/errors/source-error.js';
import { loadPools, PoolsError, type LoadPoolsOptions, type Pools } from '../../../src/provision/pools/index.js';

/** A fresh directory with pools.yml (and any other files) written into it. */
export function writePools(text: string, extra: Record<string, string> = {}): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-pools-'));
  const file = join(dir, 'pools.yml');
  writeFileSync(file, text);
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return { dir, file };
}

export function load(text: string, opts: LoadPoolsOptions = {}, extra: Record<string, string> = {}): Pools {
  return loadPools(writePools(text, extra).file, opts);
}

/** Loads text that must fail; returns every problem, after checking each names this file. */
export function problems(text: string, opts: LoadPoolsOptions = {}): { file: string; errors: readonly SourceError[]; error: PoolsError } {
  const { file } = writePools(text);
  try {
    loadPools(file, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(PoolsError);
    const error = e as PoolsError;
    for (const err of error.errors) expect(err.pos?.file).toBe(file);
    return { file, errors: error.errors, error };
  }
  throw new Error('pools.yml loaded without error');
}

/** The one problem whose message matches, with its line and column. */
export function problemAt(text: string, match: RegExp): { line: number; column: number; message: string; all: readonly SourceError[] } {
  const { errors } = problems(text);
  const hit = errors.find((e) => match.test(e.message));
  if (!hit) throw new Error(`no problem matches ${match}; got:\n${errors.map((e) => e.message).join('\n')}`);
  return { line: hit.pos?.line ?? 0, column: hit.pos?.column ?? 0, message: hit.message, all: errors };
}

/** A minimal valid pools.yml to vary: one profile, one pool with defaults, two hosts. */
export const BASE = `profiles:
  debian12:
    kernel: http://boot.lab/linux
    initrd: http://boot.lab/initrd.gz
    answerFile: {template: preseed.cfg.j2, kind: preseed}
pools:
  rack1:
    defaults:
      bmc:
        username: admin
        password: {env: BMC_PW}
      profile: debian12
    hosts:
      - name: node1
        bmc: {address: 10.0.0.11}
        bootMACAddress: "52:54:00:00:00:01"
        order: 1
      - name: node2
        bmc: {address: 10.0.0.12}
        bootMACAddress: "52:54:00:00:00:02"
        order: 2
`;
