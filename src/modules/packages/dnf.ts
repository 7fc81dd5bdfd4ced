// ansible.builtin.dnf's arguments (ansible-core 2.14), run through the dnf CLI (lib/rpm-plan.ts).
import type { ModuleDefinition } from '../types.js';
import { rpmSpec, runRpm } from './lib/rpm-module.js';

export const dnf: ModuleDefinition = { name: 'dnf', spec: rpmSpec('dnf'), run: (args, ctx) => runRpm('dnf', args, ctx) };
