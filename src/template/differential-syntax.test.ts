/* kplay vs ansible-core's Templar: syntax, native types, operators, methods, undefined values. */
import { describe, expect, it } from 'vitest';
import { ansibleAvailable, decodeVars, errorPrefix, FIXTURES, renderWithAnsible, renderWithKplay, type Case } from '../../test/template/differential.js';
import { VARS } from '../../test/template/vars.js';
import { Templar } from './templar.js';

const T = (t: string, extra: Partial<Case> = {}): Case => ({ t, ...extra });

const CASES: Case[] = [
  // native types and Ansible's literal reading of rendered text
  T('{{ n }}'), T('{{ f }}'), T('{{ t }}'), T('{{ nothing }}'), T('{{ s }}'), T('{{ l }}'), T('{{ d }}'),
  T('{{ n + 1 }}'), T('{{ [1, 2] }}'), T("{{ {'a': 1} }}"), T('{{ true }}'), T('{{ True }}'), T('{{ False }}'),
  T('{{ None }}'), T('{{ none }}'), T('x{{ n }}'), T('{{ l }}{{ l }}'), T('[{{ n }}, {{ n }}]'), T(' {{ l }}'), T('{{ l }} '),
  T('{{ n > 1 }}'), T('{{ [n, f, t, nothing] }}'), T("{{ (1, 'a') }}"), T('{{ l | to_json }}'), T('{{ l | to_json }} '),
  T('plain text'), T('{{ "True" }}'), T('{{ "[1," }}'), T('{{ lazy_list }}'), T('{{ lazy_dict }}'), T('{{ a }}'),
  T('{{ unsafe }}'), T('x{{ unsafe }}'), T('{{ hostvars["web1"]["role"] }}'), T('{{ hostvars.db1.role }}'),
  T("{{ hostvars['web1'].nothere | default('nd') }}"), T("{{ hostvars['nohost'].x }}"), T("{{ hostvars['web1'].nothere }}"),
  T("{{ hostvars['nohost'] is defined }}"), T("{{ 'web1' in hostvars }}"), T('{{ hostvars | length }}'), T("{{ hostvars['web1'] | dict2items | length }}"), T('{{ users.0.name }}'), T('{{ d.c.x }}'), T("{{ d['c']['x'] }}"),
  T("{{ users[1]['groups'] }}"), T('{{ s[0] }}'), T('{{ s[-5:] }}'), T('{{ l[::-1] }}'), T('{{ l[1:] }}'), T('{{ unicode[1] }}'),
  T('text with\nnewline {{ n }}\n'), T('{{ n }}\n\n'), T("{{ 'a\\nb' }}"), T('{{ "tab\there" }}'),
  // arithmetic and operators
  T('{{ 7 / 2 }}'), T('{{ 8 / 2 }}'), T('{{ 7 // 2 }}'), T('{{ -7 // 2 }}'), T('{{ 7 % 3 }}'), T('{{ -7 % 3 }}'), T('{{ 2 ** 10 }}'),
  T('{{ 2 ** -1 }}'), T('{{ 2 ** 3 ** 2 }}'), T('{{ 10 / 4 * 2 }}'), T('{{ 1 + 2 * 3 }}'), T('{{ (1 + 2) * 3 }}'), T('{{ n / 2 }}'), T('{{ f * 2 }}'),
  T('{{ 0.1 + 0.2 }}'), T('{{ 3 - 5 - 1 }}'), T("{{ 'ab' * 3 }}"), T('{{ [1] * 2 }}'), T('{{ l + [4] }}'), T("{{ 'a' ~ 1 ~ none ~ t }}"),
  T('{{ -n }}'), T('{{ 1.5 + 1 }}'), T('{{ 3.0 }}'), T('{{ [3.0] }}'), T('{{ 1 / 3 }}'), T('{{ 100000000000000000.0 }}'), T('{{ 0.00001 }}'),
  T('{{ 1 < 2 < 3 }}'), T('{{ 3 > 2 > 2 }}'), T("{{ 'a' < 'b' }}"), T('{{ [1, 2] == [1, 2] }}'), T('{{ 1 == 1.0 }}'), T('{{ t == 1 }}'),
  T("{{ 'World' in s }}"), T("{{ 'x' in s }}"), T('{{ 2 in l }}'), T('{{ 5 not in l }}'), T("{{ 'a' in d }}"), T("{{ not 'a' in d }}"),
  T("{{ nothing or 'default' }}"), T("{{ el or 'empty' }}"), T('{{ ed and 1 }}'), T('{{ not el }}'), T("{{ 'yes' if t else 'no' }}"),
  T("{{ 'yes' if el else 'no' }}"), T('{{ n if n > 1 }}'), T('{{ 1 < "a" }}'), T('{{ 1 / 0 }}'), T('{{ "a" + 1 }}'), T('{{ 1 + "a" }}'), T('{{ -s }}'),
  // printf and str.format
  T("{{ '%s is %d' % ('x', 5) }}"), T("{{ '%-5s|%5s|' % ('ab', 'cd') }}"), T("{{ '%05.1f' % f }}"), T("{{ '%x %X %o' % (255, 255, 8) }}"),
  T("{{ '%(a)s-%(b)s' % d }}"), T("{{ '%s' % l }}"), T("{{ '%d%%' % 50 }}"), T("{{ '%e' % 12345.678 }}"), T("{{ '%g %g' % (0.0001, 1234567.0) }}"),
  T("{{ '%s %s' % ('a',) }}"), T("{{ '{} {}'.format(1, 'b') }}"), T("{{ '{0:>5}|{1:.2f}|{0:<4}|'.format('x', f) }}"), T("{{ '{name}!'.format(name='z') }}"),
  T("{{ '{:,}'.format(1234567) }}"), T("{{ '{:08.3f}'.format(-3.14159) }}"), T("{{ '{:^9}'.format('mid') }}"), T("{{ '{0[0]}'.format(l) }}"),
  // Python methods
  T("{{ csv.split(',') }}"), T('{{ s.split() }}'), T("{{ path.rsplit('/', 1) }}"), T("{{ csv.split(',', 1) }}"), T('{{ s2.strip() }}'), T('{{ s2.lstrip() }}|'),
  T('{{ s2.rstrip() }}|'), T("{{ 'xxhixx'.strip('x') }}"), T("{{ s.startswith('Hell') }}"), T("{{ path.endswith(('.conf', '_config')) }}"),
  T("{{ s.replace('o', '0') }}"), T("{{ s.replace('o', '0', 1) }}"), T('{{ s.lower() }}'), T('{{ s.upper() }}'), T("{{ 'hELLO wORLD'.capitalize() }}"),
  T(`{{ "they're bill's".title() }}`), T("{{ '-'.join(strs) }}"), T("{{ s.find('World') }}"), T("{{ s.find('zz') }}"), T("{{ s.count('l') }}"),
  T('{{ num_str.isdigit() }}'), T('{{ s.isdigit() }}'), T('{{ d.keys() | list }}'), T('{{ d.values() | list }}'), T('{{ d.items() }}'), T("{{ d.get('a') }}"),
  T("{{ d.get('zz', 'dflt') }}"), T("{{ d.get('zz') }}"), T('{% set x = [1] %}{% set _ = x.append(2) %}{{ x }}'), T('{% set x = [1] %}{{ x.extend([2, 3]) }}{{ x }}'),
  T('{{ l.index(2) }}'), T("{% set m = {'a': 1} %}{% set _ = m.update({'b': 2}) %}{{ m }}"), T('{{ multiline.splitlines() }}'), T('{{ s.zfill(14) }}'),
  T("{{ s.center(15, '*') }}"), T("{{ 'a=b=c'.partition('=') }}"), T('{{ s.swapcase() }}'), T('{{ l.count(1) }}'), T("{{ 'ab'.join(['1', '2', '3']) }}"),
  T('{{ s.items() }}'), T("{{ '-'.join(l) }}"),
  // statements
  T('{% for u in users %}{{ loop.index0 }}{{ u.name }}{% if not loop.last %},{% endif %}{% endfor %}'), T('{% for x in el %}{{ x }}{% else %}empty{% endfor %}'),
  T('{% for x in l if x > 1 %}{{ x }}:{{ loop.length }} {% endfor %}'), T('{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}'), T('{% for k in d %}{{ k }}{% endfor %}'),
  T('{% if n > 50 %}big{% elif n > 40 %}mid{% else %}small{% endif %}'), T('{% set total = 0 %}{% for x in l %}{% set total = total + x %}{% endfor %}{{ total }}'),
  T('{% set ns = namespace(total=0) %}{% for x in l %}{% set ns.total = ns.total + x %}{% endfor %}{{ ns.total }}'),
  T("{% macro greet(who, punct='!') %}Hi {{ who }}{{ punct }}{% endmacro %}{{ greet('bob') }} {{ greet('al', punct='?') }}"),
  T('{% macro box() %}[{{ caller() }}]{% endmacro %}{% call box() %}in {{ n }}{% endcall %}'), T('{% filter upper %}hello {{ s }}{% endfilter %}'),
  T('{% raw %}{{ not parsed }}{% endraw %}'), T('a  {{- n -}}  b'), T('{# comment #}x'), T('{%- if t -%} yes {%- endif -%}'), T('{% set p, q = 1, 2 %}{{ p + q }}'),
  T('{% set block %}inner {{ n }}{% endset %}[{{ block }}]'), T('{% with q = 5 %}{{ q * 2 }}{% endwith %}'), T("{% for x in l %}{{ loop.cycle('o', 'e') }}{% endfor %}"),
  T('{% for x in [1, 1, 2] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}'), T("{% for x in l %}{{ loop.previtem | default('-') }}{% endfor %}"),
  T('{% for x in l %}{{ loop.revindex }}{{ loop.first }}{% endfor %}'), T('{% for a in [[1, 2], [3]] %}{% for b in a %}{{ loop.index }}{% endfor %}|{% endfor %}'),
  T('{% if t %}\nline\n{% endif %}\nend'), T('{{ range(3) | list }}'), T('{{ range(1, 10, 3) | list }}'), T('{{ dict(a=1, b=2) }}'), T('{{ range(3) }}'),
  T('{% set x = 1 %}{% if t %}{% set x = 2 %}{% endif %}{{ x }}'), T('{% for x in l %}{% set y = x %}{% endfor %}{{ y | default("none") }}'),
  T('{% for a, b in [[1, 2], [3, 4]] %}{{ a * b }} {% endfor %}'), T('{{ {n: 1} }}'), T("{{ 'a' 'b' }}"), T('{{ l | length }}'), T('{{ users | length > 2 }}'),
  // undefined values
  T('{{ missing }}'), T('{{ missing.attr }}'), T('{{ d.missing }}'), T('{{ l[10] }}'), T("{{ d['zz'] }}"), T('{{ n.x }}'), T('{{ s.nosuchmethod() }}'),
  T("{{ missing | default('x') }}"), T("{{ missing | d('y') }}"), T("{{ '' | default('z', true) }}"), T("{{ 0 | default('z', true) }}"),
  T('{{ missing is defined }}'), T('{{ missing is undefined }}'), T('{{ d.missing is defined }}'), T('{{ missing.x is defined }}'), T('{{ chain }}'),
  T("{{ chain | default('ok') }}"), T('{{ cyc1 }}', { error: 'prefix' }), T('{{ missing | mandatory }}'), T("{{ missing | mandatory('custom msg') }}"),
  T("{{ undef() | default('u') }}"), T("{{ undef('why') }}"), T('{{ [missing] }}'), T('{{ missing + 1 }}'), T('{% for x in missing %}{% endfor %}'),
  T("{{ ('a' if false) is defined }}"), T("{{ ('a' if false) ~ 'x' }}"), T("{{ 'a' if false }}"), T("{{ ('a' if false) | upper }}"),
  T("{{ ('a' if false) + 1 }}"), T("{% for x in ('a' if false) %}{{ x }}{% endfor %}z"), T("{{ ('a' if false).foo }}"), T('{{ missing() }}'), T('{% if missing %}y{% endif %}'), T('{{ el | first }}'), T('{{ el | max }}'), T('{{ null }}'), T('{{ x | default(missing) }}'),
  // errors
  T('{{ 1 + }}'), T('{{ l | nosuchfilter }}'), T('{{ l is nosuchtest }}'), T('{% for x in 5 %}{% endfor %}'), T('{% if t %}unclosed'), T('{{ a b }}'),
  T('{% bogus %}'), T("{{ [['a', 1]] | dict }}"), T('{% if a %}{% for x in l %}{% endif %}'), T('{% for x in l %}a'), T('{% if x y %}{% endif %}'),
  T('{% macro m() %}x'), T('{% endfor %}'), T('{{ 0o17 + 0x1F + 0b11 + 1_000 }}'), T('{{ 1e3 }}'), T('{{ 2.5e-3 }}'), T('{{ a&b }}'),
];

const VARS_DECODED = decodeVars(VARS) as Record<string, unknown>;
const enabled = ansibleAvailable();

describe.skipIf(!enabled)('templating matches ansible-core (syntax, types, operators)', () => {
  const expected = enabled ? renderWithAnsible(VARS, CASES) : [];
  const templar = new Templar({ searchPath: [FIXTURES] });
  it.each(CASES.map((c, i) => [JSON.stringify(c.t), c, i] as const))('%s', (_name, c, i) => {
    const want = expected[i]!;
    const got = renderWithKplay(templar, VARS_DECODED, c);
    if (!want.ok || !got.ok) {
      expect({ ok: got.ok, error: c.error === 'prefix' ? errorPrefix(got.error) : got.error }).toEqual({
        ok: want.ok,
        error: c.error === 'prefix' ? errorPrefix(want.error) : want.error,
      });
      return;
    }
    expect({ type: got.type, value: got.value }).toEqual({ type: want.type, value: want.value });
  });
});
