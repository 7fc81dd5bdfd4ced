/**
 * npx tsx test/compat/cli.ts record CASE   — ansible-playbook alone: its output, exit code, parsed results
 * npx tsx test/compat/cli.ts diff CASE     — both tools, and how kplay differs
 * npx tsx test/compat/cli.ts kplay CASE    — kplay alone
 */
import { join } from 'node:path';
import { compareRuns } from './compare.js';
import { CASES_DIR, diffMode, loadCase, runTool } from './run-case.js';

async function main(): Promise<number> {
  const [mode, name] = process.argv.slice(2);
  if (!mode || !name || !['record', 'diff', 'kplay'].includes(mode)) {
    process.stderr.write('usage: cli.ts record|diff|kplay CASE\n');
    return 2;
  }
  const dir = join(CASES_DIR, name);
  const spec = loadCase(dir);
  if (mode === 'record' || mode === 'kplay') {
    const r = await runTool(mode === 'record' ? 'ansible' : 'kplay', dir, spec);
    process.stdout.write(`${r.stdout}\n--- stderr\n${r.stderr}\n--- exit code ${r.code}\n--- parsed\n${JSON.stringify(r.parsed, null, 2)}\n--- files\n${JSON.stringify(r.files, null, 2)}\n`);
    return 0;
  }
  const [a, k] = await Promise.all([runTool('ansible', dir, spec), runTool('kplay', dir, spec)]);
  const diffs = compareRuns(a, k, { stdout: spec.stdout === true, diff: diffMode(spec) });
  if (diffs.length === 0) process.stdout.write(`${name}: same results (exit ${a.code})\n`);
  else process.stdout.write(`${name}: ${diffs.length} difference(s)\n${diffs.join('\n')}\n\n=== ansible-playbook\n${a.stdout}${a.stderr}\n=== kplay\n${k.stdout}${k.stderr}\n`);
  return diffs.length === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
