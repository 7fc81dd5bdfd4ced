/* Lookups that run a command on the controller: pipe, lines. */
import { spawnSync } from 'node:child_process';
import { PyError } from '../py/errors.js';
import type { EvalEnv, LookupTable } from '../registry.js';
import { text } from '../filters/support.js';

function run(env: EvalEnv, name: string, term: string): string {
  const cwd = env.searchPath()[0] ?? process.cwd();
  const r = spawnSync('/bin/sh', ['-c', term], { cwd, encoding: 'utf8', stdio: ['pipe', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new PyError('AnsibleError', `lookup_plugin.${name}(${term}) returned ${r.status ?? -1}`);
  return r.stdout;
}

export const COMMAND_LOOKUPS: LookupTable = {
  pipe: (env, terms) => terms.map((t) => run(env, 'pipe', text(t)).trimEnd()),
  lines: (env, terms) =>
    terms.flatMap((t) => {
      const out = run(env, 'lines', text(t));
      const lines = out.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
      if (lines[lines.length - 1] === '') lines.pop();
      return lines;
    }),
};
