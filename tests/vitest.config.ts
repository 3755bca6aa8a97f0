import { defineConfig } from 'vitest/config';
import { libAliases } from '../vitest.shared.ts';

// Integration tests: the api against a real PostgreSQL (DATABASE_URL) or, without it, an embedded
// PGlite started once in global setup. Files run one at a time: they share one database.
export default defineConfig({
  resolve: { alias: libAliases },
  test: {
    name: 'integration',
    root: import.meta.dirname,
    include: ['integration/**/*.spec.ts'],
    globalSetup: ['integration/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
