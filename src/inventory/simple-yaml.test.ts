import { describe, expect, it } from 'vitest';
import { parseYaml, positionOf } from '../yaml/load.js';
import { iniValue, literalEval } from './py-literal.js';
import { parseSimpleYaml, simplePositionOf } from './simple-yaml.js';

/** Read by the fast path, and exactly as the full YAML 1.1 loader reads them. */
const SIMPLE = [
  'a: 1\nb: two\nc: 1.5\nd: true\ne: off\nf: ~\ng: null\n',
  '---\n# comment\nip: 10.0.0.1\nversion: 1.2.3\npath: /usr/bin/python3\n\nquoted: "x y"\nsingle: \'it\'\'s\'\n',
  'list: [a, b, 1, 2.5, yes, "q", \'s\']\nmap: {k: v, num: 3, nested: {x: [1, {yy: z}]}}\nempty: []\nnone: {}\n',
  'plus: +5\nfloat_dot: 1.\nleading_dot: .5\nname.with.dots: v\nurl: "http://x:80/"\nunicode: héllo\nspaces: a b c\n',
  'dup: 1\ndup: 2\nkey_with-dash: x\nconstructor: c\ntoString: t\n',
  'neg: -5\nnames: [node00001, nested, yak, e1]\nzero: 0\n',
  'nested:\n  a: 1\n',
  'key_only:\n',
  'web:\n  hosts:\n    web1.example.com:\n    web2.example.com:\n      port: 22\n  # note\n  vars:\n    sysctl:\n      vm.swappiness: 5\n    x: [1, 2]\ndb:\n  children:\n    web:\nlast:\n',
  'a:\n  b:\n    c: 1\n  d: 2\ne: 3\n',
];

/** Left to the full loader (the fast path answers undefined). */
const NOT_SIMPLE = [
  'a: &x 1\nb: *x\n',
  'v: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n',
  'octal: 0644\n',
  'y: n\n',
  'big: 1_000\n',
  'date: 2001-12-14\n',
  'sexagesimal: 1:30\n',
  'exp: 1e3\n',
  'inf: .inf\n',
  'comment: value # trailing\n',
  'block: |\n  text\n',
  'list:\n  - a\n',
  'on: 1\n',
  'leading_dot_exp: .5e+3\n',
  'octal_in_flow: [0755]\n',
  'esc: "a\\tb"\n',
  'multi: "open\n  close"\n',
  '__proto__: x\n',
  'flow: {__proto__: x}\n',
  'cont: a\n  b\n',
  'a:\n    b: 1\n  c: 2\n',
  ' indented: 1\n',
  'a:\n  - x\n',
  'a:\n  b:\n  - x\n',
  'a:\n\tb: 1\n',
  'a:\n  b: 1\n   c: 2\n',
  'a:   \n  b: 1\n',
  '[1, 2]\n',
  '{"json": true}\n',
  '',
  'trailing: space \n',
];

describe('parseSimpleYaml', () => {
  it.each(SIMPLE)('reads %j as the YAML loader does', (text) => {
    const fast = parseSimpleYaml(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(parseYaml(text, 'x.yml'));
  });

  it('records key positions as the full loader does', () => {
    const text = '# top\nweb:\n  hosts:\n    h1:\n    h2:\n      port: 22\n  vars:\n    x: 1\n';
    const fast = parseSimpleYaml(text) as Record<string, Record<string, Record<string, unknown>>>;
    const full = parseYaml(text, 'x.yml') as typeof fast;
    const pairs: Array<[unknown, unknown, string]> = [
      [fast, full, 'web'],
      [fast['web'], full['web'], 'hosts'],
      [fast['web'], full['web'], 'vars'],
      [fast['web']!['hosts'], full['web']!['hosts'], 'h2'],
      [fast['web']!['hosts']!['h2'], full['web']!['hosts']!['h2'], 'port'],
    ];
    for (const [f, l, key] of pairs) {
      const { line, column } = positionOf(l, key)!;
      expect(simplePositionOf(f, key)).toEqual({ line, column });
    }
  });

  it.each(NOT_SIMPLE)('leaves %j to the YAML loader', (text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });
});

describe('INI values decided without the tokenizer', () => {
  it.each(['5', '0', '123456789012345', 'deploy', 'True', 'False', 'None', 'if', '10.0.0.1', '1.2.3', '/usr/bin/python3', '/a b', 'SN-000001', 'SN-000123', 'web-01', 'a.b.c', 'f(1)', 'x if y else z', 'a, [1]', 'True-1', 'None.x', 'rb\'x\'', 'u"x"', 'not 1'])('%j as literal_eval decides', (text) => {
    const r = literalEval(text);
    expect(iniValue(text)).toEqual(r.ok ? r.value : text);
  });
});
