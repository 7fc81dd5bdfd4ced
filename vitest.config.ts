import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // it.concurrent cases (test/compat) each start two labs and ansible-playbook: keep the machine breathing.
    maxConcurrency: 4,
  },
});
