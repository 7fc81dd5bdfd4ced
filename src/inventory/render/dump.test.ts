import { describe, expect, it } from 'vitest';
import { pyJsonDumps } from '../../callback/py-json.js';
import { UnsafeText, VaultText } from '../../yaml/tags.js';
import { dumpJson } from './dump.js';

const SAMPLES: unknown[] = [
  { b: 1, a: [1, 2.5, 'x', null, true, false, []], c: {}, 'é': 'ünïcode', ctl: 'a\tb\n\u0001\u007f"\\/' },
  { _meta: { hostvars: { h1: { v: new UnsafeText('{{ x }}'), s: new VaultText('$ANSIBLE_VAULT;1.1;AES256\n61') } } }, all: { children: ['ungrouped'] } },
  { '10': 'ten', '9': 'nine', a: 1 },
  { n: Number.NaN, i: Number.POSITIVE_INFINITY },
  { arr: [undefined, 1], skip: undefined },
  [],
  'text',
];

function reference(v: unknown): string {
  const walk = (x: unknown): unknown => {
    if (x instanceof VaultText) return { __ansible_vault: x.ciphertext };
    if (x instanceof UnsafeText) return { __ansible_unsafe: x.value };
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
    return x;
  };
  return pyJsonDumps(walk(v), 4, true);
}

describe('dumpJson', () => {
  it.each(SAMPLES.map((s, i) => [i, s]))('sample %i is json.dumps(sort_keys=True, indent=4)', (_i, sample) => {
    expect(dumpJson(sample)).toBe(reference(sample));
  });
});
