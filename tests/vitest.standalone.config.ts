import { defineConfig } from 'vitest/config';
import { libAliases } from '../vitest.shared.ts';

// Specs under tests/integration that use no shared database: the parser fuzz (no database at all) and
// the embedded-database scenarios (each starts its own `credpulse` processes on a data directory of
// its own, DATABASE_URL unset). Kept out of the integration project so that `npm test` can run them
// beside it (scripts/test.mjs, two lanes on two cores); one file at a time, as they start processes.
export const STANDALONE_SPECS = ['integration/fuzz-parsers.spec.ts', 'integration/embedded-cli-beside-server.spec.ts', 'integration/embedded-ingest-kill.spec.ts'];

export default defineConfig({
  resolve: { alias: libAliases },
  test: {
    name: 'standalone',
    root: import.meta.dirname,
    include: STANDALONE_SPECS,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
