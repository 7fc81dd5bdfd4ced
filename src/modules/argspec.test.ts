import { describe, expect, it } from 'vitest';
import { aliasWarnings, validateArgs } from './argspec.js';
import type { ModuleSpec } from './types.js';

const spec: ModuleSpec = {
  options: {
    name: { type: 'str', required: true, aliases: ['host', 'hostname'] },
    port: { type: 'int', aliases: ['p'] },
    state: { type: 'str', default: 'present' },
  },
};

describe('validateArgs: aliases as AnsibleModule handles them (parameters.py _handle_aliases)', () => {
  it('an alias sets its option and stays in the params with the value as given', () => {
    expect(validateArgs('m', spec, { host: 'a', p: '22' })).toEqual({ name: 'a', host: 'a', port: 22, p: '22', state: 'present' });
  });
  it('no alias given: the options only', () => {
    expect(validateArgs('m', spec, { name: 'a' })).toEqual({ name: 'a', port: null, state: 'present' });
  });
  it("the alias wins over the option's own name, the spec's last alias over earlier ones, and each warns", () => {
    expect(validateArgs('m', spec, { hostname: 'c', name: 'a', host: 'b' })).toMatchObject({ name: 'c', host: 'b', hostname: 'c' });
    expect(aliasWarnings(spec, { hostname: 'c', name: 'a', host: 'b' })).toEqual(['Both option name and its alias host are set.', 'Both option name and its alias hostname are set.']);
    expect(aliasWarnings(spec, { host: 'b', hostname: 'c' })).toEqual(['Both option name and its alias hostname are set.']);
    expect(aliasWarnings(spec, { host: 'b', p: 1 })).toEqual([]);
  });
});
