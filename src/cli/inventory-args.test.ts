import { describe, expect, it } from 'vitest';
import { parseInventoryArgs } from './inventory-args.js';

function run(argv: string[]) {
  const r = parseInventoryArgs(argv);
  if (r.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(r)}`);
  return r.args;
}

describe('parseInventoryArgs', () => {
  it('keeps -i and --inventory-file sources in command-line order', () => {
    expect(run(['-i', 'a', '--inventory-file=b', '--inventory', 'c', '-id', '--list']).inventory).toEqual(['a', 'b', 'c', 'd']);
  });

  it('counts grouped and repeated -v', () => {
    expect(run(['-vvv', '-v', '--list']).verbosity).toBe(4);
  });

  it('reads the graph group as a positional and the last --limit', () => {
    const a = run(['--graph', 'web', '--vars', '-l', 'x', '--limit', 'y']);
    expect(a).toMatchObject({ graph: true, vars: true, positionals: ['web'], limit: 'y' });
  });

  it('merges both spellings of the vault password file and keeps every -e', () => {
    const a = run(['--vault-pass-file', 'p1', '--vault-password-file=p2', '-e', 'a=1', '--extra-vars', '@f.yml', '--list']);
    expect(a.vaultPasswordFiles).toEqual(['p1', 'p2']);
    expect(a.extraVars).toEqual(['a=1', '@f.yml']);
  });

  it("words errors as ansible-inventory's argparse does", () => {
    expect(parseInventoryArgs(['--foo', '--list'])).toEqual({ kind: 'usage', message: 'unrecognized arguments: --foo' });
    expect(parseInventoryArgs(['--list', '--host'])).toEqual({ kind: 'usage', message: 'argument --host: expected one argument' });
    expect(parseInventoryArgs(['--list', '-i'])).toEqual({ kind: 'usage', message: 'argument -i/--inventory: expected one argument' });
    expect(parseInventoryArgs(['--ask-vault-pass', '--vault-pass-file', 'p', '--list'])).toMatchObject({ kind: 'usage', message: expect.stringContaining('not allowed with argument') });
    expect(parseInventoryArgs(['-h'])).toEqual({ kind: 'help' });
  });
});
