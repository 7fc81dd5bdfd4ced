import { describe, expect, it } from 'vitest';
import { compareRuns, type ToolRun } from './compare.js';
import { parseOutput } from './parse-output.js';

const run = (stdout: string): ToolRun => ({ code: 0, stdout, stderr: '', parsed: parseOutput(stdout), files: {} });

const DIFF = ['--- before: /etc/x', '+++ after: /root/.ansible/tmp/ansible-local-123abc/tmpq9/x.j2', '@@ -1 +1 @@', '-a', '+b', ''];
const loopOutput = (diffFirst: boolean): string =>
  [
    'PLAY [all] ***',
    '',
    'TASK [t] ***',
    ...(diffFirst ? [...DIFF, 'changed: [h1] => (item=x)'] : ['changed: [h1] => (item=x)', ...DIFF]),
    '',
    'PLAY RECAP ***',
    'h1                         : ok=1    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0',
    '',
  ].join('\n');

describe('--diff text in the compat harness', () => {
  it('attaches a diff to the result line it precedes, or to the task when it comes last', () => {
    const before = parseOutput(loopOutput(true));
    expect(before.events[0]?.textBefore).toBe(DIFF.slice(0, -1).join('\n'));
    expect(before.textAfter).toEqual({});
    const after = parseOutput(loopOutput(false));
    expect(after.events[0]?.textBefore).toBeUndefined();
    expect(after.textAfter[0]).toBe(DIFF.slice(0, -1).join('\n'));
  });

  it('reports a diff printed after its item line instead of before, only in diff mode', () => {
    expect(compareRuns(run(loopOutput(true)), run(loopOutput(false)), { diff: true })).toHaveLength(2);
    expect(compareRuns(run(loopOutput(true)), run(loopOutput(false)))).toEqual([]);
  });

  it('normalizes temporary paths only', () => {
    const kplay = loopOutput(true).replace('/root/.ansible/tmp/ansible-local-123abc/tmpq9/x.j2', '/root/.kplay_tmp_77/x.j2');
    expect(compareRuns(run(loopOutput(true)), run(kplay), { diff: true })).toEqual([]);
    expect(compareRuns(run(loopOutput(true)), run(kplay.replace('+b', '+c')), { diff: true })).toHaveLength(1);
  });
});
