// Follows ansible.builtin.pause (ansible-core 2.14 plugins/action/pause.py): a controller-side wait.
import { createInterface } from 'node:readline';
import { ArgumentError } from '../argspec.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { pythonDatetime } from '../util/timing.js';

const spec: ModuleSpec = {
  supportsCheckMode: true,
  mutuallyExclusive: [['minutes', 'seconds']],
  options: {
    echo: { type: 'bool', default: true },
    minutes: { type: 'raw' },
    seconds: { type: 'raw' },
    prompt: { type: 'str' },
  },
};

/* The action validates with Python's int() as the type: floats truncate, '1.5' fails. */
function pyInt(name: string, v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new ArgumentError(`argument '${name}' is of type ${typeof v === 'string' ? "<class 'str'>" : "<class 'dict'>"} and we were unable to convert to int: invalid literal for int() with base 10: '${String(v)}'`);
}

/* Python's str(round(x, 2)) for the "Paused for …" line: always a float repr. */
function pyRound2(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Number.isInteger(r) ? r.toFixed(1) : String(r);
}

function readLine(): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
  });
}

async function run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  void ctx;
  let minutes: number | null;
  let secondsArg: number | null;
  try {
    minutes = pyInt('minutes', args['minutes']);
    secondsArg = pyInt('seconds', args['seconds']);
  } catch (e) {
    return { failed: true, msg: (e as Error).message };
  }
  const unit = minutes !== null ? 'minutes' : 'seconds';
  let seconds = minutes !== null ? minutes * 60 : secondsArg;
  const result: ModuleResult = { changed: false, rc: 0, stderr: '', stdout: '', start: null, stop: null, delta: null, echo: args['echo'], user_input: '' };
  const t0 = performance.now();
  const started = new Date();
  result['start'] = pythonDatetime(started);
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (seconds !== null) {
    if (seconds < 1) seconds = 1;
    process.stdout.write(`Pausing for ${seconds} seconds${args['echo'] === false ? ' (output is hidden)' : ''}\n(ctrl+C then 'C' = continue early, ctrl+C then 'A' = abort)\r\n`);
    await new Promise((r) => setTimeout(r, seconds! * 1000));
  } else if (interactive) {
    process.stdout.write(`[pause]\n${(args['prompt'] as string | null) ?? 'Press enter to continue, Ctrl+C to interrupt'}:`);
    result['user_input'] = await readLine();
  } else {
    result['warnings'] = ['Not waiting for response to prompt as stdin is not interactive'];
  }
  const elapsed = (performance.now() - t0) / 1000;
  result['stop'] = pythonDatetime(new Date(started.getTime() + elapsed * 1000));
  result['delta'] = Math.trunc(elapsed);
  result['stdout'] = `Paused for ${pyRound2(unit === 'minutes' ? elapsed / 60 : elapsed)} ${unit}`;
  return result;
}

export const pause: ModuleDefinition = { name: 'pause', spec, controllerOnly: true, noModuleLines: true, run };
