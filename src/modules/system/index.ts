import type { ModuleDefinition } from '../types.js';
import { authorized_key } from './authorized_key.js';
import { cron } from './cron.js';
import { group } from './group.js';
import { hostname } from './hostname.js';
import { k8s } from './k8s.js';
import { k8s_info } from './k8s_info.js';
import { known_hosts } from './known_hosts.js';
import { modprobe } from './modprobe.js';
import { mount } from './mount.js';
import { reboot } from './reboot.js';
import { service } from './service.js';
import { service_facts } from './service_facts.js';
import { sysctl } from './sysctl.js';
import { systemd, systemd_service } from './systemd_service.js';
import { user } from './user.js';

/** The system modules, by short name. */
export const SYSTEM_MODULES: Readonly<Record<string, ModuleDefinition>> = { authorized_key, cron, group, hostname, k8s, k8s_info, known_hosts, modprobe, mount, reboot, service, service_facts, sysctl, systemd, systemd_service, user };
