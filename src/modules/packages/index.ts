import type { ModuleDefinition } from '../types.js';

/** The packages modules, by short name. */
export const PACKAGES_MODULES: Readonly<Record<string, ModuleDefinition>> = {};
