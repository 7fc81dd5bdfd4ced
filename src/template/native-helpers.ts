/* What Ansible does with rendered text (native_helpers.py) and with values leaving the engine. */
import { UnsafeText } from '../yaml/tags.js';
import { LiteralError, literalEval } from './py/literal-eval.js';
import { PyFloat, isPlainObject } from './py/values.js';

/**
 * ansible_eval_concat: rendered text that looks like a list, dict or bool is read back as a
 * Python literal (JSON's true/false/null accepted); anything else stays text.
 */
export function evalConcat(text: string): unknown {
  if (!(text.startsWith('{') || text.startsWith('[') || text === 'True' || text === 'False')) return text;
  try {
    return literalEval(text);
  } catch (e) {
    if (e instanceof LiteralError) return text;
    throw e;
  }
}

/** wrap_var: every string inside becomes UnsafeText. */
export function wrapUnsafe(v: unknown): unknown {
  if (typeof v === 'string') return new UnsafeText(v);
  if (Array.isArray(v)) return v.map(wrapUnsafe);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wrapUnsafe(x)]));
  return v;
}

/** Values as the rest of kplay knows them: PyFloat becomes a plain number. */
export function toPlain(v: unknown): unknown {
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.some(needsPlain) ? v.map(toPlain) : v;
  if (isPlainObject(v)) {
    if (!Object.values(v).some(needsPlain)) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  }
  return v;
}

function needsPlain(v: unknown): boolean {
  if (v instanceof PyFloat) return true;
  if (Array.isArray(v)) return v.some(needsPlain);
  if (isPlainObject(v)) return Object.values(v).some(needsPlain);
  return false;
}

/** Removes UnsafeText marks (for handing values to code that wants plain strings). */
export function stripUnsafe(v: unknown): unknown {
  if (v instanceof UnsafeText) return v.value;
  if (Array.isArray(v)) return v.map(stripUnsafe);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stripUnsafe(x)]));
  return v;
}

/** _count_newlines_from_end */
export function countTrailingNewlines(s: string): number {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\n'; i--) n++;
  return n;
}
