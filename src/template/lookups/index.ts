/* Every lookup plugin by name (also as ansible.builtin.*, resolved by the lookup global). */
import type { LookupTable } from '../registry.js';
import { COMMAND_LOOKUPS } from './commands.js';
import { FILE_LOOKUPS } from './files.js';
import { LIST_LOOKUPS } from './lists.js';
import { SECRET_LOOKUPS } from './secrets.js';
import { SUBELEMENT_LOOKUPS } from './subelements.js';
import { VAR_LOOKUPS } from './vars.js';

export const LOOKUPS: LookupTable = { ...FILE_LOOKUPS, ...COMMAND_LOOKUPS, ...VAR_LOOKUPS, ...LIST_LOOKUPS, ...SUBELEMENT_LOOKUPS, ...SECRET_LOOKUPS };
