/*
 * A module kplay does not implement, run the way Ansible runs it: found on the controller
 * (resolve.ts), sent to the host with what it imports (payload.ts) in one command, run by the
 * host's Python with the arguments as JSON, its JSON result parsed (parse-result.ts).
 */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../types.js';
import { controllerAnsibleVersion, searchPaths } from './controller-paths.js';
import { parseModuleOutput } from './parse-result.js';
import { buildPayload, isPythonShebang, type ModulePayload } from './payload.js';
import { DISCOVERY_ORDER, pythonCommand, pythonStdin, splitInterpreter } from './remote-command.js';
import { ModuleResolver, ModuleRoutingError, type ResolvedModule } from './resolve.js';

export interface ForeignModuleRequest {
  /** The action as the task wrote it. */
  readonly name: string;
  readonly taskFile: string;
  readonly roleDir: string | undefined;
  /** The other roles of the play: their library/ dirs are searched too. */
  readonly playRoleDirs?: readonly string[];
  readonly playbookDir: string;
  readonly configFile: string | undefined;
  /** The `collections:` keyword in force for the task. */
  readonly collections: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
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
  return JSON.stringify(args);
}

/** Binary modules and scripts for other interpreters: the file and its arguments file, then one command. */
async function runDirect(payload: ModulePayload, args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const conn = await ctx.connection();
  const tag = randomBytes(8).toString('hex');
  const modPath = `/tmp/.kplay-module-${tag}-${payload.fileName.replace(/[^\w.-]/g, '_')}`;
  const argsPath = `/tmp/.kplay-args-${tag}`;
  await conn.putFile(modPath, payload.data, 0o700);
  await conn.putFile(argsPath, Buffer.from(payload.style === 'old' ? argsText(payload, args) : JSON.stringify(args)), 0o600);
  let runner = shellQuote(modPath);
  const prog = payload.shebang ? basename(payload.shebang.split(/\s+/)[0] === '/usr/bin/env' ? (payload.shebang.split(/\s+/)[1] ?? '') : (payload.shebang.split(/\s+/)[0] ?? '')) : '';
  const override = prog ? ctx.template(ctx.lookupVar(`ansible_${prog}_interpreter`)) : undefined;
  if (typeof override === 'string' && override !== '') runner = `${shellQuote(override)} ${runner}`;
  const r = await conn.exec(`${runner} ${shellQuote(argsPath)}; kplay_rc=$?; rm -f ${shellQuote(modPath)} ${shellQuote(argsPath)}; exit $kplay_rc`);
  return parseModuleOutput(r.stdout, r.stderr, r.code, payload.shebang);
}

/**
 * The module Ansible would run for this task, as a kplay module definition; undefined when
 * Ansible would find none either.
 */
export function foreignModule(req: ForeignModuleRequest): ForeignModule | undefined {
  const paths = searchPaths(req.playbookDir, req.configFile, req.env ?? process.env);
  const roleDirs = [...(req.roleDir ? [req.roleDir] : []), ...(req.playRoleDirs ?? []).filter((d) => d !== req.roleDir)];
  const extraLibraryDirs = [...new Set([...roleDirs.map((d) => join(d, 'library')), join(req.playbookDir, 'library'), join(dirname(req.taskFile), 'library')])];
  let mod: ResolvedModule | undefined;
  let routingError: string | undefined;
  try {
    mod = new ModuleResolver({ name: req.name, extraLibraryDirs, libraryDirs: paths.libraryDirs, collectionRoots: paths.collectionRoots, collections: req.collections }).resolve();
  } catch (e) {
    if (!(e instanceof ModuleRoutingError)) throw e;
    routingError = e.message;
  }
  if (routingError !== undefined) {
    const msg = routingError;
    return { source: msg, definition: () => ({ name: req.name, spec: { options: {}, openArgs: true }, run: () => Promise.resolve({ failed: true, msg }) }) };
  }
  if (!mod) return undefined;
  const found = mod;
  const definition = (noLog: boolean): ModuleDefinition => ({
    name: req.name,
    spec: { options: {}, openArgs: true },
    async run(userArgs, ctx) {
      const payload = buildPayload(found, paths.collectionRoots);
      if (found.actionPlugin && payload.style === 'new' && !/\bAnsibleModule\b|\bdef main\b/.test(payload.source)) {
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
