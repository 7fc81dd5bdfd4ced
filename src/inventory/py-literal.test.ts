import { describe, expect, it } from 'vitest';
import { iniValue, isPyTuple, literalEval, PyLiteralTypeError } from './py-literal.js';
import { pyRepr, pyStr } from './py-repr.js';

describe('literal_eval', () => {
  it('reads Python literals and keeps everything else as text', () => {
    expect(iniValue('5')).toBe(5);
    expect(iniValue('[1,2]')).toEqual([1, 2]);
    expect(iniValue('true')).toBe('true');
    expect(iniValue('True')).toBe(true);
    expect(iniValue('yes')).toBe('yes');
    expect(iniValue('010')).toBe('010');
    expect(iniValue("'quoted'")).toBe('quoted');
    expect(iniValue('80, 443')).toEqual([80, 443]);
    expect(iniValue('{"a": None}')).toEqual({ a: null });
    expect(literalEval('-(-5)').ok).toBe(false);
    expect(() => iniValue('{[1]: 2}')).toThrow(PyLiteralTypeError);
  });

  it('remembers tuples so repr writes them as Python does', () => {
    const t = iniValue('(1, (2,), [3])');
    expect(isPyTuple(t)).toBe(true);
    expect(pyRepr(t)).toBe('(1, (2,), [3])');
    expect(pyStr({ a: [true, null, "it's"] })).toBe(`{'a': [True, None, "it's"]}`);
  });
});
