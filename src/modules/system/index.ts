import type { ModuleDefinition } from '../types.js';
import { group } from './group.js';
import { hostname } from './hostname.js';
import { modprobe } from './modprobe.js';
import { mount } from './mount.js';
import { service } from './service.js';
import { service_facts } from './service_facts.js';
import { sysctl } from './sysctl.js';
import { systemd, systemd_service } from './systemd_service.js';
import { user } from './user.js';

/** The system modules, by short name. */
export const SYSTEM_MODULES: Readonly<Record<string, ModuleDefinition>> = { group, hostname, modprobe, mount, service, service_facts, sysctl, systemd, systemd_service, user };
