import type { ModuleDefinition } from '../types.js';
import { find } from './find.js';
import { pause } from './pause.js';
import { tempfile } from './tempfile.js';
import { wait_for } from './wait_for.js';

/** The text modules, by short name. */
export const TEXT_MODULES: Readonly<Record<string, ModuleDefinition>> = { find, pause, tempfile, wait_for };
