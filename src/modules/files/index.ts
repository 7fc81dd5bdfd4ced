import type { ModuleDefinition } from '../types.js';

/** The files modules, by short name. */
export const FILES_MODULES: Readonly<Record<string, ModuleDefinition>> = {};
