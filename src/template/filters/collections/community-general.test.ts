/* community.general's json_query, dict and version_sort against the installed collection's plugins. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ansibleAvailable, FIXTURES, renderWithAnsible, renderWithKplay, type Case } from '../../../../test/template/differential.js';
import { TemplateError } from '../../errors.js';
import { Templar } from '../../templar.js';

const VARS = {
  data: {
    instances: [
      { name: 'a', state: 'running', tags: { role: 'web' }, ports: [80, 443], size: 2 },
      { name: 'b', state: 'stopped', tags: { role: 'db' }, ports: [5432], size: 8 },
      { name: 'c', state: 'running', tags: { role: 'web' }, ports: [], size: 4 },
    ],
    meta: { region: 'eu', 'dash-key': 1 },
  },
  versions: ['1.10.0', '1.9.2', '1.2', '1.2.10', '1.2.9', '0.9', '10.0', '2.0rc1', '2.0'],
};

const T = (t: string): Case => ({ t });

const JSON_QUERY: Case[] = [
  T("{{ data | json_query('instances[*].name') }}"), T("{{ data | community.general.json_query('instances[?state==`running`].name') }}"),
  T("{{ data | json_query('instances[?tags.role==`web`].{n: name, p: ports[0]}') }}"), T("{{ data | json_query('meta.region') }}"),
  T("{{ data | json_query('meta.\"dash-key\"') }}"), T("{{ data | json_query('instances[].ports[]') }}"), T("{{ data | json_query('length(instances)') }}"),
  T("{{ data | json_query('max_by(instances, &size).name') }}"), T("{{ data | json_query('sort_by(instances, &size)[*].name') }}"),
  T("{{ data | json_query('instances[0:2].name') }}"), T("{{ data | json_query('missing') }}"), T("{{ data | json_query('instances[?size > `3`].name | [0]') }}"),
  T("{{ data | json_query('keys(meta)') }}"), T("{{ data | json_query('instances[*].tags.role | join(`,`, @)') }}"), T("{{ data | json_query('[') }}"),
  T("{{ data | json_query('contains(instances[*].name, `b`)') }}"), T("{{ data | json_query('instances[?starts_with(name, `a`)].state') }}"),
  T("{{ [1, 2, 3] | json_query('[?@ > `1`]') }}"), T("{{ {'a': {'b': [{'c': 1}, {'c': 2}]}} | json_query('a.b[*].c') }}"),
];

const OTHERS: Case[] = [
  T("{{ [['a', 1], ['b', 2]] | community.general.dict }}"), T("{{ [] | community.general.dict }}"), T("{{ ['ab', 'cd'] | community.general.dict }}"),
  T("{{ [['a', 1, 2]] | community.general.dict }}"), T("{{ ['k1', 'k2'] | zip([1, 2]) | community.general.dict }}"), T("{{ [[1, 'x'], [2, 'y']] | community.general.dict }}"),
  T('{{ versions | community.general.version_sort }}'), T('{{ versions | community.general.version_sort(reverse=true) }}'),
  T("{{ ['v1.2', 'v1.10', 'v1.9'] | community.general.version_sort }}"), T("{{ ['1.0', '1.0a', '1.0b2'] | community.general.version_sort }}"),
  T("{{ ['1.a', '1.1'] | community.general.version_sort }}"), T('{{ [] | community.general.version_sort }}'),
];

function pythonHas(mod: string): boolean {
  return spawnSync('/usr/bin/python3', ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0;
}

const enabled = ansibleAvailable();
const CASES = [...(enabled && pythonHas('jmespath') ? JSON_QUERY : []), ...OTHERS];

describe.skipIf(!enabled)('community.general filters match the installed collection', () => {
  const expected = enabled ? renderWithAnsible(VARS, CASES) : [];
  const templar = new Templar({ searchPath: [FIXTURES] });
  it.each(CASES.map((c, i) => [String(c.t), c, i] as const))('%s', (_name, c, i) => {
    const want = expected[i]!;
    const got = renderWithKplay(templar, VARS, c);
    if (!want.ok || !got.ok) {
      expect({ ok: got.ok }).toEqual({ ok: want.ok });
      return;
    }
    expect({ type: got.type, value: got.value }).toEqual({ type: want.type, value: want.value });
  });
});

describe('an unknown filter', () => {
  it('fails naming the filter and where it was used', () => {
    const templar = new Templar({ searchPath: [FIXTURES] });
    const where = { file: '/play/roles/x/tasks/main.yml', line: 7, column: 5 };
    let err: unknown;
    try {
      templar.template('{{ 1 | community.general.no_such_filter }}', {}, where);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as TemplateError).message).toContain('Could not load "community.general.no_such_filter"');
    expect((err as TemplateError).pos).toEqual(where);
  });
});
