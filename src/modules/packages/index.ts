import type { ModuleDefinition } from '../types.js';
import { apt } from './apt.js';

/** The packages modules, by short name. */
export const PACKAGES_MODULES: Readonly<Record<string, ModuleDefinition>> = { apt };
