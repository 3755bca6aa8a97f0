import { defineConfig } from 'vitest/config';
import { libAliases } from '../vitest.shared.ts';
import { STANDALONE_SPECS } from './vitest.standalone.config.ts';

// Integration tests: the api against a real PostgreSQL (DATABASE_URL) or, without it, an embedded
// PGlite started once in global setup. Files run one at a time: they share one database. The specs
// that use no shared database are the `standalone` project (vitest.standalone.config.ts).
export default defineConfig({
  resolve: { alias: libAliases },
  test: {
    name: 'integration',
    root: import.meta.dirname,
    include: ['integration/**/*.spec.ts'],
    exclude: STANDALONE_SPECS,
    globalSetup: ['integration/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
