import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { VaultReader } from '../yaml/tags.js';
import { loadYamlFile } from '../yaml/load.js';
import { isMapping } from './load-task.js';

type Ds = Record<string, unknown>;

/**
 * Role._get_role_argspecs: meta/argument_specs.yml|.yaml (its `argument_specs:`), else the
 * `argument_specs:` of meta/main.yml.
 */
function roleArgSpecs(rolePath: string, meta: unknown, vault: VaultReader | undefined): Ds {
  for (const ext of ['', '.yml', '.yaml', '.json']) {
    const file = join(rolePath, 'meta', `argument_specs${ext}`);
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const data = loadYamlFile(file, vault);
    return isMapping(data) && isMapping(data['argument_specs']) ? data['argument_specs'] : {};
  }
  return isMapping(meta) && isMapping(meta['argument_specs']) ? meta['argument_specs'] : {};
}

/**
 * Role._prepend_validation_task: with an arg spec for the entry point (tasks_from, else
 * main), the role's first task is an ansible.builtin.validate_argument_spec of its params.
 */
export function validationTaskData(role: { name: string; path: string; params: Ds }, meta: unknown, entrypoint: string, vault: VaultReader | undefined): Ds | undefined {
  const spec = roleArgSpecs(role.path, meta, vault)[entrypoint];
  if (!isMapping(spec)) return undefined;
  const short = spec['short_description'];
  return {
    name: `Validating arguments against arg spec '${entrypoint}'${short !== undefined ? ` - ${String(short)}` : ''}`,
    action: {
      module: 'ansible.builtin.validate_argument_spec',
      argument_spec: isMapping(spec['options']) ? spec['options'] : {},
      provided_arguments: role.params,
      validate_args_context: { type: 'role', name: role.name, argument_spec_name: entrypoint, path: role.path },
    },
    tags: ['always'],
  };
}
