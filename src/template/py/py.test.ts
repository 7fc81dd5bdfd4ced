import { describe, expect, it } from 'vitest';
import { percentFormat, strFormat } from './format.js';
import { LiteralError, literalEval, unicodeEscape } from './literal-eval.js';
import { PyRandom } from './random.js';
import { pyRegex, pySub } from './regex.js';
import { floatRepr, pyRepr, pyStr } from './repr.js';
import { PyFloat, isTuple, tuple } from './values.js';

describe('repr and str', () => {
  it('prints floats as Python does', () => {
    expect([5, 2.5, 1e16, 1.5e-5, 0.1 + 0.2, 1e-4, 123456789012345678, -0].map(floatRepr)).toEqual([
      '5.0', '2.5', '1e+16', '1.5e-05', '0.30000000000000004', '0.0001', '1.2345678901234568e+17', '-0.0',
    ]);
  });

  it('prints containers with Python quoting', () => {
    expect(pyRepr(['a', "it's", 'say "x"', 1, new PyFloat(2), true, null, { k: '\n' }, tuple([1])])).toBe(
      `['a', "it's", 'say "x"', 1, 2.0, True, None, {'k': '\\n'}, (1,)]`,
    );
    expect(pyStr('plain')).toBe('plain');
    expect(pyRepr('\x01é')).toBe("'\\x01é'");
  });
});

describe('literal_eval', () => {
  it('reads Python and JSON literals', () => {
    expect(literalEval("[1, 'a', {'b': None, 'c': true}, (2,), 1.0, -3, 0x10]")).toEqual([1, 'a', { b: null, c: true }, [2], new PyFloat(1), -3, 16]);
    expect(isTuple((literalEval('[(1, 2)]') as unknown[])[0])).toBe(true);
    expect(literalEval("'a' 'b'")).toBe('ab');
  });

  it('rejects what literal_eval rejects', () => {
    for (const s of ['[1,', 'foo', '[1] + [2]', ' [1]', '{[1]: 2}']) expect(() => literalEval(s), s).toThrow(LiteralError);
  });

  it('unescapes like the unicode-escape codec, keeping unknown escapes', () => {
    expect(unicodeEscape('a\\nb\\x41\\u00e9\\d\\\\')).toBe('a\nbAé\\d\\');
  });
});

describe('formatting', () => {
  it('does printf-style formatting', () => {
    expect(percentFormat('%s=%05.2f|%-4d|%x|%%', tuple(['a', 3.14159, 7, 255]))).toBe('a=03.14|7   |ff|%');
    expect(percentFormat('%(a)s', { a: 1 })).toBe('1');
    expect(() => percentFormat('%s %s', tuple(['x']))).toThrow('not enough arguments for format string');
  });

  it('does str.format', () => {
    const get = (o: unknown, k: string | number): unknown => (o as Record<string | number, unknown>)[k];
    expect(strFormat('{} {:>4} {x:.1f} {{}}', ['a', 'b'], { x: 2.25 }, get)).toBe('a    b 2.2 {}');
  });
});

describe('PyRandom', () => {
  it('picks what CPython picks for a seed', () => {
    const r = new PyRandom('web1');
    expect([r.randrange(0, 60, 1), r.randrange(0, 60, 1), r.choice(['a', 'b', 'c', 'd'])]).toEqual([52, 20, 'c']);
    const l = [1, 2, 3, 4, 5, 6, 7, 8];
    new PyRandom(42).shuffle(l);
    expect(l).toEqual([4, 5, 7, 8, 3, 6, 1, 2]);
  });
});

describe('regex', () => {
  it('runs Python patterns and replacement templates', () => {
    expect(pySub(pyRegex('(?P<k>\\w+)=(\\w+)', ''), '\\2:\\g<k>', 'a=1 b=2')).toBe('1:a 2:b');
    expect(pyRegex('end$', '').test('the end\n')).toBe(true);
    expect(pyRegex('\\Aab', 'm').test('x\nab')).toBe(false);
    expect(pySub(pyRegex('a', ''), '$1\\n', 'a')).toBe('$1\n');
  });
});
