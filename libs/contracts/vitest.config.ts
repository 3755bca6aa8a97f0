import { defineConfig } from 'vitest/config';
import { libAliases } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: libAliases },
  test: { name: 'contracts', root: import.meta.dirname, include: ['src/**/*.spec.ts'], passWithNoTests: true },
});
