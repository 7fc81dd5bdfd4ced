/* Every test by name: Jinja2's built-ins and ansible-core's, the latter also as ansible.builtin.*. */
import type { TestTable } from '../registry.js';
import { CORE_TESTS } from './core.js';
import { FILE_TESTS } from './files.js';
import { JINJA_TESTS } from './jinja.js';

function withFqcn(table: TestTable): TestTable {
  const out: Record<string, TestTable[string]> = {};
  for (const [name, fn] of Object.entries(table)) {
    out[name] = fn;
    out[`ansible.builtin.${name}`] = fn;
  }
  return out;
}

export const TESTS: TestTable = { ...JINJA_TESTS, ...withFqcn(CORE_TESTS), ...withFqcn(FILE_TESTS) };
