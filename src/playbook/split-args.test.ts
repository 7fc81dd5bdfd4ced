import { describe, expect, it } from 'vitest';
import { parseKv, splitArgs } from './split-args.js';

describe('parseKv (Ansible k=v strings)', () => {
  it('splits quoted values and Jinja2 blocks', () => {
    expect(splitArgs('a=b c="foo bar" d={{ x | default("y z") }}')).toEqual(['a=b', 'c="foo bar"', 'd={{ x | default("y z") }}']);
    expect(parseKv('msg="x is {{ x }}" var=y', false)).toEqual({ msg: 'x is {{ x }}', var: 'y' });
  });

  it('keeps free-form commands raw but takes the command options out', () => {
    expect(parseKv('echo "a b" chdir=/tmp creates=/x foo=bar', true)).toEqual({ _raw_params: 'echo "a b" foo=bar', chdir: '/tmp', creates: '/x' });
  });

  it('rejects unbalanced quotes', () => {
    expect(() => splitArgs('a="b')).toThrow(/unbalanced/);
  });
});
