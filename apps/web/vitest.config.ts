import { defineConfig } from 'vitest/config';
import { libAliases } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: libAliases },
  test: { name: 'web', root: import.meta.dirname, include: ['src/**/*.spec.ts', 'src/**/*.spec.tsx'], passWithNoTests: true },
});
