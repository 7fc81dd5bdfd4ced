// Follows ansible.builtin.systemd_service (ansible-core 2.14 modules/systemd.py): the same probes, decisions and result keys.
import { shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { probe, run, type RunResult } from './remote.js';

export const systemdSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    name: { type: 'str', aliases: ['service', 'unit'] },
    state: { type: 'str', choices: ['reloaded', 'restarted', 'started', 'stopped'] },
    enabled: { type: 'bool' },
    force: { type: 'bool' },
    masked: { type: 'bool' },
    daemon_reload: { type: 'bool', default: false, aliases: ['daemon-reload'] },
    daemon_reexec: { type: 'bool', default: false, aliases: ['daemon-reexec'] },
    scope: { type: 'str', default: 'system', choices: ['system', 'user', 'global'] },
    no_block: { type: 'bool', default: false },
  },
  requiredOneOf: [['state', 'enabled', 'masked', 'daemon_reload', 'daemon_reexec']],
};

const VALID_ENABLED_STATES = new Set(['enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'masked', 'masked-runtime', 'static', 'indirect', 'disabled', 'generated', 'transient']);

/** `systemctl show` output as Ansible parses it: only Exec* values may span lines ({ … }). */
export function parseSystemctlShow(text: string): Record<string, string> {
  const parsed: Record<string, string> = {};
  let multival: string[] = [];
  let key: string | undefined;
  for (const line of text.split('\n')) {
    if (key === undefined) {
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const k = line.slice(0, eq);
      const v = line.slice(eq + 1);
      if (k.startsWith('Exec') && v.trimStart().startsWith('{') && !v.trimEnd().endsWith('}')) {
        key = k;
        multival.push(v);
        continue;
      }
      parsed[k] = v.trim();
    } else {
      multival.push(line);
      if (line.trimEnd().endsWith('}')) {
        parsed[key] = multival.join('\n').trim();
        multival = [];
        key = undefined;
      }
    }
  }
  return parsed;
}

const requestWasIgnored = (out: string): boolean => !out.includes('=') && (out.includes('ignoring request') || out.includes('ignoring command'));
const isRunning = (s: Record<string, string>): boolean => s['ActiveState'] === 'active' || s['ActiveState'] === 'activating';

class ModuleFailure extends Error {
  constructor(
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function systemctlCommand(args: Record<string, unknown>): string {
  let cmd = 'systemctl';
  if (args['scope'] !== 'system') cmd += ` --${String(args['scope'])}`;
  if (args['no_block'] === true) cmd += ' --no-block';
  if (args['force'] === true) cmd += ' --force';
  return `XDG_RUNTIME_DIR="\${XDG_RUNTIME_DIR:-/run/user/$(id -u)}" ${cmd}`;
}

async function manageUnit(args: Record<string, unknown>, ctx: ModuleContext, systemctl: string, unit: string, result: ModuleResult): Promise<void> {
  const u = shellQuote(unit);
  const initScript = unit.startsWith('/') ? unit : `/etc/init.d/${unit}`;
  const p = await probe(ctx, {
    show: `${systemctl} show ${u}`,
    isEnabled: `${systemctl} is-enabled ${u}`,
    isEnabledLines: `${systemctl} is-enabled ${u} -l`,
    initd: `test -e ${shellQuote(initScript)}`,
    sysvEnabled: `ls /etc/rc?.d/S??${shellQuote(unit)} 2>/dev/null | grep -q .`,
  });
  const isInitd = p.initd.rc === 0;
  let isSystemd = false;
  let status: Record<string, string> = {};
  if (p.show.rc === 0 && !(requestWasIgnored(p.show.out) || requestWasIgnored(p.show.err))) {
    if (p.show.out) {
      status = parseSystemctlShow(p.show.out);
      isSystemd = 'LoadState' in status && status['LoadState'] !== 'not-found';
      const isMasked = status['LoadState'] === 'masked';
      if (isSystemd && !isMasked && 'LoadError' in status) throw new ModuleFailure(`Error loading unit file '${unit}': ${status['LoadError']}`);
    }
  } else if (VALID_ENABLED_STATES.has(p.isEnabled.out.trim())) {
    isSystemd = true;
  } else {
    const list = await run(ctx, `${systemctl} list-unit-files ${u}`);
    if (list.rc === 0) isSystemd = true;
    else {
      const bare = await run(ctx, systemctl);
      if (bare.rc !== 0) throw new ModuleFailure(bare.err.trim() || `systemctl failed with rc ${bare.rc}`, { rc: bare.rc, stdout: bare.out, stderr: bare.err });
    }
  }
  result['status'] = status;
  const found = isSystemd || isInitd;
  const warnings: string[] = [];
  if (isInitd && !isSystemd) warnings.push(`The service (${unit}) is actually an init script but the system is managed by systemd`);
  const failIfMissing = (): void => {
    if (!found) throw new ModuleFailure(`Could not find the requested service ${unit}: host`);
  };
  const act = async (action: string): Promise<RunResult> => run(ctx, `${systemctl} ${action} ${u}`);

  if (args['masked'] !== null) {
    const masked = p.isEnabled.out.trim() === 'masked';
    if (masked !== args['masked']) {
      result.changed = true;
      if (!ctx.checkMode) {
        const r = await act(args['masked'] === true ? 'mask' : 'unmask');
        if (r.rc !== 0) failIfMissing();
      }
    }
  }

  if (args['enabled'] !== null) {
    const action = args['enabled'] === true ? 'enable' : 'disable';
    failIfMissing();
    // After a mask/unmask the enablement changed: look again, as Ansible runs is-enabled at this point.
    const probeLines = args['masked'] !== null && result.changed === true && !ctx.checkMode ? await act('is-enabled -l') : p.isEnabledLines;
    let enabled = false;
    if (probeLines.rc === 0) {
      const lines = probeLines.out.split(/\r?\n/).filter((l, i, a) => i < a.length - 1 || l !== '');
      enabled = !(lines.length === 1 && (lines[0] === 'indirect' || lines[0] === 'alias'));
    } else if (probeLines.rc === 1) {
      if (args['scope'] === 'system' && isInitd && !probeLines.out.trim().endsWith('disabled') && p.sysvEnabled.rc === 0) enabled = true;
    }
    result['enabled'] = enabled;
    if (enabled !== args['enabled']) {
      result.changed = true;
      if (!ctx.checkMode) {
        const r = await act(action);
        if (r.rc !== 0) throw new ModuleFailure(`Unable to ${action} service ${unit}: ${r.out}${r.err}`);
      }
      result['enabled'] = !enabled;
    }
  }

  if (args['state'] !== null) {
    failIfMissing();
    const state = String(args['state']);
    result['state'] = state;
    if ('ActiveState' in status) {
      let action: string | undefined;
      if (state === 'started') {
        if (!isRunning(status)) action = 'start';
      } else if (state === 'stopped') {
        if (isRunning(status) || status['ActiveState'] === 'deactivating') action = 'stop';
      } else {
        action = isRunning(status) ? state.slice(0, -2) : 'start';
        result['state'] = 'started';
      }
      if (action) {
        result.changed = true;
        if (!ctx.checkMode) {
          const r = await act(action);
          if (r.rc !== 0) throw new ModuleFailure(`Unable to ${action} service ${unit}: ${r.err}`);
        }
      }
    } else {
      throw new ModuleFailure('Service is in unknown state', { status });
    }
  }
  if (warnings.length) result['warnings'] = warnings;
}

export async function runSystemd(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const unit = args['name'] as string | null;
  for (const opt of ['state', 'enabled', 'masked']) {
    if (args[opt] !== null && !unit) return { failed: true, changed: false, msg: `missing parameter(s) required by '${opt}': name` };
  }
  if (unit) {
    for (const glob of ['*', '?', '[']) {
      if (unit.includes(glob)) return { failed: true, changed: false, msg: `This module does not currently support using glob patterns, found '${glob}' in service name: ${unit}` };
    }
  }
  const systemctl = systemctlCommand(args);
  const result: ModuleResult = { name: unit, changed: false, status: {} };
  try {
    for (const [opt, verb] of [['daemon_reload', 'daemon-reload'], ['daemon_reexec', 'daemon-reexec']] as const) {
      if (args[opt] === true && !ctx.checkMode) {
        const r = await run(ctx, `${systemctl} ${verb}`);
        if (r.rc !== 0) throw new ModuleFailure(`failure ${r.rc} during ${verb}: ${r.err}`);
      }
    }
    if (unit) await manageUnit(args, ctx, systemctl, unit, result);
  } catch (e) {
    if (e instanceof ModuleFailure) return { failed: true, msg: e.message, ...e.extra };
    throw e;
  }
  return result;
}

export const systemd_service: ModuleDefinition = { name: 'systemd_service', spec: systemdSpec, run: runSystemd };
export const systemd: ModuleDefinition = { name: 'systemd', spec: systemdSpec, run: runSystemd };
