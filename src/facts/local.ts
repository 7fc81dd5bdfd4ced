/** Local facts (system/local.py): *.fact files under fact_path, JSON or INI, executable ones run. */
import type { Collect } from './context.js';
import type { Json, JsonObject } from './types.js';
import { fileContent } from './py.js';
import { IniError, parseIni } from './ini.js';

export const local: Collect = ({ raw, warn }) => {
  if (raw.get('local_path') !== '1') return { local: {} };
  const result: JsonObject = {};
  const names = new Set<string>();
  for (const key of [...raw.files.keys(), ...raw.cmds.keys()]) {
    const m = /^local(?:_broken)? (.*\.fact)$/.exec(key);
    if (m) names.add(m[1]!);
  }
  for (const fn of [...names].sort()) {
    const base = fn.slice(fn.lastIndexOf('/') + 1).replace(/\.fact/g, '');
    if (raw.files.has(`local_broken ${fn}`)) {
      const failed = `Could not stat fact (${fn}): [Errno 2] No such file or directory: '${fn}'`;
      result[base] = failed;
      warn(failed);
      continue;
    }
    let out: string;
    const run = raw.cmd(`local ${fn}`);
    if (run) {
      if (run.rc !== 0) {
        const failed = `Failure executing fact script (${fn}), rc: ${run.rc}, err: ${raw.file(`local_err ${fn}`) ?? ''}`;
        result[base] = failed;
        warn(failed);
        continue;
      }
      out = run.out;
    } else {
      out = fileContent(raw.file(`local ${fn}`)) ?? '';
    }
    result[base] = loadFact(fn, out, warn);
  }
  return { local: result };
};

function loadFact(fn: string, out: string, warn: (m: string) => void): Json {
  try {
    return JSON.parse(out) as Json;
  } catch {
    // not JSON: try INI
  }
  // An interpolation error escapes Ansible's handlers (it is raised inside `except ValueError:`)
  // and fails the whole local collector: parseIni lets it through the same way.
  try {
    return parseIni(out);
  } catch (e) {
    if (!(e instanceof IniError)) throw e;
    const fact = `error loading facts as JSON or ini - please check content: ${fn}`;
    warn(fact);
    return fact;
  }
}
