import type { ModuleDefinition } from '../types.js';
import { service } from './service.js';
import { service_facts } from './service_facts.js';
import { systemd, systemd_service } from './systemd_service.js';

/** The system modules, by short name. */
export const SYSTEM_MODULES: Readonly<Record<string, ModuleDefinition>> = { service, service_facts, systemd, systemd_service };
