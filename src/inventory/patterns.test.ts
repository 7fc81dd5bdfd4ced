import { describe, expect, it } from 'vitest';
import { fnmatchRegExp, pythonRegExp } from './fnmatch.js';
import { applySubscript, orderPatterns, splitHostPattern, splitSubscript } from './host-pattern.js';
import { expandHostnameRange, expandHostPattern } from './host-range.js';
import { parseAddress } from './address.js';

describe('host pattern pieces', () => {
  it('splits on commas, colons and blanks, but not inside ranges or IPv6', () => {
    expect(splitHostPattern('a,b[1], c[2:3] , d')).toEqual(['a', 'b[1]', 'c[2:3]', 'd']);
    expect(splitHostPattern('web:&db:!lb')).toEqual(['web', '&db', '!lb']);
    expect(splitHostPattern('web[0:2]')).toEqual(['web[0:2]']);
    expect(splitHostPattern('2001:db8::1')).toEqual(['2001:db8::1']);
    expect(splitHostPattern('a b')).toEqual(['a', 'b']);
  });

  it('orders plain, then &, then !; all first when there are no plain patterns', () => {
    expect(orderPatterns(['!a', '&b', 'c'])).toEqual(['c', '&b', '!a']);
    expect(orderPatterns(['!a'])).toEqual(['all', '!a']);
  });

  it('applies subscripts with Ansible quirks', () => {
    const warn: string[] = [];
    expect(splitSubscript('g[1:]', (m) => warn.push(m))).toEqual({ expr: 'g', subscript: { start: 1, end: -1 } });
    expect(splitSubscript('g[0-1]', (m) => warn.push(m)).subscript).toEqual({ start: 0, end: 1 });
    expect(warn).toEqual(['Use [x:y] inclusive subscripts instead of [x-y] which has been removed']);
    expect(applySubscript([1, 2, 3], { index: -1 }, 'g')).toEqual([3]);
    expect(applySubscript([1, 2, 3], { start: 1, end: 0 }, 'g')).toEqual([2]);
    expect(() => applySubscript([1], { index: 3 }, 'g[3]')).toThrow("No hosts matched the subscripted pattern 'g[3]'");
  });

  it('matches globs like fnmatch and regexes like re.match', () => {
    expect(fnmatchRegExp('web*').test('web1')).toBe(true);
    expect(fnmatchRegExp('web*').test('xweb1')).toBe(false);
    expect(fnmatchRegExp('[!a-c]x').test('dx')).toBe(true);
    expect(fnmatchRegExp('[]]').test(']')).toBe(true);
    expect(fnmatchRegExp('a[').test('a[')).toBe(true);
    expect(pythonRegExp('web[12]').test('web1-extra')).toBe(true);
    expect(pythonRegExp('(?i)WEB').test('web')).toBe(true);
    expect(pythonRegExp('(?P<n>a)(?P=n)').test('aa')).toBe(true);
  });

  it('expands host ranges', () => {
    expect(expandHostnameRange('web[01:03]')).toEqual(['web01', 'web02', 'web03']);
    expect(expandHostnameRange('n[1:10:4]')).toEqual(['n1', 'n5', 'n9']);
    expect(expandHostnameRange('db-[y:B]')).toEqual(['db-y', 'db-z', 'db-A', 'db-B']);
    expect(expandHostnameRange('r[1:2]c[a:b]')).toEqual(['r1ca', 'r1cb', 'r2ca', 'r2cb']);
    expect(() => expandHostnameRange('x[01:5]')).toThrow('host range must specify equal-length begin and end formats');
    expect(expandHostPattern('web[1:2].example.com:2222')).toEqual({ hostnames: ['web1.example.com', 'web2.example.com'], port: 2222 });
  });

  it('parses addresses as Ansible does', () => {
    expect(parseAddress('[::1]:22')).toEqual({ host: '::1', port: 22 });
    expect(parseAddress('10.0.0.1:2222')).toEqual({ host: '10.0.0.1', port: 2222 });
    expect(() => parseAddress('web[1:2]')).toThrow('Detected range in host but was asked to ignore ranges');
    expect(() => parseAddress('bad_')).toThrow('Not a valid network hostname: bad_');
  });
});
