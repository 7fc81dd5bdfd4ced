import type { BecomeSpec } from '../connection/become.js';
import { toBool } from '../modules/argspec.js';
import { inherited, type TaskNode } from '../playbook/model.js';
import { Secret } from '../secrets/secret.js';
import type { Vars } from './ports.js';
import type { RunContext } from './run-context.js';

function pick(vars: Vars, names: readonly string[]): unknown {
  for (const n of names) if (vars[n] !== undefined && vars[n] !== null) return vars[n];
  return undefined;
}

/** Whether and how the task escalates: task/block/play keywords, ansible_become* vars, then flags. */
export function becomeSpecFor(vars: Vars, task: TaskNode, ctx: RunContext): BecomeSpec | undefined {
  const t = (v: unknown): unknown => (v === undefined ? undefined : ctx.templar.template(v, vars));
  const raw = t(pick(vars, ['ansible_become'])) ?? t(inherited(task, 'become')) ?? ctx.settings.become;
  let on: boolean;
  try {
    on = toBool(raw);
  } catch {
    on = Boolean(raw);
  }
  if (!on) return undefined;
  const user = String(t(pick(vars, ['ansible_become_user'])) ?? t(inherited(task, 'become_user')) ?? ctx.settings.becomeUser);
  const method = String(t(pick(vars, ['ansible_become_method'])) ?? t(inherited(task, 'become_method')) ?? ctx.settings.becomeMethod);
  const pw = t(pick(vars, ['ansible_become_password', 'ansible_become_pass', `ansible_${method}_pass`, `ansible_${method}_password`]));
  const flags = t(pick(vars, ['ansible_become_flags'])) ?? t(inherited(task, 'become_flags'));
  return {
    method: method === 'su' ? 'su' : 'sudo',
    user,
    password: pw !== undefined && pw !== null && pw !== '' ? new Secret(String(pw)) : ctx.settings.becomePassword,
    flags: flags === undefined || flags === null ? undefined : String(flags),
  };
}
