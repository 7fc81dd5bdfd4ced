/*
 * A module kplay does not implement, run the way Ansible runs it: found on the controller
 * (resolve.ts), sent to the host with what it imports (payload.ts) in one command, run by the
 * host's Python with the arguments as JSON, its JSON result parsed (parse-result.ts).
 */
import { basename } from 'node:path';
import { shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../types.js';
import { controllerAnsibleVersion } from './controller-paths.js';
import type { ModuleFinder } from './module-finder.js';
import { parseModuleOutput } from './parse-result.js';
import { pythonJsonDumps } from './python-json.js';
import { buildPayload, isPythonShebang, type ModulePayload } from './payload.js';
import { DISCOVERY_ORDER, pythonCommand, pythonStdin, splitInterpreter } from './remote-command.js';
import type { ResolvedModule } from './resolve.js';

export interface ForeignModuleRequest {
  /** The action as the task wrote it. */
  readonly name: string;
  /** The run's module search (library/ dirs added so far, collections, configured paths). */
  readonly finder: ModuleFinder;
  /** The `collections:` keyword in force for the task. */
  readonly collections: readonly string[];
}

export interface ForeignModule {
  /** The module to run; `noLog` (the task's no_log) reaches it as `_ansible_no_log`. */
  definition(noLog: boolean): ModuleDefinition;
  /** What -vvv reports: the file the module came from. */
  readonly source: string;
}

/** Ansible's PASS_VARS for every module: the run's modes as `_ansible_*` arguments. */
function internalArgs(ctx: ModuleContext, name: string, noLog: boolean): Record<string, unknown> {
  return {
    _ansible_check_mode: ctx.checkMode,
    _ansible_no_log: noLog,
    _ansible_debug: false,
    _ansible_diff: ctx.diff,
    _ansible_verbosity: ctx.verbosity,
    _ansible_version: controllerAnsibleVersion(),
    _ansible_module_name: name,
    _ansible_syslog_facility: 'LOG_USER',
    _ansible_selinux_special_fs: ['fuse', 'nfs', 'vboxsf', 'ramfs', '9p', 'vfat'],
    _ansible_string_conversion_action: 'warn',
    _ansible_socket: null,
    _ansible_shell_executable: '/bin/sh',
    _ansible_keep_remote_files: false,
    _ansible_remote_tmp: '~/.ansible/tmp',
  };
}

function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The interpreter set for the host, or undefined to discover one as Ansible's `auto` does. */
function configuredInterpreter(ctx: ModuleContext): { path: string | undefined; discovered: boolean } {
  const set = ctx.template(ctx.lookupVar('ansible_python_interpreter'));
  if (typeof set === 'string' && set !== '' && !set.startsWith('auto')) return { path: set, discovered: false };
  const facts = ctx.lookupVar('ansible_facts') as Record<string, unknown> | undefined;
  const known = facts?.['discovered_interpreter_python'] ?? ctx.lookupVar('discovered_interpreter_python');
  return typeof known === 'string' && known !== '' ? { path: known, discovered: false } : { path: undefined, discovered: true };
}

function noPythonFailure(mod: ResolvedModule, written: string, host: string, looked: string): ModuleResult {
  return {
    failed: true,
    // rc as Ansible reports the shell's "not found" for a missing interpreter.
    rc: 127,
    msg:
      `The module '${written}' (${mod.file}) needs Python on host '${host}', which has none (looked for ${looked}). ` +
      `kplay has no native implementation of '${written}': install Python on the host or set ansible_python_interpreter.`,
  };
}

async function runWithPython(mod: ResolvedModule, payload: ModulePayload, req: ForeignModuleRequest, args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const { path, discovered } = configuredInterpreter(ctx);
  const remoteTmp = '~/.ansible/tmp';
  const stdin =
    payload.style === 'new'
      ? pythonStdin({ style: 'new', module: mod.pythonName, remoteTmp, args }, payload.data)
      : pythonStdin({ style: 'old', fileName: payload.fileName, remoteTmp, args, argsText: argsText(payload, args) }, payload.data);
  const conn = await ctx.connection();
  const r = await conn.exec(pythonCommand(path), { stdin });
  const { interpreter, noPython, stderr } = splitInterpreter(r.stderr);
  if (noPython) return noPythonFailure(mod, req.name, ctx.hostName, path ?? DISCOVERY_ORDER.join(', '));
  const result = parseModuleOutput(r.stdout, stderr, r.code, interpreter);
  if (discovered && interpreter) {
    const facts = result['ansible_facts'] && typeof result['ansible_facts'] === 'object' ? (result['ansible_facts'] as Record<string, unknown>) : {};
    result['ansible_facts'] = { ...facts, discovered_interpreter_python: interpreter };
  }
  return result;
}

function argsText(payload: ModulePayload, args: Record<string, unknown>): string {
  if (payload.style === 'old') return Object.entries(args).map(([k, v]) => `${k}=${shellQuote(pyStr(v))} `).join('');
  return pythonJsonDumps(args);
}

/**
 * Binary modules and scripts for other interpreters, in one command: stdin carries the
 * arguments (one base64 line, read first) and then the module's bytes as they are; the host
 * writes both into a private temp dir and runs `module argsfile` (Ansible's contract for them).
 */
async function runDirect(payload: ModulePayload, args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const conn = await ctx.connection();
  const name = payload.fileName.replace(/[^\w.-]/g, '_') || 'module';
  let runner = '"$d"/' + shellQuote(name);
  const words = payload.shebang?.split(/\s+/) ?? [];
  const prog = basename((words[0] === '/usr/bin/env' ? words[1] : words[0]) ?? '');
  const override = prog ? ctx.template(ctx.lookupVar(`ansible_${prog}_interpreter`)) : undefined;
  if (typeof override === 'string' && override !== '') runner = `${shellQuote(override)} ${runner}`;
  const argsLine = Buffer.from(payload.style === 'old' ? argsText(payload, args) : pythonJsonDumps(args)).toString('base64');
  const command =
    'umask 077 && d=$(mktemp -d "${TMPDIR:-/tmp}/.kplay-module-XXXXXXXX") && IFS= read -r a && printf %s "$a" | base64 -d > "$d/args" && ' +
    `cat > "$d"/${shellQuote(name)} && chmod 700 "$d"/${shellQuote(name)} && ${runner} "$d/args"; kplay_rc=$?; rm -rf "$d"; exit $kplay_rc`;
  const r = await conn.exec(command, { stdin: Buffer.concat([Buffer.from(argsLine + '\n'), payload.data]) });
  return parseModuleOutput(r.stdout, r.stderr, r.code, payload.shebang);
}

/**
 * The module Ansible would run for this task, as a kplay module definition; undefined when
 * Ansible would find none either.
 */
export function foreignModule(req: ForeignModuleRequest): ForeignModule | undefined {
  const lookup = req.finder.lookup(req.name, req.collections);
  if (lookup.kind === 'refused') {
    const msg = lookup.message;
    return { source: msg, definition: () => ({ name: req.name, spec: { options: {}, openArgs: true }, run: () => Promise.resolve({ failed: true, msg }) }) };
  }
  if (lookup.kind === 'none') return undefined;
  const collectionRoots = req.finder.collectionRoots;
  const mod = lookup.module;
  const found = mod;
  const definition = (noLog: boolean): ModuleDefinition => ({
    name: req.name,
    spec: { options: {}, openArgs: true },
    async run(userArgs, ctx) {
      const payload = found.actionOnly ? undefined : buildPayload(found, collectionRoots);
      if (!payload || (found.actionPlugin && payload.style === 'new' && !/\bAnsibleModule\b|\bdef main\b/.test(payload.source))) {
        // A documentation stub: the work is all in the controller-side action plugin.
        return { failed: true, msg: `'${req.name}' is an Ansible action plugin (${found.actionPlugin}) that runs on the controller; kplay has no native implementation of it.` };
      }
      const args = { ...userArgs, ...internalArgs(ctx, req.name, noLog) };
      const viaPython = payload.style === 'new' || ((payload.style === 'want_json' || payload.style === 'old') && (isPythonShebang(payload.shebang) || payload.shebang === undefined));
      const result = viaPython ? await runWithPython(found, payload, req, args, ctx) : await runDirect(payload, args, ctx);
      if (found.actionPlugin) {
        const note = `kplay ran the module ${found.file} without its controller-side action plugin (${found.actionPlugin}), which it does not implement`;
        result['warnings'] = [...(Array.isArray(result['warnings']) ? (result['warnings'] as unknown[]) : []), note];
      }
      return result;
    },
  });
  return { definition, source: found.file };
}
