/* Jinja2's built-in tests (jinja2/tests.py). */
import { isPyFunc } from '../py/callable.js';
import { typeError } from '../py/errors.js';
import { cmp, contains, eq, iterate, mod } from '../py/ops.js';
import { pyStr } from '../py/repr.js';
import { Undefined } from '../py/undefined.js';
import { PyFloat, asStr, isDict, isFloat, isNumber, num } from '../py/values.js';
import type { TestTable } from '../registry.js';
import { bind } from '../filters/support.js';

function text(v: unknown): string {
  if (v instanceof Undefined) v.fail();
  const s = asStr(v);
  if (s === undefined) throw typeError(`'${typeof v}' object has no attribute 'lower'`);
  return s;
}

function other(name: string, a: unknown[], kw: Record<string, unknown>): unknown {
  return bind(name, a, kw, ['other'], 1)[0];
}

export const JINJA_TESTS: TestTable = {
  defined: (_e, v) => !(v instanceof Undefined),
  undefined: (_e, v) => v instanceof Undefined,
  none: (_e, v) => v === null,
  boolean: (_e, v) => typeof v === 'boolean',
  false: (_e, v) => v === false,
  true: (_e, v) => v === true,
  integer: (_e, v) => typeof v === 'number' && Number.isInteger(v),
  float: (_e, v) => isFloat(v),
  number: (_e, v) => isNumber(v),
  string: (_e, v) => asStr(v) !== undefined,
  mapping: (_e, v) => isDict(v),
  // len() fails on a strict undefined (so: False); Jinja's plain Undefined has len 0 and __getitem__
  sequence: (_e, v) => (v instanceof Undefined ? v.lenient : asStr(v) !== undefined || Array.isArray(v) || isDict(v)),
  iterable: (_e, v) => {
    if (v instanceof Undefined) v.fail();
    try {
      iterate(v);
      return true;
    } catch {
      return false;
    }
  },
  callable: (_e, v) => typeof v === 'function' || isPyFunc(v),
  sameas: (_e, v, a, kw) => {
    const o = other('sameas', a, kw);
    if (v instanceof PyFloat || o instanceof PyFloat) return false;
    return v === o || (v === null && o === null);
  },
  escaped: () => false,
  odd: (_e, v) => num(mod(v, 2) as number) === 1,
  even: (_e, v) => num(mod(v, 2) as number) === 0,
  divisibleby: (_e, v, a, kw) => num(mod(v, bind('divisibleby', a, kw, ['num'], 1)[0]) as number) === 0,
  lower: (_e, v) => {
    const s = pyStr(v);
    return /\p{Ll}/u.test(s) && !/[\p{Lu}\p{Lt}]/u.test(s);
  },
  upper: (_e, v) => {
    const s = pyStr(v);
    return /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);
  },
  in: (_e, v, a, kw) => contains(bind('in', a, kw, ['seq'], 1)[0], v),
  eq: (_e, v, a, kw) => eq(v, other('eq', a, kw)),
  equalto: (_e, v, a, kw) => eq(v, other('equalto', a, kw)),
  '==': (_e, v, a, kw) => eq(v, other('==', a, kw)),
  ne: (_e, v, a, kw) => !eq(v, other('ne', a, kw)),
  '!=': (_e, v, a, kw) => !eq(v, other('!=', a, kw)),
  lt: (_e, v, a, kw) => cmp(v, other('lt', a, kw), 'lt') < 0,
  lessthan: (_e, v, a, kw) => cmp(v, other('lessthan', a, kw), 'lt') < 0,
  '<': (_e, v, a, kw) => cmp(v, other('<', a, kw), 'lt') < 0,
  le: (_e, v, a, kw) => cmp(v, other('le', a, kw), 'le') <= 0,
  '<=': (_e, v, a, kw) => cmp(v, other('<=', a, kw), 'le') <= 0,
  gt: (_e, v, a, kw) => cmp(v, other('gt', a, kw), 'gt') > 0,
  greaterthan: (_e, v, a, kw) => cmp(v, other('greaterthan', a, kw), 'gt') > 0,
  '>': (_e, v, a, kw) => cmp(v, other('>', a, kw), 'gt') > 0,
  ge: (_e, v, a, kw) => cmp(v, other('ge', a, kw), 'ge') >= 0,
  '>=': (_e, v, a, kw) => cmp(v, other('>=', a, kw), 'ge') >= 0,
};
