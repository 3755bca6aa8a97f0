// Module boundaries: contracts depend on no other library and on one package, zod (the schemas); shared libs never reach into server-only code
// nor take a runtime package of the server or the browser (Nest, TypeORM, pg, React...): libs/metrics is pure functions;
// the web app never imports the api or server libs (it talks HTTP through @credpulse/contracts types); the app imports nothing from tests/.
// libs/metrics/src/module-boundaries.spec.ts proves the rules catch a violation.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Runtime packages of the server and the browser: never in a shared library.
const SERVER_AND_BROWSER_RUNTIME = [
  '@nestjs/*', 'typeorm', 'pg', 'pg-*', '@electric-sql/*', 'express', 'react', 'react-*', '@tanstack/*', 'recharts', 'd3-*',
];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.data/**', '**/coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // migrations/ are compiled with the api (the server runs them), not a library
          allow: ['../../../../migrations/index.js', '../../../../../migrations/index.js', '../../../../../migrations/1765000700000-Baseline.js'],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], allowedExternalImports: ['zod'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'], bannedExternalImports: SERVER_AND_BROWSER_RUNTIME },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared', 'scope:web'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server'] },
          ],
        },
      ],
    },
  },
  {
    // the shipped app and libraries import nothing from tests/ (benchmarks run from tests/bench/main.ts)
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'libs/**/*.ts', 'libs/**/*.tsx', 'migrations/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/tests/**'], message: 'The app imports nothing from tests/.' }] }],
    },
  },
  {
    // a migration must do tomorrow what it did when written: no application code
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**', '**/libs/**', '@credpulse/*', '**/tests/**'], message: 'A migration imports no application code: write its SQL in it.' }] },
      ],
    },
  },
];
