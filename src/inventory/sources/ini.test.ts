import { describe, expect, it } from 'vitest';
import { SourceError } from '../../errors/source-error.js';
import { Inventory } from '../inventory.js';
import { iniPlugin, parseIniText } from './ini.js';

function parse(text: string): Inventory {
  const inv = new Inventory();
  parseIniText(inv, '/inv/hosts', text);
  return inv;
}

function error(text: string): SourceError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof SourceError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('INI inventory', () => {
  it('reads hosts, ranges, ports and typed values', () => {
    const inv = parse('[web]\nweb[01:02].example.com:2222 a=5 b="[1,2]" c=true d=010 e=\'x y\'\n[web:vars]\nn=5\nl="[1,2]"\n');
    expect(inv.hostNames()).toEqual(['web01.example.com', 'web02.example.com']);
    expect(inv.hostOwnVars('web01.example.com')).toMatchObject({ ansible_port: 2222, a: 5, b: [1, 2], c: 'true', d: '010', e: 'x y' });
    expect(inv.group('web')?.vars).toEqual({ n: 5, l: '[1,2]' });
  });

  it('accepts children declared before their group', () => {
    const inv = parse('[parent:children]\nchild\n[child]\nc1\n');
    inv.reconcile();
    expect(inv.group('parent')?.children).toEqual(['child']);
    expect(inv.groupNamesOf('c1')).toEqual(['child', 'parent']);
  });

  it('names file, line and column of a bad host line, and shows it', () => {
    const e = error('[web]\nw1 a=1\nw2 novalue\n');
    expect(e.message).toBe('/inv/hosts:3: Expected key=value host variable assignment, got: novalue');
    expect(e.pos).toEqual({ file: '/inv/hosts', line: 3, column: 4 });
    expect(e.describe()).toContain('w2 novalue\n   ^ here');
  });

  it('reports unknown section types, bad sections, quotes, ranges, undefined groups', () => {
    expect(error('[web:foo]\nh\n').message).toBe('/inv/hosts:1: Section [web:foo] has unknown type: foo');
    expect(error('[web ]\n').message).toContain("/inv/hosts:1: Invalid section entry: '[web ]'");
    expect(error('[web]\nh a="open\n').message).toBe(`/inv/hosts:2: Error parsing host definition 'h a="open': No closing quotation`);
    expect(error('[web]\nh[1:2:3:4]\n').message).toBe('host range must be begin:end or begin:end:step');
    expect(error('[web]\nh[x:]\n').message).toBe('host range must specify end value');
    expect(error('[web]\nh[x:]\n').pos).toEqual({ file: '/inv/hosts', line: 2, column: 1 });
    expect(error('[p:children]\nnope\n').message).toBe('/inv/hosts:2: Section [p:children] includes undefined group: nope');
    expect(error('[g:vars]\nx=1\n').message).toBe('/inv/hosts:1: Section [g:vars] not valid for undefined group: g');
    expect(error('[web]\nh:\n').message).toContain("Invalid host pattern 'h:' supplied, ending in ':' is not allowed");
  });

  it('leaves what it added before a bad line (Ansible keeps partial sources)', () => {
    const inv = new Inventory();
    expect(() => parseIniText(inv, 'f', '[web]\nw1\n[db]\nd1 bad\n')).toThrow(SourceError);
    expect(inv.hostNames()).toEqual(['w1']);
    expect(iniPlugin.name).toBe('ini');
  });
});
