import { add_host } from './add_host.js';
import { assert } from './assert.js';
import { group_by } from './group_by.js';
import { include_vars } from './include_vars.js';
import { async_status } from './async_status.js';
import { command } from './command.js';
import { debug } from './debug.js';
import { fail } from './fail.js';
import { ping } from './ping.js';
import { raw } from './raw.js';
import { set_fact } from './set_fact.js';
import { setup } from './setup.js';
import { shell } from './shell.js';
import { validate_argument_spec } from './validate_argument_spec.js';
import type { ModuleDefinition } from './types.js';
import { FILES_MODULES } from './files/index.js';
import { PACKAGES_MODULES } from './packages/index.js';
import { SCM_MODULES } from './scm/index.js';
import { SYSTEM_MODULES } from './system/index.js';
import { TEXT_MODULES } from './text/index.js';

const CORE_MODULES = { add_host, group_by, include_vars, assert, async_status, command, debug, fail, ping, raw, set_fact, setup, shell, validate_argument_spec } satisfies Record<string, ModuleDefinition>;

/* Each group folder registers its own modules in its index.ts. */
const MODULES: Readonly<Record<string, ModuleDefinition>> = { ...CORE_MODULES, ...FILES_MODULES, ...TEXT_MODULES, ...PACKAGES_MODULES, ...SYSTEM_MODULES, ...SCM_MODULES };

export type ModuleName = string & { readonly __module: unique symbol };

/* Collections whose short names Ansible routes to the same module. */
const PREFIXES = ['ansible.builtin.', 'ansible.legacy.', 'ansible.posix.', 'community.general.', 'kubernetes.core.'];

/** `ansible.builtin.command` → `command`; undefined when kplay has no such module. */
export function resolveModuleName(name: string): ModuleName | undefined {
  let short = name;
  for (const p of PREFIXES) {
    if (name.startsWith(p)) {
      short = name.slice(p.length);
      break;
    }
  }
  if (short === 'gather_facts') short = 'setup';
  return Object.hasOwn(MODULES, short) ? (short as ModuleName) : undefined;
}

export function getModule(name: ModuleName): ModuleDefinition {
  return MODULES[name]!;
}

/** Modules whose free-form string keeps words that are not k=v (Ansible's RAW_PARAM_MODULES). */
const RAW_PARAM = new Set(['command', 'shell', 'raw', 'script', 'include', 'include_vars', 'include_tasks', 'include_role', 'import_tasks', 'import_role', 'add_host', 'group_by', 'set_fact', 'meta']);

export function takesRawParams(short: string): boolean {
  return RAW_PARAM.has(short);
}
