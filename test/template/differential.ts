/*
 * Differential testing of kplay's Templar against ansible-core's: the same templates with the
 * same variables through test/template/ansible_render.py (the real Templar) and through
 * kplay, results compared with their Python types.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Templar } from '../../src/template/templar.js';
import { TemplateError } from '../../src/template/errors.js';
import { PyFloat, isTuple } from '../../src/template/py/values.js';
import { UnsafeText } from '../../src/yaml/tags.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(HERE, 'fixtures');
const PYTHON = '/usr/bin/python3';

export type Mode = 'template' | 'conditional' | 'file';

export interface Case {
  t: string | unknown[];
  mode?: Mode;
  /** How to compare error messages: exactly (default) or only the leading text before `:`. */
  error?: 'exact' | 'prefix';
}

export interface Outcome {
  ok: boolean;
  type?: string;
  value?: unknown;
  error?: string;
}

export function ansibleAvailable(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import ansible.template'], { stdio: 'ignore' }).status === 0;
}

/** Renders every case with ansible-core in one Python process. */
export function renderWithAnsible(vars: Record<string, unknown>, cases: readonly Case[]): Outcome[] {
  const input = JSON.stringify({ vars, basedir: FIXTURES, cases: cases.map((c) => ({ t: c.t, mode: c.mode ?? 'template' })) });
  const r = spawnSync(PYTHON, [join(HERE, 'ansible_render.py')], { input, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
  if (r.status !== 0) throw new Error(`ansible_render.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Outcome[];
}

/** {"__unsafe__": "x"} in the shared variables stands for an !unsafe value. */
export function decodeVars(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeVars);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o['__unsafe__'] === 'string') return new UnsafeText(o['__unsafe__']);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeVars(x)]));
  }
  return v;
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string' || v instanceof UnsafeText) return 'str';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

function plain(v: unknown): unknown {
  if (v instanceof PyFloat) return v.value;
  if (v instanceof UnsafeText) return v.value;
  if (typeof v === 'number' && !Number.isFinite(v)) return { $float: Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf' };
  if (Array.isArray(v)) return (isTuple(v) ? [...v] : v).map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export function renderWithKplay(templar: Templar, vars: Record<string, unknown>, c: Case): Outcome {
  try {
    let v: unknown;
    if (c.mode === 'conditional') v = templar.conditional(c.t, vars);
    else if (c.mode === 'file') v = templar.renderTemplateFile(String(c.t), vars, join(FIXTURES, 'templates', 'inline.j2'));
    else v = templar.templateNative(c.t, vars);
    return { ok: true, type: typeName(v), value: plain(v) };
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, error: e.message };
    throw e;
  }
}

/** The part of an error message compared for `error: 'prefix'` cases. */
export function errorPrefix(msg: string | undefined): string {
  return (msg ?? '').split(':')[0] ?? '';
}
