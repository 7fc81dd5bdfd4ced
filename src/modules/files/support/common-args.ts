import type { OptionSpec } from '../../types.js';

/** Ansible's add_file_common_args: the options every file-writing module takes. */
export const FILE_COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  mode: { type: 'raw' },
  owner: {},
  group: {},
  seuser: {},
  serole: {},
  selevel: {},
  setype: {},
  attributes: { aliases: ['attr'] },
  unsafe_writes: { type: 'bool', default: false },
};
