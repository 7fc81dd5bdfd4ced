import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pyJsonDumps } from './py-json.js';

const samples: unknown[] = [
  { changed: true, cmd: ['echo', 'hi'], rc: 0, stdout: 'hi', stdout_lines: ['hi'], msg: '' },
  { z: 1, a: { y: [], x: {} }, 'ü': 'ünï ✓', q: 'quote " and \\ and \n newline\t tab' },
  [1, 'two', null, false, 3.5],
  {},
  [],
];

function python(v: unknown, indent: number | null): string {
  const script = 'import json,sys; d=json.load(sys.stdin); print(json.dumps(d, indent=' + (indent === null ? 'None' : String(indent)) + ', sort_keys=True, ensure_ascii=False), end="")';
  return execFileSync('python3', ['-c', script], { input: JSON.stringify(v) }).toString('utf8');
}

describe("pyJsonDumps matches Python's json.dumps", () => {
  it.each(samples.map((s, i) => [i, s]))('sample %i, compact and indented', (_i, s) => {
    expect(pyJsonDumps(s)).toBe(python(s, null));
    expect(pyJsonDumps(s, 4)).toBe(python(s, 4));
  });
});
