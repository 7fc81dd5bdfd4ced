import type { ModuleDefinition } from '../types.js';
import { apt } from './apt.js';
import { apt_key } from './apt_key.js';
import { apt_repository } from './apt_repository.js';
import { deb822_repository } from './deb822_repository.js';
import { dnf } from './dnf.js';
import { dpkg_selections } from './dpkg_selections.js';
import { PACKAGE_BACKENDS, packageModule } from './package.js';
import { package_facts } from './package_facts.js';
import { yum } from './yum.js';
import { yum_repository } from './yum_repository.js';

for (const m of [apt, dnf, yum]) PACKAGE_BACKENDS.set(m.name, m);

/** The packages modules, by short name. */
export const PACKAGES_MODULES: Readonly<Record<string, ModuleDefinition>> = { apt, apt_key, apt_repository, deb822_repository, dnf, dpkg_selections, package: packageModule, package_facts, yum, yum_repository };
