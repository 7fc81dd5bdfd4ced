import { describe, expect, it } from 'vitest';
import { parseYaml, positionOf } from './load.js';
import { SourceError } from '../errors/source-error.js';
import { UnsafeText } from './tags.js';

describe('YAML 1.1 as PyYAML reads it', () => {
  it('resolves scalars like PyYAML', () => {
    const v = parseYaml(
      'a: yes\nb: on\nc: 0644\nd: y\ne: 0o10\nf: 1_000\ng: 2001-01-01\nh: ~\ni: 0x1F\nj: 1e3\nk: 1.5\nl: 09\nm: Off\nn: 190:20:30\n',
      'f.yml',
    );
    expect(v).toEqual({ a: true, b: true, c: 420, d: 'y', e: '0o10', f: 1000, g: '2001-01-01', h: null, i: 31, j: '1e3', k: 1.5, l: '09', m: false, n: 685230 });
  });

  it('merges keys and keeps explicit ones', () => {
    const v = parseYaml('base: &b {x: 1, y: 1}\nm:\n  <<: *b\n  y: 2\n', 'f.yml');
    expect(v).toEqual({ base: { x: 1, y: 1 }, m: { x: 1, y: 2 } });
  });

  it('keeps !unsafe strings apart and lets the last duplicate key win', () => {
    const v = parseYaml('a: !unsafe "{{ x }}"\nb: 1\nb: 2\n', 'f.yml') as Record<string, unknown>;
    expect(v['a']).toBeInstanceOf(UnsafeText);
    expect(v['b']).toBe(2);
  });

  it('records positions of keys', () => {
    const v = parseYaml('- name: x\n  hosts: all\n  tasks:\n    - debug: msg=hi\n', 'p.yml') as Array<Record<string, unknown>>;
    const play = v[0];
    expect(positionOf(play, 'tasks')).toEqual({ file: 'p.yml', line: 3, column: 3 });
    expect(positionOf(play)).toEqual({ file: 'p.yml', line: 1, column: 3 });
  });

  it('reports syntax errors with file, line and column', () => {
    try {
      parseYaml('a: 1\nb: [1, 2\nc: 3\n', 'bad.yml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SourceError);
      const err = e as SourceError;
      expect(err.pos?.file).toBe('bad.yml');
      expect(err.pos?.line).toBeGreaterThan(1);
    }
  });
});
