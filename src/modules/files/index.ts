import type { ModuleDefinition } from '../types.js';
import { copy } from './copy.js';
import { fetch } from './fetch.js';
import { file } from './file.js';
import { slurp } from './slurp.js';
import { stat } from './stat.js';
import { template } from './template.js';

/** The files modules, by short name. */
export const FILES_MODULES: Readonly<Record<string, ModuleDefinition>> = { copy, fetch, file, slurp, stat, template };
