// Follows ansible.posix.sysctl (1.5.x, Linux paths): the file is rewritten as the module does, `sysctl -w` / `sysctl -p` as it calls them.
import { shellJoin, shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { probe, readText, run, writeText } from './remote.js';

export const sysctlSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    name: { type: 'str', required: true, aliases: ['key'] },
    value: { type: 'str', aliases: ['val'] },
    state: { type: 'str', default: 'present', choices: ['present', 'absent'] },
    reload: { type: 'bool', default: true },
    sysctl_set: { type: 'bool', default: false },
    ignoreerrors: { type: 'bool', default: false },
    sysctl_file: { type: 'path', default: '/etc/sysctl.conf' },
  },
};

const TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/** The module's _parse_value: booleans become 1/0, anything else is stripped. */
export function parseSysctlValue(v: string | null): string {
  if (v === null) return '';
  if (TRUE.has(v.toLowerCase())) return '1';
  if (FALSE.has(v.toLowerCase())) return '0';
  return v.trim();
}

const valuesEqual = (a: string | undefined, b: string): boolean => {
  if (a === undefined) return false;
  const x = a.split(/\s+/).filter(Boolean);
  const y = b.split(/\s+/).filter(Boolean);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

const stderrFailed = (err: string): boolean => /^sysctl: setting key "[^"]+": (Invalid argument|Read-only file system)$/m.test(err);

export interface SysctlFile {
  /** The file's lines, stripped, as the module keeps them. */
  readonly lines: string[];
  /** Last value of each key. */
  readonly values: Map<string, string>;
}

export function readSysctlFile(text: string | undefined): SysctlFile {
  const lines: string[] = [];
  const values = new Map<string, string>();
  for (const raw of text === undefined ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? [])) {
    const line = raw.trim();
    lines.push(line);
    if (!line || line.startsWith('#') || line.startsWith(';') || !line.includes('=')) continue;
    const eq = line.indexOf('=');
    values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return { lines, values };
}

/** fix_lines + write_sysctl: one line per key (first occurrence), the key set or dropped. */
export function rewriteSysctlFile(file: SysctlFile, name: string, value: string, present: boolean): string {
  const checked = new Set<string>();
  const out: string[] = [];
  for (const line of file.lines) {
    if (!line.trim() || line.trim().startsWith('#') || line.trim().startsWith(';') || !line.includes('=')) {
      out.push(line);
      continue;
    }
    const eq = line.indexOf('=');
    const k = line.slice(0, eq).trim();
    const v = line.slice(eq + 1).trim();
    if (checked.has(k)) continue;
    checked.add(k);
    if (k === name) {
      if (present) out.push(`${k}=${value}`);
    } else out.push(`${k}=${v}`);
  }
  if (!checked.has(name) && present) out.push(`${name}=${value}`);
  return out.map((l) => `${l.trim()}\n`).join('');
}

async function apply(ctx: ModuleContext, args: Record<string, unknown>, name: string, value: string): Promise<ModuleResult> {
  const file = String(args['sysctl_file']);
  const present = args['state'] === 'present';
  const p = await probe(ctx, { proc: `sysctl -e -n ${shellQuote(name)}`, isFile: `test -f ${shellQuote(file)}` });
  const procValue = p.proc.rc === 0 ? p.proc.out : undefined;
  const content = p.isFile.rc === 0 ? readSysctlFile(await readText(ctx, file)) : readSysctlFile(undefined);
  const fileValue = content.values.get(name);

  let changed = false;
  let writeFile = false;
  let setProc = false;
  if (fileValue === undefined && present) changed = writeFile = true;
  else if (fileValue === undefined && !present) changed = false;
  else if (fileValue && !present) changed = writeFile = true;
  else if (fileValue !== value) changed = writeFile = true;
  else if (args['reload'] === true && !valuesEqual(procValue, value)) changed = true;

  if (args['sysctl_set'] === true && present) {
    if (procValue === undefined) changed = true;
    else if (!valuesEqual(procValue, value)) changed = setProc = true;
  }
  if (ctx.checkMode) return { changed };

  const ignore = args['ignoreerrors'] === true;
  if (setProc) {
    const v = value.split(/\s+/).filter(Boolean).length > 0 ? `"${value}"` : value;
    // The module passes one string to run_command, which shlex-splits it: quotes group the words.
    const r = await run(ctx, `sysctl ${ignore ? '-e ' : ''}-w ${shellQuote(`${name}=${v.replace(/^"|"$/g, '')}`)}`);
    if (r.rc !== 0 || stderrFailed(r.err)) return { failed: true, msg: `setting ${name} failed: ${r.out}${r.err}` };
  }
  if (writeFile) await writeText(ctx, file, rewriteSysctlFile(content, name, value, present));
  if (changed && args['reload'] === true) {
    const r = await run(ctx, shellJoin(['sysctl', ...(ignore ? ['-e'] : []), '-p', file]));
    if (r.rc !== 0 || stderrFailed(r.err)) return { failed: true, msg: `Failed to reload sysctl: ${r.out}${r.err}` };
  }
  return { changed };
}

export const sysctl: ModuleDefinition = {
  name: 'sysctl',
  spec: sysctlSpec,
  async run(args, ctx): Promise<ModuleResult> {
    const present = args['state'] === 'present';
    if (present && args['value'] === null) return { failed: true, changed: false, msg: 'state is present but all of the following are missing: value' };
    const name = String(args['name']).trim();
    if (name === '') return { failed: true, changed: false, msg: 'name cannot be blank' };
    const value = parseSysctlValue(args['value'] as string | null);
    if (present && args['value'] === '') return { failed: true, changed: false, msg: 'value cannot be blank' };
    return apply(ctx, args, name, value);
  },
};
