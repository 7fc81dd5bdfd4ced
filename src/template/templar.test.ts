import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnsafeText } from '../yaml/tags.js';
import { OMIT_TOKEN, TemplateError, Templar, ansibleTemplateVars, isOmit, stripUnsafe } from './index.js';
import { PyFloat } from './py/values.js';

const where = { file: 'site.yml', line: 3, column: 7 };

function error(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('expected a TemplateError');
}

describe('Templar.template', () => {
  const t = new Templar();

  it('walks dicts and lists, leaving keys and non-strings alone', () => {
    const vars = { n: 3, who: 'bob' };
    expect(t.template({ '{{ who }}': '{{ who }}', list: ['{{ n }}', 4, true, null], nested: { x: 'n={{ n }}' } }, vars)).toEqual({
      '{{ who }}': 'bob',
      list: [3, 4, true, null],
      nested: { x: 'n=3' },
    });
  });

  it('keeps a lone variable\'s number, bool and None; other results follow Ansible\'s literal reading', () => {
    const vars = { n: 3, b: false, z: null, l: [1, 2], s: '5' };
    expect(t.template('{{ n }}', vars)).toBe(3);
    expect(t.template('{{ b }}', vars)).toBe(false);
    expect(t.template('{{ z }}', vars)).toBeNull();
    expect(t.template('{{ n + 1 }}', vars)).toBe('4');
    expect(t.template('{{ l }}', vars)).toEqual([1, 2]);
    expect(t.template('{{ s | int > 4 }}', vars)).toBe(true);
  });

  it('returns plain numbers for Python floats, templateNative keeps them', () => {
    expect(t.template('{{ [10 / 2] }}', {})).toEqual([5]);
    expect(t.templateNative('{{ [10 / 2] }}', {})).toEqual([new PyFloat(5)]);
    expect(t.template('{{ 10 / 2 }}', {})).toBe('5.0');
  });

  it('passes UnsafeText through and marks results built from it unsafe', () => {
    const raw = new UnsafeText('{{ lookup("pipe", "id") }}');
    expect(t.template(raw, {})).toBe(raw);
    const out = t.template('x {{ secret }}', { secret: raw });
    expect(out).toBeInstanceOf(UnsafeText);
    expect(String(out)).toBe('x {{ lookup("pipe", "id") }}');
    expect(stripUnsafe({ a: [out] })).toEqual({ a: ['x {{ lookup("pipe", "id") }}'] });
  });

  it('marks lookup results unsafe, as ansible-core does', () => {
    process.env['KPLAY_TEMPLAR_TEST'] = '{{ nope }}';
    const out = t.template("{{ lookup('env', 'KPLAY_TEMPLAR_TEST') }}", {});
    expect(out).toBeInstanceOf(UnsafeText);
    expect(String(out)).toBe('{{ nope }}');
  });

  it('resolves variables lazily and recursively, only those used', () => {
    let reads = 0;
    const vars = {
      a: '{{ b }}-{{ c }}',
      b: '{{ c | default(1) }}',
      c: 2,
      get expensive(): string {
        reads++;
        return 'x';
      },
    };
    expect(t.template('{{ a }}', vars)).toBe('2-2');
    expect(reads).toBe(0);
  });

  it('reads hostvars lazily: a host\'s variables are computed only when that host is looked at', () => {
    const computed: string[] = [];
    const hostvars = new Proxy({} as Record<string, unknown>, {
      get: (_t, host) => {
        if (typeof host !== 'string' || !['web1', 'db1'].includes(host)) return undefined;
        computed.push(host);
        return { ansible_host: `10.0.0.${host === 'web1' ? 1 : 2}`, role: '{{ kind }}', kind: host.slice(0, -1) };
      },
      has: (_t, host) => host === 'web1' || host === 'db1',
      ownKeys: () => ['web1', 'db1'],
      getOwnPropertyDescriptor: (_t, host) => (host === 'web1' || host === 'db1' ? { enumerable: true, configurable: true } : undefined),
    });
    expect(t.template("{{ hostvars['web1'].role }} {{ hostvars.web1.ansible_host }}", { hostvars })).toBe('web 10.0.0.1');
    expect(computed).toEqual(['web1']);
    expect(t.template('{{ hostvars | list }}', { hostvars })).toEqual(['web1', 'db1']);
  });

  it('reports a cycle between variables as Ansible does', () => {
    const e = error(() => t.template('{{ a }}', { a: '{{ b }}', b: '{{ a }}' }, where));
    expect(e.message).toContain('recursive loop detected in template string');
    expect(e.pos).toEqual(where);
  });

  it('names the undefined variable and where it was used', () => {
    const e = error(() => t.template({ msg: 'hi {{ who }}' }, {}, where));
    expect(e.message).toBe("'who' is undefined. 'who' is undefined");
    expect(e.reason).toBe("'who' is undefined");
    expect(e.undefinedName).toBe('who');
    expect(e.pos).toEqual(where);
    expect(e.kind).toBe('AnsibleUndefinedVariable');
  });

  it('gives templates the omit placeholder even when the variables lack it', () => {
    expect(t.template('{{ omit }}', {})).toBe(OMIT_TOKEN);
    expect(isOmit(t.template('{{ x | default(omit) }}', {}))).toBe(true);
    expect(OMIT_TOKEN).toMatch(/^__omit_place_holder__[0-9a-f]{40}$/);
  });

  it('offers the raw variables as `vars` when the caller does not', () => {
    expect(t.template("{{ vars['a'] }}", { a: '{{ b }}', b: 1 })).toBe('{{ b }}');
  });

  it('accepts undef() for mandatory-style defaults', () => {
    expect(error(() => t.template('{{ undef() }}', {})).message).toContain('Mandatory variable has not been overridden');
  });
});

