import { defineConfig } from 'vitest/config';

// Each project has its own vitest.config.ts; `vitest run --project <name>` picks one.
export default defineConfig({
  test: {
    projects: ['libs/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'tests/vitest.config.ts', 'tests/vitest.standalone.config.ts', 'tests/e2e/vitest.config.ts'],
  },
});
