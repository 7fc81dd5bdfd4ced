import type { ModuleDefinition } from '../types.js';

/** The system modules, by short name. */
export const SYSTEM_MODULES: Readonly<Record<string, ModuleDefinition>> = {};
