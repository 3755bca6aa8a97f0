import { defineConfig } from 'vitest/config';
import { libAliases } from '../../vitest.shared.ts';

// Browser end-to-end tests: the built product on a temporary embedded database with demo data,
// driven by the machine's Chromium through playwright-core. Skipped (with a message) without Chromium.
export default defineConfig({
  resolve: { alias: libAliases },
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['**/*.spec.ts'],
    globalSetup: ['support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
