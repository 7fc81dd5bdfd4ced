/**
 * INI values against Ansible's own INI plugin `_parse_value` (ast.literal_eval): the same
 * text gives the same value, or both keep the text.
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { iniValue, PyLiteralTypeError } from '../../src/inventory/py-literal.js';
import { shlexSplit } from '../../src/inventory/shlex.js';

// Not in the table, known to differ: `'\N{NAME}'` escapes (kplay has no Unicode name table,
// keeps the text) and tuple dict keys (Ansible cannot even print those as JSON).
const VALUES = [
  '5', '-5', '+5', '- 5', '--5', '-(5)', '-(-5)', '0', '00', '010', '09', '0x1F', '0o17', '0b101', '1_000', '1__0', '1_',
  '1.5', '.5', '5.', '1e3', '1E-2', '5.e3', '1_0.5_0', '010.5', '1e400', '1j', '1+2j', '1+2', '5a', '1.5.3',
  'true', 'True', 'False', 'None', 'none', 'yes', 'on', 'null',
  "'single'", '"double"', "u'uni'", "b'bytes'", "r'raw\\n'", "'esc\\n\\t\\x41\\u00e9\\101'", "'unknown\\q'", "'a' 'b'", "'a' b'b'",
  "f'x'", "'''triple'''", "'unterminated", '"it\'s"',
  '[1,2]', '[1, 2,]', '[]', '()', '(1,)', '(1)', '1, 2', '1,', '{}', "{'a': 1, 'b': [2, 3]}", '{1: 2, 2.5: 3, True: 4, None: 5}',
  "{'a': 1, 'a': 2}", '{1, 2, 2}', 'set()', '{[1]: 2}', '[1, [2, (3, 4)]]', "{'nested': {'x': None}}",
  '5 # comment', '  5', '5  ', '\t5', 'a value', 'hello', '{x:1}', '[1,2', 'abc=def', '', ' ', '#', '1 if 1 else 2', 'len([])',
  "'''a\nb'''", '[1,\n2]', '"\\""', "'\\\\'",
];

function ansibleParseValues(values: string[]): Promise<unknown[]> {
  const script = `
import json, sys
from ansible.plugins.inventory.ini import InventoryModule
from ansible.parsing.ajson import AnsibleJSONEncoder
out = []
for v in json.load(sys.stdin):
    try:
        r = InventoryModule._parse_value(v)
        if isinstance(r, (complex, set)) or r is Ellipsis:
            out.append({"unsupported": True})
        elif isinstance(r, float) and r in (float('inf'), float('-inf')):
            out.append({"inf": r > 0})
        else:
            out.append({"value": json.loads(json.dumps(r, cls=AnsibleJSONEncoder))})
    except Exception as e:
        out.append({"error": type(e).__name__})
print(json.dumps(out))
`;
  return new Promise((resolve, reject) => {
    const child = execFile('/usr/bin/python3', ['-c', script], (err, stdout, stderr) => {
      if (err) return reject(new Error(stderr));
      try {
        resolve(JSON.parse(stdout) as unknown[]);
      } catch (e) {
        reject(e as Error);
      }
    });
    child.stdin?.end(JSON.stringify(values));
  });
}

describe('INI values read as Python literals, as Ansible reads them', () => {
  it('matches InventoryModule._parse_value for each value', async () => {
    const theirs = await ansibleParseValues(VALUES);
    const mine = VALUES.map((v) => {
      try {
        const value = iniValue(v);
        if (value === Infinity || value === -Infinity) return { inf: value > 0 };
        return { value: JSON.parse(JSON.stringify(value) ?? 'null') };
      } catch (e) {
        return { error: e instanceof PyLiteralTypeError ? 'TypeError' : String(e) };
      }
    });
    const table = VALUES.map((v, i) => ({ input: v, theirs: theirs[i], mine: mine[i] })).filter((r) => !(r.theirs as { unsupported?: boolean }).unsupported);
    expect(table.map((r) => ({ input: r.input, value: r.mine }))).toEqual(table.map((r) => ({ input: r.input, value: r.theirs })));
  });
});

describe('host lines split as shlex.split(comments=True) does', () => {
  const LINES = [
    'h a=1#c b=2',
    'h a="x\\y" b=\\q',
    'h a="" b=\'\'',
    'h "quoted host" a=1',
    'h a=1 #comment',
    'h a="#not" b=\'#nor\'',
    'h dq="say \\"hi\\"" sq=\'it\'\'s\'',
    'h port_esc=a\\ b',
    'h\ta=1\t\tb=2',
    "h mixed=a'b c'd",
  ];
  it('matches Python for each line', async () => {
    const theirs = await new Promise<unknown>((resolve, reject) => {
      const child = execFile(
        '/usr/bin/python3',
        ['-c', 'import json,sys,shlex; print(json.dumps([shlex.split(l, comments=True) for l in json.load(sys.stdin)]))'],
        (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(JSON.parse(stdout))),
      );
      child.stdin?.end(JSON.stringify(LINES));
    });
    expect(LINES.map((l) => shlexSplit(l, true))).toEqual(theirs);
  });
});
