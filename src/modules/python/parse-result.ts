/*
 * A module's stdout to a result, as ActionBase._parse_returned_data does: the JSON object
 * between the first line starting with `{` and the last line ending with `}` (anything around
 * it becomes a warning), or a MODULE FAILURE result carrying stdout, stderr and rc.
 */
import type { ModuleResult } from '../types.js';

function filterNonJsonLines(stdout: string): { json: string; warnings: string[] } | undefined {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith('{'));
  if (start < 0) return undefined;
  let end = -1;
  for (let i = lines.length - 1; i >= start; i--) {
    if (lines[i]!.trim().endsWith('}')) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const warnings: string[] = [];
  const trailing = lines.slice(end + 1).join('\n');
  if (trailing.trim() !== '') warnings.push(`Module invocation had junk after the JSON data: ${trailing}`);
  return { json: lines.slice(start, end + 1).join('\n'), warnings };
}

/** Keys a module may not set on its result (ActionBase._remove_internal_keys). */
function removeInternalKeys(data: ModuleResult): void {
  for (const key of Object.keys(data)) {
    if (key.startsWith('_ansible_') && key !== '_ansible_parsed' && key !== '_ansible_no_log') delete data[key];
  }
  const facts = data['ansible_facts'];
  if (facts && typeof facts === 'object') {
    for (const key of Object.keys(facts)) if (key.startsWith('_ansible_')) delete (facts as Record<string, unknown>)[key];
  }
}

export function parseModuleOutput(stdout: string, stderr: string, rc: number | null, interpreter: string | undefined): ModuleResult {
  const found = filterNonJsonLines(stdout);
  if (found) {
    try {
      const data = JSON.parse(found.json) as unknown;
      if (data && typeof data === 'object' && !Array.isArray(data)) {
        const result = data as ModuleResult;
        removeInternalKeys(result);
        if (found.warnings.length) result['warnings'] = [...(Array.isArray(result['warnings']) ? (result['warnings'] as unknown[]) : []), ...found.warnings];
        result['_ansible_parsed'] = true;
        return result;
      }
    } catch {
      // falls through to MODULE FAILURE
    }
  }
  const result: ModuleResult = { failed: true, _ansible_parsed: false, module_stdout: stdout, module_stderr: stderr };
  if (stderr.startsWith('Traceback')) result['exception'] = stderr;
  else if (stdout.startsWith('Traceback')) result['exception'] = stdout;
  let msg = 'MODULE FAILURE';
  if (interpreter) {
    const escaped = interpreter.replace(/^[#!]+/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const missing = new RegExp(`${escaped}: (?:No such file or directory|not found)`);
    if (missing.test(stderr) || missing.test(stdout)) msg = 'The module failed to execute correctly, you probably need to set the interpreter.';
  }
  result.msg = `${msg}\nSee stdout/stderr for the exact error`;
  result['rc'] = rc;
  return result;
}
