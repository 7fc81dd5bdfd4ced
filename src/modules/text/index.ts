import type { ModuleDefinition } from '../types.js';

/** The text modules, by short name. */
export const TEXT_MODULES: Readonly<Record<string, ModuleDefinition>> = {};
