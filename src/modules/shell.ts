// Follows ansible.builtin.shell: the command module with _uses_shell.
import { commandSpec, runCommand } from './command.js';
import type { ModuleDefinition } from './types.js';

export const shell: ModuleDefinition = {
  name: 'shell',
  spec: commandSpec,
  run: (args, ctx) => runCommand({ ...args, _uses_shell: true }, ctx),
};
