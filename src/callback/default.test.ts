import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DefaultCallback } from './default.js';

function output(verbosity: number, run: (cb: DefaultCallback) => void): string {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  run(new DefaultCallback({ out, err: new PassThrough(), verbosity, checkMode: false }));
  return chunks.join('');
}

describe('DefaultCallback', () => {
  it('prints the PLAYBOOK banner from -vv on, as the default callback does', () => {
    expect(output(1, (cb) => cb.playbookStart('/x/site.yml'))).toBe('');
    expect(output(2, (cb) => cb.playbookStart('/x/site.yml'))).toBe(`\nPLAYBOOK: site.yml ${'*'.repeat(79 - 'PLAYBOOK: site.yml'.length)}\n`);
  });
});
