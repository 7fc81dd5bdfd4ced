import type { ModuleDefinition } from '../types.js';
import { git } from './git.js';

/** The source-control modules, by short name. */
export const SCM_MODULES: Readonly<Record<string, ModuleDefinition>> = { git };