describe('Templar.conditional', () => {
  const t = new Templar();
  const vars = { n: 5, l: [], flag: 'yes', r: { failed: false, changed: true } };

  it('evaluates bare expressions, booleans, empty values and lists', () => {
    expect(t.conditional('n > 3', vars)).toBe(true);
    expect(t.conditional(false, vars)).toBe(false);
    expect(t.conditional(null, vars)).toBe(true);
    expect(t.conditional('', vars)).toBe(true);
    expect(t.conditional(['n > 3', 'l | length == 0', 'r is changed'], vars)).toBe(true);
    expect(t.conditional(['n > 3', 'r is failed'], vars)).toBe(false);
    expect(t.conditional('{{ n > 9 }}', vars)).toBe(false);
    expect(t.conditional('missing is not defined and flag | bool', vars)).toBe(true);
  });

  it('fails with the variable named', () => {
    const e = error(() => t.conditional('missing == 1', vars, where));
    expect(e.message).toBe("The conditional check 'missing == 1' failed. The error was: error while evaluating conditional (missing == 1): 'missing' is undefined. 'missing' is undefined");
    expect(e.undefinedName).toBe('missing');
    expect(e.pos).toEqual(where);
  });

  it('refuses an unsafe conditional', () => {
    expect(error(() => t.conditional(new UnsafeText('1 == 1'), vars)).message).toContain('Conditional is marked as unsafe');
  });
});

describe('Templar.isTemplate', () => {
  const t = new Templar();
  it('needs a start delimiter with its end after it', () => {
    expect(t.isTemplate('a {{ b }}')).toBe(true);
    expect(t.isTemplate('{% if x %}')).toBe(true);
    expect(t.isTemplate('{{ unclosed')).toBe(false);
    expect(t.isTemplate('plain')).toBe(false);
    expect(t.isTemplate('{# c #}')).toBe(true);
  });
});

describe('Templar.renderTemplateFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-tpl-'));
  writeFileSync(join(dir, 'part.j2'), '[{{ who }}]');
  writeFileSync(join(dir, 'main.j2'), '');
  const t = new Templar({ searchPath: [dir] });

  it('keeps trailing newlines, honours #jinja2 overrides and includes from the search path', () => {
    const file = join(dir, 'main.j2');
    expect(t.renderTemplateFile("{% include 'part.j2' %}\n\n", { who: 'x' }, file)).toBe('[x]\n\n');
    expect(t.renderTemplateFile('#jinja2: trim_blocks: False\n{% if true %}\nyes\n{% endif %}\n', {}, file)).toBe('\nyes\n');
    expect(t.renderTemplateFile('{{ [1, 2] }}', {}, file)).toBe('[1, 2]');
  });

  it('adds the template action\'s variables through ansibleTemplateVars', () => {
    const file = join(dir, 'main.j2');
    const vars = ansibleTemplateVars({ path: 'main.j2', fullpath: file, destPath: '/etc/x' });
    expect(vars['ansible_managed']).toBe('Ansible managed');
    expect(t.renderTemplateFile('{{ template_path }} {{ template_destpath }} {{ template_fullpath | basename }}', vars, file)).toBe('main.j2 /etc/x main.j2');
  });

  it('reports errors as TemplateError with the Ansible class name', () => {
    const e = error(() => t.renderTemplateFile('{{ nope }}', {}, join(dir, 'main.j2')));
    expect(e.kind).toBe('AnsibleUndefinedVariable');
    expect(e.message).toBe("'nope' is undefined. 'nope' is undefined");
  });
});
