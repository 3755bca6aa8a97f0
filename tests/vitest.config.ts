import { defineConfig } from 'vitest/config';
import { libAliases } from '../vitest.shared.ts';
import { STANDALONE_SPECS } from './vitest.standalone.config.ts';

const isolate = process.env.TEST_INTEGRATION_ISOLATE !== '0';

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
    // TEST_INTEGRATION_ISOLATE=0: every file in one worker process, the app's modules imported once
    // (~2.8 s of CPU per file saved) instead of a fresh process per file. The files share no module
    // state that matters (no mocks, stubbed env or fake timers; the module-level caches hold shipped
    // data), but until a full run has shown it, isolation stays the default.
    isolate,
    // a group of its own: a non-isolated single-worker project cannot share one with multi-worker ones
    ...(isolate ? {} : { sequence: { groupOrder: 1 } }),
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
