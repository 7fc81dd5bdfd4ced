import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyManifest } from './ids.js';
import { reclaimStaleLabs } from './index.js';
import { IS_ROOT, leftovers, type LabFootprint } from './measure.js';
import { IDS_DIR } from './naming.js';
import { ownNamesOnly } from './teardown.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

interface Started {
  readonly child: ChildProcess;
  readonly labId: number;
  readonly footprint: LabFootprint;
}

function run(fixture: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, fixture), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`fixture exited (${code}) before printing`)));
  });
}

async function startHeld(mode: 'exit' | 'hold'): Promise<Started> {
  const child = run('hold-lab.ts', ['2', mode]);
  const parsed = JSON.parse(await firstLine(child)) as { labId: number; footprint: LabFootprint };
  return { child, ...parsed };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe.skipIf(!IS_ROOT)('lab ids and cleanup of aborted labs', () => {
  it('deletes only names its lab id can own, whatever a manifest says', () => {
    const m = {
      ...emptyManifest(3, { pid: 1, start: '1', bootId: 'x' }),
      dir: '/',
      links: ['kpl3v1', 'eth0', 'kpl31v2', 'kpl3v12'],
      netns: ['kpl3-h1', 'other', 'kpl3-h10'],
      cgroupDirs: ['/sys/fs/cgroup/unified/kplay-lab3', '/sys/fs/cgroup/unified', '/sys/fs/cgroup/unified/x/kplay-lab3'],
    };
    expect(ownNamesOnly(m)).toMatchObject({
      dir: '/run/kplay-lab/lab3',
      bridge: 'kpl3br',
      links: ['kpl3v1', 'kpl3v12'],
      netns: ['kpl3-h1', 'kpl3-h10'],
      cgroupDirs: ['/sys/fs/cgroup/unified/kplay-lab3'],
    });
  });

  it('gives parallel processes distinct ids', async () => {
    const children = Array.from({ length: 4 }, () => run('take-id.ts', ['800']));
    const ids = await Promise.all(children.map(firstLine));
    await Promise.all(children.map(exited));
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(existsSync(join(IDS_DIR, id))).toBe(false);
  });

  it('cleans up on process exit without stop()', async () => {
    const s = await startHeld('exit');
    expect(s.footprint.processes).toHaveLength(4);
    await exited(s.child);
    expect(leftovers(s.footprint)).toEqual([]);
    expect(existsSync(join(IDS_DIR, String(s.labId)))).toBe(false);
  });

  it('cleans up on SIGTERM', async () => {
    const s = await startHeld('hold');
    expect(leftovers(s.footprint)).not.toEqual([]);
    s.child.kill('SIGTERM');
    await exited(s.child);
    expect(s.child.signalCode).toBe('SIGTERM');
    expect(leftovers(s.footprint)).toEqual([]);
  });

  it('reclaims the id and the leftovers of a lab whose process was killed', async () => {
    const s = await startHeld('hold');
    s.child.kill('SIGKILL');
    await exited(s.child);
    // SIGKILL leaves no chance to clean up: the hosts keep running
    expect(leftovers(s.footprint).filter((l) => l.startsWith('process')).length).toBeGreaterThan(0);
    expect(existsSync(join(IDS_DIR, String(s.labId)))).toBe(true);
    expect(reclaimStaleLabs()).toContain(s.labId);
    expect(leftovers(s.footprint)).toEqual([]);
    expect(existsSync(join(IDS_DIR, String(s.labId)))).toBe(false);
  });
});
