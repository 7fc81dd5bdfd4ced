/**
 * The parsers against recorded script output: each fixture pairs the facts script's raw
 * output on a lab host with what Ansible's setup returned on the same host right after
 * (recorded by record.ts). Parsing the first must give the second.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { factsFromOutput, planGather } from '../../src/facts/gather.js';
import { REQUIRED_KEYS, compareFacts, describeDiff } from './compare.js';
import type { Facts } from './harness.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const MARKER = '@@kplay-facts-fixture@@';

function fixture(name: string): { out: string; ansible: Facts; warnings: string[] } {
  const out = readFileSync(join(DIR, `${name}.out`), 'utf8');
  const rec = JSON.parse(readFileSync(join(DIR, `${name}.ansible.json`), 'utf8')) as { facts: Facts; warnings: string[] };
  return { out, ansible: rec.facts, warnings: rec.warnings };
}

describe.each(['bare', 'systemd'])('recorded %s host', (name) => {
  const { out, ansible, warnings } = fixture(name);
  const result = factsFromOutput(planGather({ marker: MARKER }), out);

  it('parses to the facts Ansible returned', () => {
    const diff = compareFacts(ansible, result.facts);
    expect(result.errors).toEqual([]);
    expect(diff.different, describeDiff(diff)).toEqual([]);
    expect(diff.missing, describeDiff(diff)).toEqual([]);
    expect(diff.extra, describeDiff(diff)).toEqual([]);
  });

  it('has every fact the brief names', () => {
    const absent = REQUIRED_KEYS.filter((k) => !(k in result.facts));
    expect(absent).toEqual([]);
  });

  it('warns as Ansible warns', () => {
    expect(result.warnings.map((w) => w.replace(/\s+/g, ' ').trim()).sort()).toEqual(warnings.map((w) => w.replace(/\s+/g, ' ').trim()).sort());
  });
});
