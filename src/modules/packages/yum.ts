// ansible.builtin.yum's arguments (ansible-core 2.14), run through the yum CLI (lib/rpm-plan.ts).
import type { ModuleDefinition } from '../types.js';
import { rpmSpec, runRpm } from './lib/rpm-module.js';

export const yum: ModuleDefinition = { name: 'yum', spec: rpmSpec('yum'), run: (args, ctx) => runRpm('yum', args, ctx) };
