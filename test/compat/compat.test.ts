import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns } from './compare.js';
import { CASES_DIR, caseDirs, diffMode, loadCase, runTool } from './run-case.js';

const root = process.getuid?.() === 0;

describe.skipIf(!root)('differential: ansible-playbook vs kplay on fresh identical hosts', () => {
  it.concurrent.each(caseDirs())('%s', async (name) => {
    const dir = join(CASES_DIR, name);
    const spec = loadCase(dir);
    const [ansible, kplay] = await Promise.all([runTool('ansible', dir, spec), runTool('kplay', dir, spec)]);
    if (spec.expect_exit !== undefined) expect(ansible.code, `ansible-playbook's exit code (the case's premise)\n${ansible.stdout}`).toBe(spec.expect_exit);
    const diffs = compareRuns(ansible, kplay, { stdout: spec.stdout === true, diff: diffMode(spec) });
    expect(diffs, `${diffs.join('\n')}\n\n=== ansible-playbook\n${ansible.stdout}${ansible.stderr}\n=== kplay\n${kplay.stdout}${kplay.stderr}`).toEqual([]);
  }, 300_000);
});
