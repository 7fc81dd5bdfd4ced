import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PyFloat } from '../template/py/values.js';
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

describe('floats with an integral value (PyFloat)', () => {
  it('print as Python floats, as json.dumps does', () => {
    const v = { t: new PyFloat(1577961015), l: [new PyFloat(2), 1.5, new PyFloat(1e16), new PyFloat(-3), new PyFloat(0)] };
    const script = 'import json; print(json.dumps({"t": 1577961015.0, "l": [2.0, 1.5, 1e16, -3.0, 0.0]}, indent=4, sort_keys=True), end="")';
    expect(pyJsonDumps(v, 4)).toBe(execFileSync('python3', ['-c', script]).toString('utf8'));
  });
});
