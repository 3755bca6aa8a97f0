import { defineConfig } from 'vitest/config';
import { libAliases } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: libAliases },
  test: {
    name: 'taxonomy',
    root: import.meta.dirname,
    include: ['src/**/*.spec.ts'],
    passWithNoTests: true,
    // the specs parse the full shipped files (up to 5 MB each): leave room on a busy machine
    testTimeout: 30_000,
  },
});
